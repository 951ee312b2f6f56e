import DnetCommandKit
import DnetEngine

/// `ps`: Docker's container table, `--format`, `-q`, `--no-trunc`, and filters on
/// `id`, `name`, `label`, `network`, `status` and `exited`.
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

    static let filterKeys: Set<String> = ["exited", "id", "label", "name", "network", "status"]

    /// Docker's container states, as `-f status=` takes them.
    static let states: Set<String> = ["created", "restarting", "running", "removing", "paused", "exited", "dead"]

    /// The daemon's checks of `status` and `exited` values (Docker's texts); either one lists
    /// stopped containers too, as if `-a` were given.
    static func checkStateFilters(_ filters: Filters) throws -> Bool {
        for value in filters.values("status") where !states.contains(value) {
            throw CommandFailure("Unrecognised filter value for status: \(value)")
        }
        for value in filters.values("exited") where Int32(value) == nil {
            throw CommandFailure("strconv.Atoi: parsing \"\(value)\": invalid syntax")
        }
        return filters.contains("status") || filters.contains("exited")
    }

    /// The state name `-f status=` compares with.
    static func stateName(_ state: MainProcessState) -> String {
        switch state {
        case .namespaceOnly, .running: return "running"
        case .created: return "created"
        case .exited: return "exited"
        }
    }

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
        let all = try Self.checkStateFilters(filters) || flags.flag("all")
        let engine = try handle.get()
        let containers = try CommandSupport.engineCall { try engine.containers() }
        let states = Dictionary(uniqueKeysWithValues: containers.map { ($0.container.id, engine.mainProcessState($0.container)) })
        let selected = containers.filter { details in
            let container = details.container
            let state = states[container.id]!
            return (all || state.isRunning)
                && filters.match("id", container.id)
                && (filters.match("name", "/" + container.name) || filters.match("name", container.name))
                && filters.matchAny("status") { $0 == Self.stateName(state) }
                && filters.matchAny("exited") { value in
                    if case .exited(let code, _, _) = state { return Int32(value) == code }
                    return false
                }
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
