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
        return try CommandSupport.eachArgument(flags.positionals, context) { reference in
            try ContainerLifecycle.start(try engine.container(reference), engine: engine)
        }
    }
}
