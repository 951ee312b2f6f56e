import DnetCommandKit
import DnetEngine

/// `port CONTAINER [PRIVATE_PORT[/PROTO]]`: the published ports as `docker port` prints them.
struct ContainerPort: EngineCommandProtocol {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "port", usage: "CONTAINER [PRIVATE_PORT[/PROTO]]",
        summary: "List port mappings or a specific mapping for the container", arguments: .named("container"))

    func run(_ arguments: [String], _ context: CommandContext) throws -> Int32 {
        guard let flags = try CommandSupport.parse(arguments, Self.spec, path: [], context: context) else { return 0 }
        try CommandSupport.requireArguments(flags, Self.spec, path: [], min: 1, max: 2)
        let engine = try handle.get()
        let reference = flags.positionals[0]
        let mappings = try CommandSupport.engineCall {
            try engine.portMappings(of: engine.container(reference).container)
        }
        let sorted = mappings.sorted { (Self.number($0.containerPort), $0.containerPort, $0.hostIP, $0.hostPort)
            < (Self.number($1.containerPort), $1.containerPort, $1.hostIP, $1.hostPort) }
        guard flags.positionals.count == 2 else {
            for m in sorted { context.stdout.write("\(m.containerPort) -> \(Self.host(m))\n") }
            return 0
        }
        var wanted = flags.positionals[1]
        if !wanted.contains("/") { wanted += "/tcp" }
        let matching = sorted.filter { $0.containerPort == wanted }
        guard !matching.isEmpty else {
            throw CommandFailure("Error: No public port '\(wanted)' published for \(reference)")
        }
        for m in matching { context.stdout.write(Self.host(m) + "\n") }
        return 0
    }

    static func host(_ mapping: PortMappingRecord) -> String {
        "\(mapping.hostIP.isEmpty ? "0.0.0.0" : mapping.hostIP):\(mapping.hostPort)"
    }

    private static func number(_ port: String) -> Int { Int(port.split(separator: "/").first ?? "") ?? 0 }
}
