import DnetCommandKit
import DnetEngine

/// Registers dnet's engine commands: `network …`, `engine`, and the container commands
/// `run`, `rm`, `ps`, `inspect`, `exec`, `logs`, `stop`, `start`, `wait` and `port`.
public enum DnetCommands {
    public static func register(into registry: CommandRegistry, engine handle: EngineHandle) {
        let commands: [EngineCommandProtocol.Type] = [
            NetworkCommand.self, EngineCommand.self, ContainerRun.self, ContainerRemove.self,
            ContainerList.self, ContainerInspect.self, ContainerExec.self, ContainerLogs.self,
            ContainerStop.self, ContainerStart.self, ContainerWait.self, ContainerPort.self,
        ]
        for command in commands {
            registry.register(command.spec) { arguments, context in
                try command.init(handle: handle).run(arguments, context)
            }
        }
        // Names and short ids, as `docker network rm <Tab>` offers both.
        registry.registerNames("network") {
            guard let networks = try? handle.get().networks() else { return [] }
            return networks.map(\.name) + networks.map(\.shortID)
        }
        registry.registerNames("container") {
            guard let containers = try? handle.get().containers() else { return [] }
            return containers.map(\.container.name) + containers.map(\.container.shortID)
        }
    }
}

/// A top-level command that works on the engine: its declaration and how to run it.
protocol EngineCommandProtocol {
    static var spec: CommandSpec { get }
    init(handle: EngineHandle)
    func run(_ arguments: [String], _ context: CommandContext) throws -> Int32
}
