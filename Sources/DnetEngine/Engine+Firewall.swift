import DnetIPAM
import DnetKernel

/// The firewall follows the state: at the end of every transaction, the records it changed
/// (networks, containers, endpoints) are compared with what they were, and the difference
/// in `FirewallRules` elements becomes one nftables transaction, a kernel step like the
/// others (undone with them). At start the tables are checked against the whole state and
/// made anew if they differ (`firewallRewrite`).
extension Engine {
    /// Kernel steps for what `transaction` changed: published ports taken (and checked),
    /// bridges' sysctls, and the firewall's elements.
    func firewallSteps(_ transaction: StoreTransaction) throws -> [KernelStep] {
        guard settings.iptables else { return [] }
        let original = transaction.original
        var steps: [KernelStep] = []
        var before = Set<FirewallRules.Element>(), after = Set<FirewallRules.Element>()

        for id in transaction.changedIDs(NetworkRecord.self) {
            let old = try original.get(NetworkRecord.self, id), new = try transaction.get(NetworkRecord.self, id)
            if let old { before.formUnion(FirewallRules.elements(of: old, settings: settings)) }
            if let new {
                after.formUnion(FirewallRules.elements(of: new, settings: settings))
                if old == nil { steps += bridgeSysctls(new) }
            }
            switch (old.flatMap(Self.filteredBridge), new.flatMap(Self.filteredBridge)) {
            case (nil, let bridge?): steps.append(.dockerUser(DockerUserRules(accept: [bridge: mark(id)])))
            case (_?, nil): steps.append(.dockerUser(DockerUserRules(remove: [mark(id)])))
            default: break
            }
        }

        var containers = Set(transaction.changedIDs(ContainerRecord.self))
        for id in transaction.changedIDs(EndpointRecord.self) {
            for view in [original, transaction] {
                if let endpoint = try view.get(EndpointRecord.self, id) { containers.insert(endpoint.containerID) }
            }
        }
        for id in containers.sorted() {
            let old = try original.get(ContainerRecord.self, id), new = try transaction.get(ContainerRecord.self, id)
            if old == nil, let new { try mapPorts(of: new, transaction: transaction) }
            if let old, new == nil {
                for planned in PortMappingRecord.planned(for: old) { transaction.delete(PortMappingRecord.self, planned.id) }
            }
            before.formUnion(try firewallElements(of: id, in: original))
            after.formUnion(try firewallElements(of: id, in: transaction))
        }

        let adding = after.subtracting(before), removing = before.subtracting(after)
        if !adding.isEmpty || !removing.isEmpty {
            steps.append(.firewall(FirewallScript(
                commands: FirewallRules.commands(adding: adding, removing: removing),
                undoCommands: FirewallRules.commands(adding: removing, removing: adding),
                summary: "\(adding.count) added, \(removing.count) removed")))
        }
        return steps
    }

    /// The whole firewall from the state (start, `engine` settings): when dnet's tables are
    /// missing or hold other elements than the state calls for, they are made anew with
    /// every element; when they match, nothing is done (a restart on a consistent state
    /// changes nothing). Nothing at all with `--iptables=false`.
    func firewallRewrite(_ transaction: StoreTransaction, force: Bool = false) throws -> [KernelStep] {
        var steps: [KernelStep] = []
        if settings.ipForward, (try? backend.readSysctl("net.ipv4.ip_forward", in: .host)) != "1" {
            steps.append(.writeSysctl(key: "net.ipv4.ip_forward", value: "1", namespace: .host))
        }
        guard settings.iptables else { return steps }
        var elements = Set<FirewallRules.Element>()
        for network in try transaction.networks() {
            elements.formUnion(FirewallRules.elements(of: network, settings: settings))
            steps += bridgeSysctls(network).filter { step in
                guard case .writeSysctl(let key, let value, let ns) = step else { return true }
                return (try? backend.readSysctl(key, in: ns)) != value
            }
        }
        for container in try transaction.all(ContainerRecord.self) {
            elements.formUnion(try firewallElements(of: container.id, in: transaction))
        }
        // Docker's DOCKER-USER chain, where there is one: an accept pair per bridge, no others.
        let bridges = Dictionary(try transaction.networks().compactMap { network in
            Self.filteredBridge(network).map { ($0, mark(network.id)) }
        }, uniquingKeysWith: { a, _ in a })
        if let chain = try? backend.readFirewall("list chain \(DockerUserRules.chain)"),
           DockerUserRules.marks(inListing: chain, prefix: markPrefix) != Set(bridges.values) {
            steps.append(.dockerUser(DockerUserRules(accept: bridges, removeOthers: true)))
        }
        // One listing per nft run: nft 1.0.6 fails a second `list table` in one buffer.
        if !force, let listing = try? [FirewallRules.inetTable, FirewallRules.bridgeTable]
            .map({ try backend.readFirewall("list table \($0)") }).joined(separator: "\n"),
           FirewallRules.chains.allSatisfy({ listing.contains("chain \($0) {") }),
           FirewallRules.elements(inListing: listing) == elements {
            return steps
        }
        steps.append(.firewall(FirewallScript(
            commands: FirewallRules.definition + FirewallRules.commands(adding: elements, removing: []),
            undoCommands: [], summary: "dnet's tables from the state")))
        return steps
    }

    /// The bridge of a network whose traffic the firewall filters (dnet's bridge networks).
    private static func filteredBridge(_ network: NetworkRecord) -> String? {
        network.driver == NetworkDriver.bridge.rawValue ? network.bridgeName : nil
    }

    /// Localhost publishing needs `route_localnet` on the bridge (packets from 127.0.0.1,
    /// DNATed to a container, leave through it); IPv6 networks need IPv6 forwarding.
    private func bridgeSysctls(_ network: NetworkRecord) -> [KernelStep] {
        guard network.driver == NetworkDriver.bridge.rawValue, let bridge = network.bridgeName else { return [] }
        var steps: [KernelStep] = [.writeSysctl(key: "net/ipv4/conf/\(bridge)/route_localnet", value: "1", namespace: .host)]
        if network.enableIPv6 && settings.ipForward {
            steps.append(.writeSysctl(key: "net.ipv6.conf.all.forwarding", value: "1", namespace: .host))
        }
        return steps
    }

    /// Everything container `id` adds to the firewall in one view of the store.
    private func firewallElements(of id: String, in view: StoreTransaction) throws -> Set<FirewallRules.Element> {
        guard let container = try view.get(ContainerRecord.self, id) else { return [] }
        let details = try view.details(of: container)
        let mappings = try PortMappingRecord.planned(for: container).compactMap { try view.get(PortMappingRecord.self, $0.id) }
        var targets: [(link: ContainerLink, address: IPAddress, exposed: [String])] = []
        for link in container.links {
            guard let target = try view.get(ContainerRecord.self, link.containerID),
                  let address = try view.details(of: target).attachments
                    .first(where: { $0.network.isDefaultBridge })?.endpoint.ipv4?.address else { continue }
            targets.append((link, address, target.exposedPorts))
        }
        return FirewallRules.elements(of: details, mappings: mappings, linkTargets: targets, settings: settings)
    }

    /// Takes the host ports of a new container's published ports: the one asked for, after
    /// checking that no container holds it and the host can bind it; or the first free one
    /// of the range or of 32768-60999. Docker's errors name the container's endpoint.
    private func mapPorts(of container: ContainerRecord, transaction: StoreTransaction) throws {
        let planned = PortMappingRecord.planned(for: container)
        guard !planned.isEmpty else { return }
        let details = try transaction.details(of: container)
        let endpoint = details.attachments.first { $0.network.id == Engine.gatewayNetwork(details.attachments)?.id }?.endpoint
            ?? details.attachments.first?.endpoint
        // `com.docker.network.bridge.host_binding_ipv4`: the host address of bindings that name none.
        let defaultHostIP = details.attachments.first { $0.endpoint.id == endpoint?.id }?
            .network.options[BridgeOptions.hostBindingIPv4] ?? ""
        func failure(_ text: String) -> EngineError {
            .system("driver failed programming external connectivity on endpoint \(container.name) (\(endpoint?.id ?? "")): \(text)")
        }
        for (id, port, given) in planned {
            var binding = given
            if binding.hostIP.isEmpty { binding.hostIP = defaultHostIP }
            let proto = PortMappingRecord.split(port).proto
            let shownIP = binding.hostIP.isEmpty ? "0.0.0.0" : binding.hostIP
            func taken(_ hostPort: Int) throws -> Bool {
                try transaction.all(PortMappingRecord.self, indexedBy: "\(proto)/\(hostPort)").contains { other in
                    other.hostIP.isEmpty || binding.hostIP.isEmpty || other.hostIP == binding.hostIP || other.hostIP == "0.0.0.0"
                        || binding.hostIP == "0.0.0.0"
                }
            }
            let wanted = binding.hostPort.split(separator: "-").compactMap { Int($0) }
            var chosen: Int?
            if wanted.count == 1 {
                if try taken(wanted[0]) { throw failure("Bind for \(shownIP):\(wanted[0]) failed: port is already allocated") }
                if persist, let problem = PortMappingRecord.bindProblem(proto, ip: binding.hostIP, port: wanted[0]) {
                    throw failure("Error starting userland proxy: listen \(proto)4 \(shownIP):\(wanted[0]): bind: \(problem)")
                }
                chosen = wanted[0]
            } else {
                let range = wanted.count == 2 ? wanted[0]...max(wanted[0], wanted[1]) : PortMappingRecord.ephemeral
                for candidate in range where try !taken(candidate) {
                    if persist, PortMappingRecord.bindProblem(proto, ip: binding.hostIP, port: candidate) != nil { continue }
                    chosen = candidate
                    break
                }
                guard chosen != nil else {
                    throw failure("Bind for \(shownIP):\(binding.hostPort.isEmpty ? "0" : binding.hostPort) failed: no free port in \(range.lowerBound)-\(range.upperBound)")
                }
            }
            try transaction.put(PortMappingRecord(id: id, containerID: container.id, containerPort: port,
                                                  hostIP: binding.hostIP, hostPort: chosen!))
        }
    }

    /// A container's published ports as mapped: `80/tcp` → host address and port.
    public func portMappings(of container: ContainerRecord) throws -> [PortMappingRecord] {
        try transact { transaction, _ in
            try PortMappingRecord.planned(for: container).compactMap { try transaction.get(PortMappingRecord.self, $0.id) }
        }
    }
}
