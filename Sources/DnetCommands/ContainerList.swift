import DnetCommandKit
import DnetEngine

/// `ps`: Docker's container table, `--format`, `-q`, `--no-trunc`, and filters on
/// `id`, `name`, `label` and `network`.
struct ContainerList: EngineCommandProtocol {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "ps", usage: "[OPTIONS]", summary: "List containers",
        options: [
            OptionSpec(["-a", "--all"], "Show all containers (default shows just running)"),
            OptionSpec(["-f", "--filter"], value: "filter", "Filter output based on conditions provided"),
            OptionSpec(["--format"], value: "string", ListOutput.formatHelp),
            OptionSpec(["--no-trunc"], "Don't truncate output"),
            OptionSpec(["-q", "--quiet"], "Only display container IDs"),
        ])

    static let filterKeys: Set<String> = ["id", "label", "name", "network"]

    /// Docker's default `ps` formats.
    static func format(_ given: String?, quiet: Bool) -> String {
        switch given ?? "" {
        case "", "table":
            return quiet ? "{{.ID}}" : "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
        case let template:
            return template
        }
    }

    func run(_ arguments: [String], _ context: CommandContext) throws -> Int32 {
        guard let flags = try CommandSupport.parse(arguments, Self.spec, path: [], context: context) else { return 0 }
        try CommandSupport.requireArguments(flags, Self.spec, path: [], min: 0, max: 0)
        let filters = try Filters(flags.values("filter"), option: "--filter", Self.spec, path: [])
        try filters.validate(allowed: Self.filterKeys)
        let engine = try handle.get()
        let containers = try CommandSupport.engineCall { try engine.containers() }
        let states = Dictionary(uniqueKeysWithValues: containers.map { ($0.container.id, engine.mainProcessState($0.container)) })
        let selected = containers.filter { details in
            let container = details.container
            return (flags.flag("all") || states[container.id]!.isRunning)
                && filters.matchAny("id") { container.id.hasPrefix($0) }
                && filters.matchAny("name") { $0.isEmpty || container.name.contains($0) }
                && filters.matchLabels("label", container.labels)
                && filters.matchAny("network") { value in
                    details.attachments.contains { $0.network.name == value || $0.network.id.hasPrefix(value) }
                }
        }
        let rows = selected.map { ContainerViews.row($0, state: states[$0.container.id]!, truncate: !flags.flag("no-trunc")) }
        let format = Self.format(flags.value("format"), quiet: flags.flag("quiet"))
        context.stdout.write(try ListOutput.render(rows, format: format, headers: ContainerViews.headers))
        return 0
    }
}
