import DnetCommandKit
import DnetEngine

/// `stop [-t N] CONTAINER...`: SIGTERM to each main process, SIGKILL after N seconds (10);
/// an `--rm` container is then removed.
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
            let container = try engine.container(reference).container
            ContainerLifecycle.stop(container, engine: engine, timeout: timeout)
            // Docker removes an `--rm` container once it stops.
            if container.autoRemove == true { try ContainerAutoRemove.remove(container.id, engine: engine) }
        }
    }
}
