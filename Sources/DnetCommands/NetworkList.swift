import DnetCommandKit
import DnetEngine
import DnetTemplates

/// `network ls`: Docker's table, filters, `--format`, `-q`, `--no-trunc`.
public struct NetworkList {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "ls", aliases: ["list"], usage: "[OPTIONS]", summary: "List networks",
        options: [
            OptionSpec(["-f", "--filter"], value: "filter", "Provide filter values (e.g. \"driver=bridge\")"),
            OptionSpec(["--format"], value: "string", ListOutput.formatHelp),
            OptionSpec(["--no-trunc"], "Do not truncate the output"),
            OptionSpec(["-q", "--quiet"], "Only display network IDs"),
        ])

    static let path = ["network"]

    /// The filter keys the daemon accepts.
    public static let filterKeys: Set<String> = ["dangling", "driver", "id", "label", "name", "scope", "type"]

    /// Docker's `NewFormat` for networks: what `table`, `raw` and no format mean, with or without `-q`.
    static func format(_ given: String?, quiet: Bool) -> String {
        switch given ?? "" {
        case "", "table":
            return quiet ? "{{.ID}}" : "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}"
        case "raw":
            return quiet ? "network_id: {{.ID}}" : "network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n"
        case let template:
            return template
        }
    }

    func run(_ flags: ParsedFlags, _ context: CommandContext) throws -> Int32 {
        try CommandSupport.requireArguments(flags, Self.spec, path: Self.path, min: 0, max: 0)
        let filters = try Filters(flags.values("filter"), option: "--filter", Self.spec, path: Self.path)
        try filters.validate(allowed: Self.filterKeys)
        let engine = try handle.get()
        let (networks, endpoints) = try CommandSupport.engineCall { (try engine.networks(), try engine.endpointCounts()) }
        let selected = try Self.select(networks, filters, endpoints: endpoints)
            .sorted { NaturalOrder.less($0.name, $1.name) }
        let rows = selected.map { NetworkViews.row($0, truncate: !flags.flag("no-trunc")) }
        let format = Self.format(flags.value("format"), quiet: flags.flag("quiet"))
        context.stdout.write(try ListOutput.render(rows, format: format, headers: NetworkViews.headers))
        return 0
    }

    /// Docker's `FilterNetworks`: `driver`, `name`, `id`, `scope` (values of a key OR together),
    /// `label` (all must hold), then `dangling`, then `type` (the union over its values).
    public static func select(_ networks: [NetworkRecord], _ filters: Filters, endpoints: [String: Int]) throws -> [NetworkRecord] {
        var dangling: Bool?
        let danglingValues = filters.values("dangling")
        if danglingValues.count > 1 {
            throw CommandFailure("got more than one value for filter key \"dangling\"")
        }
        if let value = danglingValues.first {
            switch value {
            case "0", "false": dangling = false
            case "1", "true": dangling = true
            default:
                throw CommandFailure("invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")")
            }
        }
        let types = filters.values("type")
        if let bad = types.first(where: { $0 != "builtin" && $0 != "custom" }) {
            throw CommandFailure("invalid filter: 'type'='\(bad)'")
        }
        let matching = networks.filter { network in
            filters.matchAny("driver") { $0 == network.driver }
                && filters.matchAny("name") { $0.isEmpty || network.name.contains($0) }
                && filters.matchAny("id") { network.id.hasPrefix($0) }
                && filters.matchLabels("label", network.labels)
                && filters.matchAny("scope") { $0 == network.scope }
                // dnet's dangling: no container at all (Docker 20.10 also lists used ones).
                && dangling.map { $0 == (!network.isPredefined && (endpoints[network.id] ?? 0) == 0) } ?? true
        }
        guard !types.isEmpty else { return matching }
        return types.flatMap { type in matching.filter { $0.type == type } }
    }
}
