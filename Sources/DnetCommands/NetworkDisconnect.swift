import DnetCommandKit
import DnetEngine

/// `network disconnect [-f] NETWORK CONTAINER`: removes the container's interface on the network.
struct NetworkDisconnect {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "disconnect", usage: "[OPTIONS] NETWORK CONTAINER", summary: "Disconnect a container from a network",
        options: [OptionSpec(["-f", "--force"], "Force the container to disconnect from a network")],
        arguments: .named("network"), laterArguments: [.named("container")])

    func run(_ flags: ParsedFlags, _ context: CommandContext) throws -> Int32 {
        try CommandSupport.requireArguments(flags, Self.spec, path: ["network"], min: 2, max: 2)
        let engine = try handle.get()
        try CommandSupport.engineCall {
            try engine.disconnect(network: flags.positionals[0], container: flags.positionals[1])
        }
        return 0
    }
}
