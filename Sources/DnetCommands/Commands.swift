import DnetCommandKit
import DnetEngine

/// Registers dnet's engine commands: `network …`, `engine`, and the container commands
/// `run`, `rm`, `ps`, `inspect` and `exec`.
public enum DnetCommands {
    public static func register(into registry: CommandRegistry, engine handle: EngineHandle) {
        registry.register(NetworkCommand.spec) { arguments, context in
            try NetworkCommand(handle: handle).run(arguments, context)
        }
        registry.register(EngineCommand.spec) { arguments, context in
            try EngineCommand(handle: handle).run(arguments, context)
        }
        registry.register(ContainerRun.spec) { arguments, context in
            try ContainerRun(handle: handle).run(arguments, context)
        }
        registry.register(ContainerRemove.spec) { arguments, context in
            try ContainerRemove(handle: handle).run(arguments, context)
        }
        registry.register(ContainerList.spec) { arguments, context in
            try ContainerList(handle: handle).run(arguments, context)
        }
        registry.register(ContainerInspect.spec) { arguments, context in
            try ContainerInspect(handle: handle).run(arguments, context)
        }
        registry.register(ContainerExec.spec) { arguments, context in
            try ContainerExec(handle: handle).run(arguments, context)
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
