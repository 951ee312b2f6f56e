import DnetIPAM
import DnetKernel

extension Engine {
    /// `network connect`: adds an interface (`eth1`, …) to a container live, with Docker's
    /// checks; the default route moves to the new network when its name sorts first.
    /// `links` (`NAME[:ALIAS]`) are kept with the endpoint, as Docker keeps them; each of
    /// `linkLocalIPs` is added to the interface beside its own addresses.
    @discardableResult
    public func connect(network networkReference: String, container containerReference: String,
                        ipv4: String? = nil, ipv6: String? = nil, aliases: [String] = [],
                        links: [String] = [], linkLocalIPs: [String] = []) throws -> EndpointRecord {
        let staticIPv4 = try ipv4.map { try Self.parseStaticAddress($0, .ipv4) }
        let staticIPv6 = try ipv6.map { try Self.parseStaticAddress($0, .ipv6) }
        for link in links { try Self.checkLinkFormat(link) }
        let linkLocal = try Self.parseLinkLocalIPs(linkLocalIPs)
        return try transact { transaction, plan in
            var network = try Self.lookup(networkReference, in: transaction.networks())
            let container = try Self.lookupContainer(containerReference, in: transaction.all(ContainerRecord.self))
            guard container.ownsNamespace else {
                throw EngineError.forbidden("container sharing network namespace with another container or host cannot be connected to any other network")
            }
            let details = try transaction.details(of: container)
            if network.driver == NetworkDriver.host.rawValue {
                throw EngineError.forbidden("container cannot be disconnected from host network or connected to host network")
            }
            if details.attachments.contains(where: { $0.network.id == network.id }) {
                throw EngineError.forbidden("endpoint with name \(container.name) already exists in network \(network.name)")
            }
            let onNone = details.attachments.contains { $0.network.driver == NetworkDriver.null.rawValue }
            if onNone || (network.driver == NetworkDriver.null.rawValue && !details.attachments.isEmpty) {
                throw EngineError.forbidden("container cannot be connected to multiple networks with one of the networks in private (none) mode")
            }
            if !aliases.isEmpty && network.isPredefined {
                throw EngineError.invalid("network-scoped aliases are only supported for user-defined networks")
            }
            let used = Set(details.attachments.compactMap(\.endpoint.interfaceIndex))
            let interface = "eth\((0...).first { !used.contains($0) }!)"

            var endpoint = try newEndpoint(of: container, on: &network, interface: interface, staticIPv4: staticIPv4,
                                           staticIPv6: staticIPv6, mac: nil, aliases: aliases)
            if let v6 = linkLocal.first(where: { $0.family == .ipv6 }), !network.enableIPv6, endpoint.interfaceName != nil {
                throw EngineError.invalid("cannot add the link-local address \(v6) on network \(network.name): IPv6 is off on networks made without --ipv6")
            }
            endpoint.links = links.isEmpty ? nil : links
            endpoint.linkLocalIPs = linkLocal.isEmpty ? nil : linkLocal
            // The default route: does the new network take it over?
            let oldGateway = Self.gatewayNetwork(details.attachments)
            let takesGateway = Self.defaultGateways(network).0 != nil
                && network.driver != NetworkDriver.null.rawValue
                && (oldGateway.map { network.name < $0.name } ?? true)
            if takesGateway, let old = oldGateway,
               let oldInterface = details.attachments.first(where: { $0.network.id == old.id })?.endpoint.interfaceName {
                let (v4, v6) = Self.defaultGateways(old)
                for gateway in [v4, v6].compactMap({ $0 }) {
                    try plan.apply(.deleteRoute(.defaultRoute(via: gateway, device: oldInterface), namespace: .named(container.namespace)),
                                   undo: .addRoute(.defaultRoute(via: gateway, device: oldInterface), namespace: .named(container.namespace)))
                }
            }
            let attached = try attach(endpoint, of: container, to: network, isGateway: takesGateway, transaction: transaction, plan: plan)
            try writeNameFiles(transaction.details(of: container), transaction: transaction, plan: plan)
            return attached
        }
    }

    /// `network disconnect`: removes the container's interface on the network; when it gave
    /// the default route, the next network (by name) gives it.
    public func disconnect(network networkReference: String, container containerReference: String) throws {
        try transact { transaction, plan in
            var network = try Self.lookup(networkReference, in: transaction.networks())
            let container = try Self.lookupContainer(containerReference, in: transaction.all(ContainerRecord.self))
            let details = try transaction.details(of: container)
            if network.driver == NetworkDriver.host.rawValue {
                throw EngineError.forbidden("container cannot be disconnected from host network or connected to host network")
            }
            guard let attachment = details.attachments.first(where: { $0.network.id == network.id }) else {
                throw EngineError.forbidden("container \(container.id) is not connected to network \(network.name)")
            }
            let gateway = Self.gatewayNetwork(details.attachments)
            let wasGateway = gateway?.id == network.id
            try leave(container, endpoint: attachment.endpoint, network: &network, wasGateway: wasGateway,
                      transaction: transaction, plan: plan)
            try writeNameFiles(transaction.details(of: container), transaction: transaction, plan: plan)
            guard wasGateway else { return }
            let rest = details.attachments.filter { $0.network.id != network.id }
            if let next = Self.gatewayNetwork(rest),
               let nextInterface = rest.first(where: { $0.network.id == next.id })?.endpoint.interfaceName {
                let (v4, v6) = Self.defaultGateways(next)
                for gateway in [v4, v6].compactMap({ $0 }) {
                    try plan.apply(.addRoute(.defaultRoute(via: gateway, device: nextInterface), namespace: .named(container.namespace)))
                }
            }
        }
    }

    /// The docker CLI's `ParseLink` checks of a `NAME[:ALIAS]` value.
    static func checkLinkFormat(_ value: String) throws {
        guard !value.isEmpty else { throw EngineError.invalid("empty string specified for links") }
        if value.split(separator: ":", omittingEmptySubsequences: false).count > 2 {
            throw EngineError.invalid("bad format for links: \(value)")
        }
    }

    /// `--link-local-ip` values, each once, checked as Docker checks them (every bad one named).
    static func parseLinkLocalIPs(_ values: [String]) throws -> [IPAddress] {
        var addresses: [IPAddress] = []
        var errors: [String] = []
        for value in values {
            guard let address = IPAddress(value), address.value != 0 else {
                errors.append("invalid link-local IP address: \(value)")
                continue
            }
            if !addresses.contains(address) { addresses.append(address) }
        }
        if !errors.isEmpty { throw EngineError.invalid("invalid endpoint settings:\n" + errors.joined(separator: "\n")) }
        return addresses
    }

    static func parseStaticAddress(_ text: String, _ family: IPAddress.Family) throws -> IPAddress {
        do { return try IPAddress.parseEndpoint(text, family: family) } catch let error as IPAMError {
            throw EngineError.invalid(error.message)
        }
    }
}
