import DnetCommandKit
import DnetEngine

/// `stop [-t N] CONTAINER...`: SIGTERM to each main process, SIGKILL after N seconds (10).
struct ContainerStop: EngineCommandProtocol {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "stop", usage: "[OPTIONS] CONTAINER [CONTAINER...]", summary: "Stop one or more running containers",
        options: [OptionSpec(["-t", "--time"], value: "int", "Seconds to wait before killing the container")],
        arguments: .named("container"))

    func run(_ arguments: [String], _ context: CommandContext) throws -> Int32 {
        guard let flags = try CommandSupport.parse(arguments, Self.spec, path: [], context: context) else { return 0 }
        try CommandSupport.requireArguments(flags, Self.spec, path: [], min: 1)
        var timeout = 10
        if let text = flags.value("time") {
            guard let value = Int(text) else {
                throw CommandFailure("invalid argument \"\(text)\" for \"-t, --time\" flag: strconv.ParseInt: parsing \"\(text)\": invalid syntax", status: 125)
            }
            timeout = value
        }
        let engine = try handle.get()
        return try CommandSupport.eachArgument(flags.positionals, context) { reference in
            ContainerLifecycle.stop(try engine.container(reference).container, engine: engine, timeout: timeout)
        }
    }
}
