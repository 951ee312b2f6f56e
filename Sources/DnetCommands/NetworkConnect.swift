import DnetCommandKit
import DnetEngine

/// `network connect [--ip IP] [--ip6 IP] [--alias A]... NETWORK CONTAINER`: adds an interface live.
struct NetworkConnect {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "connect", usage: "[OPTIONS] NETWORK CONTAINER", summary: "Connect a container to a network",
        options: [
            OptionSpec(["--alias"], value: "strings", "Add network-scoped alias for the container"),
            OptionSpec(["--ip"], value: "string", "IPv4 address (e.g., \"172.30.100.104\")"),
            OptionSpec(["--ip6"], value: "string", "IPv6 address (e.g., \"2001:db8::33\")"),
        ],
        arguments: .named("network"))

    func run(_ flags: ParsedFlags, _ context: CommandContext) throws -> Int32 {
        try CommandSupport.requireArguments(flags, Self.spec, path: ["network"], min: 2, max: 2)
        let engine = try handle.get()
        let aliases = flags.values("alias").flatMap { $0.split(separator: ",").map(String.init) }
        _ = try CommandSupport.engineCall {
            try engine.connect(network: flags.positionals[0], container: flags.positionals[1],
                               ipv4: flags.value("ip"), ipv6: flags.value("ip6"), aliases: aliases)
        }
        return 0
    }
}
