import DnetCommandKit
import DnetEngine

/// Registers dnet's engine commands: `network …` and `engine`.
public enum DnetCommands {
    public static func register(into registry: CommandRegistry, engine handle: EngineHandle) {
        registry.register(NetworkCommand.spec) { arguments, context in
            try NetworkCommand(handle: handle).run(arguments, context)
        }
        registry.register(EngineCommand.spec) { arguments, context in
            try EngineCommand(handle: handle).run(arguments, context)
        }
        // Names and short ids, as `docker network rm <Tab>` offers both.
        registry.registerNames("network") {
            guard let networks = try? handle.get().networks() else { return [] }
            return networks.map(\.name) + networks.map(\.shortID)
        }
    }
}
