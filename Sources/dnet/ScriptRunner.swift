import Glibc
import DnetLanguage

/// Runs a `.dnet` file: the whole file is parsed before anything runs.
struct ScriptRunner {
    let session: Session
    let path: String

    func run() -> Int32 {
        guard let bytes = readFile(path) else {
            session.reportUsage("cannot read \(path): \(String(cString: strerror(errno)))")
            return 2
        }
        // A script named without a folder sources relative to the current one (and names
        // what it sources without a "./").
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : nil
        do {
            let source = try Source(name: path, bytes: bytes, directory: directory.map { $0.isEmpty ? "/" : $0 })
            return session.execute(source).stopStatus ?? 0
        } catch let diagnostic as Diagnostic {
            session.report(diagnostic)
            return 2
        } catch {
            return 2
        }
    }
}

func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 { bytes.append(contentsOf: chunk[0..<n]) } else if n < 0 && errno == EINTR { continue } else if n < 0 { return nil } else { break }
    }
    return bytes
}
