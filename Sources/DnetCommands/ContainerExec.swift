import Foundation
import DnetCommandKit
import DnetEngine

/// `exec [-e K=V]... CONTAINER CMD [ARG...]`: runs a program directly (no shell) inside the
/// container's network namespace; its exit status is the command's.
struct ContainerExec: EngineCommandProtocol {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "exec", usage: "[OPTIONS] CONTAINER COMMAND [ARG...]", summary: "Execute a command in a running container",
        options: [
            OptionSpec(["-e", "--env"], value: "list", "Set environment variables"),
            // The program always shares dnet's own stdin and terminal: accepted for Docker's `exec -it`.
            OptionSpec(["-i", "--interactive"], "Keep STDIN open even if not attached"),
            OptionSpec(["-t", "--tty"], "Allocate a pseudo-TTY"),
        ],
        arguments: .named("container"))

    func run(_ arguments: [String], _ context: CommandContext) throws -> Int32 {
        // Options end at the container name: what follows is the program's own argv.
        var split = 0
        while split < arguments.count, arguments[split].hasPrefix("-"), arguments[split] != "-" {
            let word = arguments[split]
            split += Self.takesNextWord(word) ? 2 : 1
            if word == "--" { break }
        }
        split = min(split, arguments.count)
        guard var flags = try CommandSupport.parse(Array(arguments[..<split]), Self.spec, path: [], context: context) else {
            return 0
        }
        let rest = Array(arguments[split...])
        flags.positionals = rest
        try CommandSupport.requireArguments(flags, Self.spec, path: [], min: 2)
        let engine = try handle.get()
        let details = try CommandSupport.engineCall { try engine.container(rest[0]) }
        let path = ContainerViews.namespacePath(details.container)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CommandFailure("cannot enter the network namespace of \(details.container.name) (\(path)): \(String(cString: strerror(errno)))", status: 126)
        }
        defer { close(fd) }
        // Its host name; a container made before dnet kept one has none.
        let uts = open(engine.utsNamespacePath(details.container), O_RDONLY | O_CLOEXEC)
        defer { if uts >= 0 { close(uts) } }
        var environment: [String: String]?
        let extra = CommandSupport.keyValues(flags.values("env"))
        if !extra.isEmpty {
            environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        }
        // Its name files over /etc, as `ip netns exec` binds them.
        let binds = engine.nameFilesRoot.map { root in
            ["hosts", "resolv.conf"].map { (source: "\(root)/\(details.container.namespace)/\($0)", target: "/etc/\($0)") }
                .filter { FileManager.default.fileExists(atPath: $0.source) && FileManager.default.fileExists(atPath: $0.target) }
        } ?? []
        return try ProcessRunner.run(Array(rest.dropFirst()), name: "exec", context: context, environment: environment,
                                     namespaces: ProcessRunner.Namespaces(net: fd, uts: uts >= 0 ? uts : nil, binds: binds))
    }

    /// Whether an option word takes the next word as its value: `--env`, or a group of short
    /// flags ending in `e` (`-e`, `-ie`), where `-eK=V` carries its value itself.
    static func takesNextWord(_ word: String) -> Bool {
        if word.hasPrefix("--") { return word == "--env" }
        let letters = word.dropFirst()
        guard let e = letters.firstIndex(of: "e"), letters[..<e].allSatisfy({ $0 == "i" || $0 == "t" }) else { return false }
        return letters.index(after: e) == letters.endIndex
    }
}
