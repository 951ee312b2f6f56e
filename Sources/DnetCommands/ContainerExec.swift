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
        // After the container comes the program's own argv.
        arguments: .named("container"), laterArguments: [.none])

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
        // Docker's text: a container whose main process ended (or never ran) runs nothing.
        if !engine.mainProcessState(details.container).isRunning {
            throw CommandFailure("container \(details.container.id) is not running")
        }
        let entry = try ContainerEntry(details, engine: engine)
        defer { entry.close() }
        var environment: [String: String]?
        let extra = CommandSupport.keyValues(flags.values("env"))
        if !extra.isEmpty {
            environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        }
        return try ProcessRunner.run(Array(rest.dropFirst()), name: "exec", context: context, environment: environment,
                                     namespaces: entry.namespaces)
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
