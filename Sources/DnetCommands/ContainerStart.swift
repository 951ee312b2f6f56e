import DnetCommandKit
import DnetEngine

/// `start CONTAINER...`: runs each container's main process again (its addresses are kept).
struct ContainerStart: EngineCommandProtocol {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "start", usage: "CONTAINER [CONTAINER...]", summary: "Start one or more stopped containers",
        arguments: .named("container"))

    func run(_ arguments: [String], _ context: CommandContext) throws -> Int32 {
        guard let flags = try CommandSupport.parse(arguments, Self.spec, path: [], context: context) else { return 0 }
        try CommandSupport.requireArguments(flags, Self.spec, path: [], min: 1)
        let engine = try handle.get()
        var failures: [String] = []
        for reference in flags.positionals {
            do {
                let details = try CommandSupport.engineCall { try engine.container(reference) }
                try ContainerLifecycle.start(details, engine: engine)
                context.stdout.write(reference + "\n")
            } catch let failure as CommandFailure {
                failures.append(failure.message)
            }
        }
        if !failures.isEmpty { throw CommandFailure(failures.joined(separator: "\n")) }
        return 0
    }
}
