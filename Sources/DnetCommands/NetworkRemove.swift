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
        // -f forgives a missing network only: an ambiguous or predefined one still fails.
        let force = flags.flag("force")
        return try CommandSupport.eachArgument(flags.positionals, context,
                                               forgive: { force && $0.kind == .notFound ? .skip : .fail }) { reference in
            try engine.removeNetwork(reference)
        }
    }
}
