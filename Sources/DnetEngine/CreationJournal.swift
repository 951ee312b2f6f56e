import Foundation

/// The namespaces a command is creating, written down before the kernel makes them and
/// struck off once the command has committed or been undone: an empty file per name in
/// `<data root>/creating/`. A process killed in between (`kill -9`, a crash) leaves its
/// entries behind, and the next start removes what they name that the state does not
/// account for (namespace, UTS namespace, name files, and with the namespace its veths),
/// where a namespace alone carries no mark to tell it from one the user made.
struct CreationJournal {
    let directory: String

    init(dataRoot: String) { directory = dataRoot + "/creating" }

    /// Writes `name` down; an entry that is already there (a crashed command's) stays one.
    func record(_ name: String) throws {
        var fd = open(directory + "/" + name, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 && errno == ENOENT {
            mkdir(directory, 0o700)
            fd = open(directory + "/" + name, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        }
        guard fd >= 0 else {
            throw EngineError.system("cannot write \(directory)/\(name): \(String(cString: strerror(errno)))")
        }
        close(fd)
    }

    func strike(_ names: [String]) {
        for name in names { unlink(directory + "/" + name) }
    }

    /// The names written down and not struck off.
    func entries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }
}
