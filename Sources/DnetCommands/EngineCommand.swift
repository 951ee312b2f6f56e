import DnetCommandKit
import DnetEngine

/// `engine [FLAGS]`: prints the engine's settings, or changes them at run time.
struct EngineCommand: EngineCommandProtocol {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "engine", usage: "[OPTIONS]",
        summary: "Show the engine's settings (as daemon.json holds them), or change them",
        options: EngineFlags.options)

    func run(_ arguments: [String], _ context: CommandContext) throws -> Int32 {
        guard let flags = try CommandSupport.parse(arguments, Self.spec, path: [], context: context) else { return 0 }
        try CommandSupport.requireArguments(flags, Self.spec, path: [], min: 0, max: 0)
        let engine = try handle.get()
        if arguments.isEmpty {
            context.stdout.write(engine.settings.configDocument)
            return 0
        }
        var settings = engine.settings
        try EngineFlags.apply(flags, to: &settings)
        try CommandSupport.engineCall { try engine.update(settings: settings) }
        return 0
    }
}
