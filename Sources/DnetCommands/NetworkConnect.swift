import DnetCommandKit
import DnetEngine

/// `network connect [--ip IP] [--ip6 IP] [--alias A]... [--link C[:A]]... [--link-local-ip IP]...
/// NETWORK CONTAINER`: adds an interface live.
struct NetworkConnect {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "connect", usage: "[OPTIONS] NETWORK CONTAINER", summary: "Connect a container to a network",
        options: [
            OptionSpec(["--alias"], value: "strings", "Add network-scoped alias for the container"),
            OptionSpec(["--ip"], value: "string", "IPv4 address (e.g., \"172.30.100.104\")"),
            OptionSpec(["--ip6"], value: "string", "IPv6 address (e.g., \"2001:db8::33\")"),
            OptionSpec(["--link"], value: "list", "Add link to another container", completes: .named("container")),
            OptionSpec(["--link-local-ip"], value: "strings", "Add a link-local address for the container"),
        ],
        arguments: .named("network"), laterArguments: [.named("container")])

    func run(_ flags: ParsedFlags, _ context: CommandContext) throws -> Int32 {
        try CommandSupport.requireArguments(flags, Self.spec, path: ["network"], min: 2, max: 2)
        let engine = try handle.get()
        let aliases = flags.values("alias").flatMap { $0.split(separator: ",").map(String.init) }
        // pflag's string slices split at commas; `--link` is a list and does not.
        let linkLocal = flags.values("link-local-ip").flatMap { $0.split(separator: ",").map(String.init) }
        _ = try CommandSupport.engineCall {
            try engine.connect(network: flags.positionals[0], container: flags.positionals[1],
                               ipv4: flags.value("ip"), ipv6: flags.value("ip6"), aliases: aliases,
                               links: flags.values("link"), linkLocalIPs: linkLocal)
        }
        return 0
    }
}
