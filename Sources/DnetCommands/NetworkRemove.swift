import DnetCommandKit
import DnetEngine

/// `network rm NETWORK...`: each argument as given is printed once removed; one failure
/// does not stop the others, and the command fails at the end with every error, one a line.
struct NetworkRemove {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "rm", aliases: ["remove"], usage: "NETWORK [NETWORK...]", summary: "Remove one or more networks",
        options: [OptionSpec(["-f", "--force"], "Do not error if the network does not exist")],
        arguments: .named("network"))

    func run(_ flags: ParsedFlags, _ context: CommandContext) throws -> Int32 {
        try CommandSupport.requireArguments(flags, Self.spec, path: ["network"], min: 1)
        let engine = try handle.get()
        var failures: [String] = []
        for reference in flags.positionals {
            do {
                try engine.removeNetwork(reference)
                context.stdout.write(reference + "\n")
            } catch let error as EngineError {
                // -f forgives a missing network only: an ambiguous or predefined one still fails.
                if flags.flag("force") && error.kind == .notFound { continue }
                failures.append(error.message)
            }
        }
        if !failures.isEmpty { throw CommandFailure(failures.joined(separator: "\n")) }
        return 0
    }
}
