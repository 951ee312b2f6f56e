import DnetCommands
import DnetEngine
import DnetTemplates

/// `GET /containers/json` and `GET /containers/{id}/json` for dnet's containers, so that
/// `docker ps`, `docker inspect` and `docker network connect` see them.
struct ContainerAPI {
    let executor: EngineExecutor

    func register(into router: inout APIRouter) {
        router.add("GET", "/containers/json") { request, _ in try list(request) }
        router.add("GET", "/containers/*/json") { _, captures in try inspect(captures[0]) }
    }

    /// The filter keys `ps` knows, as its local command does.
    static let filterKeys: Set<String> = ["id", "label", "name", "network"]

    func list(_ request: HTTPRequest) throws -> HTTPResponse {
        let all = ["1", "true", "True"].contains(request.query["all"] ?? "")
        let filters = try FilterQuery.filters(request.query["filters"])
        try filters.validate(allowed: Self.filterKeys)
        var limit: Int?
        if let text = request.query["limit"], !text.isEmpty {
            guard let value = Int(text) else { throw APIError.badRequest("invalid value for limit: \(text)") }
            limit = value > 0 ? value : nil
        }
        let rows = try executor.run { engine -> [TemplateValue] in
            // Docker lists the newest first.
            try engine.containers().sorted { $0.container.created > $1.container.created }.compactMap { details -> TemplateValue? in
                let container = details.container
                let state = engine.mainProcessState(container)
                let selected = (all || state.isRunning)
                    && filters.matchAny("id") { container.id.hasPrefix($0) }
                    && filters.matchAny("name") { $0.isEmpty || container.name.contains($0) }
                    && filters.matchLabels("label", container.labels)
                    && filters.matchAny("network") { value in
                        details.attachments.contains { $0.network.name == value || $0.network.id.hasPrefix(value) }
                    }
                return selected ? Self.summary(details, state: state, image: ContainerImages.name(of: container, engine: engine)) : nil
            }
        }
        return try APIJSON.response(200, .list(Array(rows.prefix(limit ?? rows.count))))
    }

    func inspect(_ reference: String) throws -> HTTPResponse {
        let value = try executor.run { engine -> TemplateValue in
            let details = try engine.container(reference)
            return ContainerImages.inspect(ContainerViews.inspect(details, state: engine.mainProcessState(details.container)),
                                           image: ContainerImages.name(of: details.container, engine: engine))
        }
        return try APIJSON.response(200, value)
    }

    /// Docker's `types.Container` (the list entry), with the `ps` row's status texts.
    static func summary(_ details: ContainerDetails, state: MainProcessState, image: String) -> TemplateValue {
        let container = details.container
        let row = ContainerViews.row(details, state: state, truncate: false)
        func rowString(_ name: String) -> TemplateValue {
            guard case .object(let object) = row, let value = object.field(name) else { return .string("") }
            return value
        }
        let networks = ContainerViews.networkSettings(details)
        var networksField: TemplateValue = .map(TemplateMap([:]))
        if case .structure(let settings) = networks, let value = settings.field("Networks") { networksField = value }
        return .fields([
            ("Id", .string(container.id)),
            ("Names", .strings(["/" + container.name])),
            ("Image", .string(image)),
            ("ImageID", .string("")),
            ("Command", .string((container.command ?? []).joined(separator: " "))),
            ("Created", .int(Int(container.created / 1_000_000_000))),
            ("Ports", .list([])),
            ("Labels", .stringMap(container.labels)),
            ("State", rowString("State")),
            ("Status", rowString("Status")),
            ("HostConfig", .fields([("NetworkMode", .string(container.networkMode))])),
            ("NetworkSettings", .fields([("Networks", networksField)])),
            ("Mounts", .list([])),
        ])
    }
}
