import DnetCommandKit
import DnetEngine

/// `network connect|create|disconnect|inspect|ls|prune|rm`: Docker's `docker network` family.
struct NetworkCommand: EngineCommandProtocol {
    let handle: EngineHandle

    /// Subcommands in the docker CLI's (alphabetical) order.
    static let spec = CommandSpec(
        name: "network", usage: "COMMAND", summary: "Manage networks",
        subcommands: [NetworkConnect.spec, NetworkCreate.spec, NetworkDisconnect.spec, NetworkInspect.spec, NetworkList.spec,
                      NetworkPrune.spec, NetworkRemove.spec])

    func run(_ arguments: [String], _ context: CommandContext) throws -> Int32 {
        guard let first = arguments.first, first != "--help", first != "-h" else {
            context.stdout.write(Self.spec.helpText(path: []))
            return 0
        }
        guard let sub = Self.spec.subcommand(first) else {
            // cobra: the usage line of `docker network` is the bare command path.
            if first.hasPrefix("-") {
                let problem = first.hasPrefix("--")
                    ? "unknown flag: \(first.prefix { $0 != "=" })"
                    : "unknown shorthand flag: '\(first.dropFirst().prefix(1))' in \(first)"
                throw CommandFailure("\(problem)\n\nUsage:  network\n\nRun 'network --help' for more information", status: 125)
            }
            throw CommandFailure("unknown command: network \(first)\n\nUsage:  network\n\nRun 'network --help' for more information")
        }
        let path = ["network"]
        guard let flags = try CommandSupport.parse(Array(arguments.dropFirst()), sub, path: path, context: context) else {
            return 0
        }
        switch sub.name {
        case NetworkList.spec.name: return try NetworkList(handle: handle).run(flags, context)
        case NetworkCreate.spec.name: return try NetworkCreate(handle: handle).run(flags, context)
        case NetworkRemove.spec.name: return try NetworkRemove(handle: handle).run(flags, context)
        case NetworkInspect.spec.name: return try NetworkInspect(handle: handle).run(flags, context)
        case NetworkConnect.spec.name: return try NetworkConnect(handle: handle).run(flags, context)
        case NetworkDisconnect.spec.name: return try NetworkDisconnect(handle: handle).run(flags, context)
        default: return try NetworkPrune(handle: handle).run(flags, context)
        }
    }
}
