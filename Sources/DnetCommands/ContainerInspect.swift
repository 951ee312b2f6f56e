import DnetCommandKit
import DnetEngine
import DnetTemplates

/// `inspect NAME|ID...`: Docker's JSON array, or a template per object. As `docker inspect`
/// does, a reference is looked up among containers, then networks (`--type` picks one);
/// references that match nothing are reported after what was found (`No such object: X`).
struct ContainerInspect: EngineCommandProtocol {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "inspect", usage: "[OPTIONS] NAME|ID [NAME|ID...]", summary: "Return low-level information on containers and networks",
        options: [
            OptionSpec(["-f", "--format"], value: "string", ListOutput.inspectFormatHelp),
            OptionSpec(["--type"], value: "string", "Only inspect objects of the given type (container or network)"),
        ],
        arguments: .named("container"))

    func run(_ arguments: [String], _ context: CommandContext) throws -> Int32 {
        guard let flags = try CommandSupport.parse(arguments, Self.spec, path: [], context: context) else { return 0 }
        try CommandSupport.requireArguments(flags, Self.spec, path: [], min: 1)
        let type = flags.value("type") ?? ""
        guard ["", "container", "network"].contains(type) else {
            throw CommandFailure("\"\(type)\" is not a valid value for --type")
        }
        let format = flags.value("format") ?? ""
        do { _ = try DockerInspect.render([], format: format) } catch let error as DockerTemplateError {
            throw CommandFailure(error.description, status: 64)
        }
        let engine = try handle.get()
        let (networks, containers) = try CommandSupport.engineCall { (try engine.networks(), try engine.containers()) }
        var found: [TemplateValue] = [], failures: [String] = []
        for reference in flags.positionals {
            if type != "network" {
                do {
                    let details = try engine.container(reference)
                    found.append(ContainerViews.inspect(details, state: engine.mainProcessState(details.container)))
                    continue
                } catch let error as EngineError where error.kind != .notFound {
                    failures.append(error.message)
                    continue
                } catch is EngineError {}
            }
            if type != "container", case .found(let network) = Engine.resolve(reference, in: networks) {
                found.append(NetworkViews.inspect(network, containers: ContainerViews.networkContainers(network, in: containers)))
                continue
            }
            failures.append("No such object: \(reference)")
        }
        try ListOutput.inspect(found, format: format, failures: failures, to: context.stdout)
        return 0
    }
}
