import Foundation
import DnetCommands
import DnetEngine
import DnetTemplates

/// The Engine API's `/networks` routes, on the engine thread, with the local commands' views
/// (`NetworkViews`), filters and texts.
struct NetworkAPI {
    let executor: EngineExecutor
    let cache = NetworkJSONCache()

    func register(into router: inout APIRouter) {
        router.add("GET", "/networks") { request, _ in try list(request) }
        router.add("POST", "/networks/create") { request, _ in try create(request) }
        router.add("POST", "/networks/prune") { request, _ in try prune(request) }
        router.add("GET", "/networks/*") { request, captures in try inspect(request, captures[0]) }
        router.add("DELETE", "/networks/*") { _, captures in try remove(captures[0]) }
        router.add("POST", "/networks/*/connect") { request, captures in try connect(request, captures[0]) }
        router.add("POST", "/networks/*/disconnect") { request, captures in try disconnect(request, captures[0]) }
    }

    /// `GET /networks`: Docker lists networks without their containers.
    func list(_ request: HTTPRequest) throws -> HTTPResponse {
        let filters = try FilterQuery.filters(request.query["filters"])
        try filters.validate(allowed: NetworkList.filterKeys)
        let json = try executor.run { [cache] engine -> String in
            let (all, endpoints) = (try engine.networks(), try engine.endpointCounts())
            return try cache.listJSON(NetworkList.select(all, filters, endpoints: endpoints), all: all)
        }
        return .json(200, json)
    }

    /// `GET /networks/{id}`: `scope` other than local finds nothing, as dnet's networks are
    /// all local; `verbose` adds nothing (no swarm services).
    func inspect(_ request: HTTPRequest, _ reference: String) throws -> HTTPResponse {
        let scope = request.query["scope"] ?? ""
        if let verbose = request.query["verbose"], !["", "0", "1", "true", "false"].contains(verbose.lowercased()) {
            throw APIError.badRequest("invalid value for verbose: \(verbose)")
        }
        let value = try executor.run { engine -> TemplateValue in
            let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
            let networks = try engine.networks()
            switch Engine.resolve(reference, in: networks) {
            case .found(let network) where scope.isEmpty || scope == network.scope:
                return NetworkViews.inspect(network, containers: ContainerViews.networkContainers(network, in: try engine.containers()))
            case .found, .notFound: throw EngineError.notFound("network \(trimmed) not found")
            case .empty: throw EngineError.invalid("invalid network name or ID: value is empty")
            case .ambiguous(let count):
                // The texts of `network inspect` (Docker's inspect route).
                throw EngineError.invalid("\(count) matches found based on ID prefix: network \(trimmed) is ambiguous")
            }
        }
        return try APIJSON.response(200, value)
    }

    /// `POST /networks/create`: Docker's `NetworkCreateRequest` into the engine's request.
    func create(_ request: HTTPRequest) throws -> HTTPResponse {
        let body = try JSONFields(try JSONValue.parse(request.body), typeName: "types.NetworkCreateRequest", allowed: [
            "Name", "CheckDuplicate", "Driver", "Scope", "EnableIPv4", "EnableIPv6", "IPAM", "Internal",
            "Attachable", "Ingress", "ConfigOnly", "ConfigFrom", "Options", "Labels",
        ])
        // An empty name gets the engine's own text.
        let name = try body.string("Name") ?? ""
        _ = try body.bool("CheckDuplicate")
        if try body.bool("EnableIPv4") == false {
            throw APIError.badRequest("dnet's networks always have IPv4: EnableIPv4=false is not supported")
        }
        var create = NetworkCreateRequest(name: name)
        if let driver = try body.nonEmptyString("Driver") { create.driver = driver }
        if let scope = try body.nonEmptyString("Scope") { create.scope = scope }
        create.enableIPv6 = try body.bool("EnableIPv6") ?? false
        create.isInternal = try body.bool("Internal") ?? false
        create.isAttachable = try body.bool("Attachable") ?? false
        create.isIngress = try body.bool("Ingress") ?? false
        create.isConfigOnly = try body.bool("ConfigOnly") ?? false
        if let from = try body.object("ConfigFrom", typeName: "network.ConfigReference", allowed: ["Network"]),
           let network = try from.nonEmptyString("Network") {
            create.configFrom = network
        }
        create.options = try body.stringMap("Options") ?? [:]
        create.labels = try body.stringMap("Labels") ?? [:]
        if let ipam = try body.object("IPAM", typeName: "network.IPAM", allowed: ["Driver", "Config", "Options"]) {
            if let driver = try ipam.nonEmptyString("Driver") { create.ipamDriver = driver }
            create.ipamOptions = try ipam.stringMap("Options") ?? [:]
            for entry in try ipam.array("Config", elementType: "network.IPAMConfig") ?? [] {
                let config = try JSONFields(entry, typeName: "network.IPAMConfig",
                                            allowed: ["Subnet", "IPRange", "Gateway", "AuxiliaryAddresses", "AuxAddress"])
                if let subnet = try config.nonEmptyString("Subnet") { create.subnets.append(subnet) }
                if let range = try config.nonEmptyString("IPRange") { create.ipRanges.append(range) }
                if let gateway = try config.nonEmptyString("Gateway") { create.gateways.append(gateway) }
                let aux = try config.stringMap("AuxiliaryAddresses") ?? config.stringMap("AuxAddress") ?? [:]
                create.auxAddresses += aux.keys.sorted().map { "\($0)=\(aux[$0]!)" }
            }
        }
        let request = create
        let network = try executor.run { engine in try engine.createNetwork(request) }
        return try APIJSON.response(201, .fields([("Id", .string(network.id)), ("Warning", .string(""))]))
    }

    /// `DELETE /networks/{id}`.
    func remove(_ reference: String) throws -> HTTPResponse {
        _ = try executor.run { engine in try engine.removeNetwork(reference) }
        return HTTPResponse(status: 204)
    }

    /// `POST /networks/{id}/connect`: `EndpointConfig` gives the static addresses and aliases.
    func connect(_ request: HTTPRequest, _ reference: String) throws -> HTTPResponse {
        let body = try JSONFields(try JSONValue.parse(request.body), typeName: "types.NetworkConnect",
                                  allowed: ["Container", "EndpointConfig"])
        let container = try body.string("Container") ?? ""
        var ipv4: String?, ipv6: String?, aliases: [String] = []
        if let endpoint = try body.object("EndpointConfig", typeName: "network.EndpointSettings", allowed: [
            "IPAMConfig", "Links", "Aliases", "MacAddress", "DriverOpts", "GwPriority", "NetworkID", "EndpointID",
            "Gateway", "IPAddress", "IPPrefixLen", "IPv6Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen", "DNSNames",
        ]) {
            if let ipam = try endpoint.object("IPAMConfig", typeName: "network.EndpointIPAMConfig",
                                              allowed: ["IPv4Address", "IPv6Address", "LinkLocalIPs"]) {
                ipv4 = try ipam.string("IPv4Address").flatMap { $0.isEmpty ? nil : $0 }
                ipv6 = try ipam.string("IPv6Address").flatMap { $0.isEmpty ? nil : $0 }
                if let local = try ipam.stringList("LinkLocalIPs"), !local.isEmpty {
                    throw APIError.badRequest("dnet does not support link-local addresses (LinkLocalIPs)")
                }
            }
            aliases = try endpoint.stringList("Aliases") ?? []
            if let links = try endpoint.stringList("Links"), !links.isEmpty {
                throw APIError.badRequest("dnet does not support --link on network connect yet")
            }
            if let mac = try endpoint.nonEmptyString("MacAddress") {
                throw APIError.badRequest("dnet does not support --mac-address on network connect")
            }
            if let options = try endpoint.stringMap("DriverOpts"), !options.isEmpty {
                throw APIError.badRequest("dnet does not support driver options on network connect (--driver-opt)")
            }
            _ = try endpoint.int("GwPriority")
            _ = try endpoint.int("IPPrefixLen")
            _ = try endpoint.int("GlobalIPv6PrefixLen")
            for field in ["NetworkID", "EndpointID", "Gateway", "IPAddress", "IPv6Gateway", "GlobalIPv6Address"] {
                _ = try endpoint.string(field)
            }
            _ = try endpoint.stringList("DNSNames")
        }
        let (v4, v6, names) = (ipv4, ipv6, aliases)
        _ = try executor.run { engine in
            try engine.connect(network: reference, container: container, ipv4: v4, ipv6: v6, aliases: names)
        }
        return HTTPResponse(status: 200)
    }

    /// `POST /networks/{id}/disconnect`.
    func disconnect(_ request: HTTPRequest, _ reference: String) throws -> HTTPResponse {
        let body = try JSONFields(try JSONValue.parse(request.body), typeName: "types.NetworkDisconnect",
                                  allowed: ["Container", "Force"])
        let container = try body.string("Container") ?? ""
        _ = try body.bool("Force")
        try executor.run { engine in try engine.disconnect(network: reference, container: container) }
        return HTTPResponse(status: 200)
    }

    /// `POST /networks/prune`: the names of the removed networks.
    func prune(_ request: HTTPRequest) throws -> HTTPResponse {
        let filters = try PruneFilters(try FilterQuery.filters(request.query["filters"]))
        let removed = try executor.run { engine in try engine.pruneNetworks(where: filters.matches) }
        let names: TemplateValue = removed.isEmpty ? .null(.slice) : .strings(removed.map(\.name))
        return try APIJSON.response(200, .fields([("NetworksDeleted", names)]))
    }
}
