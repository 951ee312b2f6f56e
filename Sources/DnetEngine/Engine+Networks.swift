import Foundation
import DnetIPAM
import DnetKernel

extension Engine {
    /// Every network, sorted by name (as `network ls` prints them).
    public func networks() throws -> [NetworkRecord] {
        try transact { transaction, _ in try transaction.networks() }
            .sorted { $0.name < $1.name }
    }

    /// The network named by `reference`: its full id, its name, or a unique id prefix (in
    /// that order, as Docker looks them up).
    public func network(_ reference: String) throws -> NetworkRecord {
        try transact { transaction, _ in try Self.lookup(reference, in: transaction.networks()) }
    }

    /// What a network reference resolves to.
    public enum Resolution: Equatable {
        case found(NetworkRecord)
        /// Several networks have ids that start with the reference.
        case ambiguous(matches: Int)
        case notFound
        /// The reference is empty (or only whitespace).
        case empty
    }

    /// Resolves `reference` among `networks` by Docker's rules: an exact id wins, then an
    /// exact name, then an id prefix that only one network has. Surrounding whitespace is
    /// ignored, as the docker client trims it.
    public static func resolve(_ reference: String, in networks: [NetworkRecord]) -> Resolution {
        let term = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        if term.isEmpty { return .empty }
        if let exact = networks.first(where: { $0.id == term }) { return .found(exact) }
        if let named = networks.first(where: { $0.name == term }) { return .found(named) }
        let prefixed = networks.filter { $0.id.hasPrefix(term) }
        switch prefixed.count {
        case 0: return .notFound
        case 1: return .found(prefixed[0])
        default: return .ambiguous(matches: prefixed.count)
        }
    }

    /// `resolve` with the texts of Docker's daemon for `network rm` and the other commands
    /// that name one network.
    static func lookup(_ reference: String, in networks: [NetworkRecord]) throws -> NetworkRecord {
        switch resolve(reference, in: networks) {
        case .found(let network): return network
        case .ambiguous(let count):
            throw EngineError.invalid("network \(reference.trimmingCharacters(in: .whitespacesAndNewlines)) is ambiguous (\(count) matches found based on ID prefix)")
        case .notFound:
            throw EngineError.notFound("network \(reference.trimmingCharacters(in: .whitespacesAndNewlines)) not found")
        case .empty: throw EngineError.invalid("invalid network name or ID: value is empty")
        }
    }

    /// `network create`: checks the request as Docker does, allocates subnets, creates the
    /// kernel side (a bridge with its gateway addresses), and stores the network.
    ///
    /// The checks come in Docker's order, so that a request with two faults gets Docker's
    /// error: the docker client's IPAM checks, the name, the daemon's IPAM parsing, the driver,
    /// the address pools, then the driver's own checks of its options.
    @discardableResult
    public func createNetwork(_ request: NetworkCreateRequest) throws -> NetworkRecord {
        var ipamRequest: IPAMRequest?
        var daemonIPAMError: EngineError?
        do {
            ipamRequest = try IPAMRequest(subnets: request.subnets, ipRanges: request.ipRanges,
                                          gateways: request.gateways, auxAddresses: request.auxAddresses)
        } catch let error as IPAMError {
            guard error.origin == .daemon else { throw EngineError.invalid(error.message) }
            daemonIPAMError = EngineError.invalid(error.message)
        }
        guard NetworkName.isValid(request.name) else {
            throw EngineError.invalid("invalid network name \"\(request.name)\": names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*")
        }
        try ensureStarted()

        return try transact { transaction, plan in
            let networks = try transaction.networks()
            if let predefined = networks.first(where: { $0.isPredefined && $0.name == request.name }) {
                throw EngineError.forbidden("operation is not permitted on predefined \(predefined.name) network")
            }
            if networks.contains(where: { $0.name == request.name }) {
                throw EngineError.conflict("network with name \(request.name) already exists")
            }
            guard let ipamRequest else { throw daemonIPAMError! }
            try validateScope(request)
            let driver = try NetworkDriver(request.driver)
            guard request.ipamDriver == "default" else {
                throw EngineError.notFound("plugin \"\(request.ipamDriver)\" not found")
            }
            // host and null networks take no addresses (Docker's null IPAM), so this comes first.
            if driver == .host || driver == .null {
                throw EngineError.forbidden("only one instance of \"\(driver.rawValue)\" network is allowed")
            }

            let id = Identifiers.randomID()
            var pools = try AddressPools(settings.addressPools, cursor: transaction.poolCursor)
            let addresses: NetworkAddresses
            do {
                let existing = networks.flatMap { $0.addresses.allSubnets }
                let needsPool = !ipamRequest.hasSubnet(.ipv4) || (request.enableIPv6 && !ipamRequest.hasSubnet(.ipv6))
                addresses = try NetworkAddresses.create(
                    ipamRequest, enableIPv6: request.enableIPv6, existingSubnets: existing,
                    hostRoutes: needsPool ? hostPrefixes(excluding: networks) : [], pools: &pools)
            } catch let error as IPAMError {
                throw EngineError(error == IPAMError.poolOverlap ? .forbidden : .invalid, error.message)
            }
            transaction.poolCursor = pools.cursor

            var record = NetworkRecord(
                id: id, name: request.name, driver: driver.rawValue, created: Identifiers.now(),
                enableIPv6: request.enableIPv6, isInternal: request.isInternal,
                isAttachable: request.isAttachable, ipamOptions: request.ipamOptions,
                addresses: addresses, options: request.options, labels: request.labels)
            if driver == .bridge {
                let bridgeOptions = try BridgeOptions(request.options)
                if ipamRequest.configs.filter({ $0.family == .ipv4 }).count > 1
                    || ipamRequest.configs.filter({ $0.family == .ipv6 }).count > 1 {
                    throw EngineError.forbidden("bridge driver doesn't support multiple subnets")
                }
                let name = bridgeOptions.bridgeName ?? "br-" + record.shortID
                if let owner = networks.first(where: { $0.bridgeName == name }) {
                    throw EngineError.forbidden("cannot create network \(id) (\(name)): conflicts with network \(owner.id) (\(name)): networks have same bridge name")
                }
                // A device of that name that is not a network's: the kernel refuses the bridge,
                // and KernelPlan reports it as a conflict (no link dump on every create).
                record.bridgeName = name
                record.mtu = bridgeOptions.mtu ?? 1500
                try createBridge(for: record, plan: plan)
            } else if driver.isSublink {
                let sublink = try SublinkOptions(request.options, driver: driver)
                record.options["parent"] = try checkParent(sublink.parent, driver: driver, networks: networks)
            }
            try transaction.put(record)
            return record
        }
    }

    /// The network's bridge, marked, with its MTU and its own MAC address, up.
    func bridgeSpec(_ network: NetworkRecord, name: String) -> BridgeSpec {
        BridgeSpec(name: name, mtu: network.mtu, macAddress: network.bridgeMACAddress, alias: mark(network.id), up: true)
    }

    /// The kernel side of a bridge network: the bridge, marked, with its MTU and gateway addresses, up.
    func createBridge(for network: NetworkRecord, plan: KernelPlan) throws {
        guard let name = network.bridgeName else { return }
        // A bridge of that name may still be on its way out.
        deferredDeletionsInstance?.waitIfPending(name)
        try plan.apply(.createBridge(bridgeSpec(network, name: name)))
        for prefix in network.gatewayPrefixes {
            // Deleting the bridge takes its addresses with it: no separate undo.
            try plan.apply(.addAddress(prefix, link: name, namespace: .host), undo: nil)
        }
    }

    private func validateScope(_ request: NetworkCreateRequest) throws {
        if let scope = request.scope, scope != "local" {
            throw EngineError.invalid("scope \"\(scope)\" is not supported: dnet has local networks only (multi-host support does not exist yet)")
        }
        if request.isIngress {
            throw EngineError.invalid("--ingress needs swarm mode, which dnet does not have (multi-host support does not exist yet)")
        }
        if request.isConfigOnly || request.configFrom != nil {
            throw EngineError.invalid("--config-only and --config-from are not supported until multi-host support exists")
        }
    }

    /// The parent link of a macvlan/ipvlan network: an existing host link that no other
    /// network of the driver uses (Docker's macvlan and ipvlan rules and texts).
    private func checkParent(_ parent: String?, driver: NetworkDriver, networks: [NetworkRecord]) throws -> String {
        if driver == .ipvlan, try !backend.supportsLinkKind("ipvlan") {
            throw EngineError.invalid("ipvlan networks need kernel support for ipvlan devices (CONFIG_IPVLAN), which this kernel lacks")
        }
        if parent == "lo" {
            throw EngineError.invalid("loopback interface is not a valid \(driver.rawValue) parent link")
        }
        guard let parent, !parent.isEmpty else {
            throw EngineError.invalid("\(driver.rawValue) network needs a parent interface: -o parent=IFACE (dnet does not create the dummy parent link Docker would)")
        }
        if let other = networks.first(where: { $0.driver == driver.rawValue && $0.options["parent"] == parent }) {
            // Docker names the other network by the dummy parent it would have made for it.
            let dummy = driver == .macvlan ? "dm-" : "di-"
            throw EngineError.invalid("network \(dummy)\(other.shortID) is already using parent interface \(parent)")
        }
        let links = try backend.links(in: .host)
        if links.contains(where: { $0.name == parent }) { return parent }
        // Docker would create a missing `eth0.10` as an 802.1Q sub-interface of eth0.
        guard parent.contains(".") else {
            throw EngineError.invalid("invalid subinterface vlan name \(parent), example formatting is eth0.10")
        }
        let parts = parent.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else {
            throw EngineError.invalid("required interface name format is: name.vlan_id, ex. eth0.10 for vlan 10, instead received: \(parent)")
        }
        guard let vlan = Int(parts[1]) else {
            throw EngineError.invalid("unable to parse a valid vlan id from: \(parts[1]) (ex. eth0.10 for vlan 10)")
        }
        guard links.contains(where: { $0.name == parts[0] }) else {
            throw EngineError.invalid("-o parent interface was not found on the host: \(parts[0])")
        }
        guard (1...4094).contains(vlan) else {
            throw EngineError.invalid("vlan id must be between 1-4094, received: \(vlan)")
        }
        throw EngineError.invalid("parent \(parent) does not exist, and dnet does not create VLAN sub-interfaces: create it first (ip link add link \(parts[0]) name \(parent) type vlan id \(vlan))")
    }

    /// `network rm`: refuses predefined networks and networks with endpoints; deletes the bridge.
    @discardableResult
    public func removeNetwork(_ reference: String) throws -> NetworkRecord {
        try transact { transaction, plan in
            let network = try Self.lookup(reference, in: transaction.networks())
            if network.isPredefined {
                throw EngineError.forbidden("\(network.name) is a pre-defined network and cannot be removed")
            }
            if try !transaction.endpoints(of: network.id).isEmpty {
                throw EngineError.forbidden("error while removing network: network \(network.name) id \(network.id) has active endpoints")
            }
            try deleteKernelSide(of: network, plan: plan)
            transaction.delete(NetworkRecord.self, network.id)
            return network
        }
    }

    func deleteKernelSide(of network: NetworkRecord, plan: KernelPlan) throws {
        guard let name = network.bridgeName, !network.isExternalBridge else { return }
        if deferredDeletions != nil {
            // Down now (no traffic through it from the commit on), deleted after the commit.
            try plan.apply(.setLinkUp(name: name, up: false, namespace: .host),
                           undo: .setLinkUp(name: name, up: true, namespace: .host))
            plan.afterCommit(.deleteLink(name: name, namespace: .host))
            return
        }
        // The undo re-creates the bridge as it was, should a later step fail.
        var recreate = [KernelStep.createBridge(bridgeSpec(network, name: name))]
        recreate += network.gatewayPrefixes.map { .addAddress($0, link: name, namespace: .host) }
        try plan.apply(.deleteLink(name: name, namespace: .host), undo: nil)
        plan.onUndo(recreate)
    }

    /// `network prune`: removes the custom networks without endpoints that `keep` does not keep.
    public func pruneNetworks(where selected: (NetworkRecord) -> Bool) throws -> [NetworkRecord] {
        try transact { transaction, plan in
            var removed: [NetworkRecord] = []
            for network in try transaction.networks().sorted(by: { $0.name < $1.name })
            where !network.isPredefined && selected(network) {
                guard try transaction.endpoints(of: network.id).isEmpty else { continue }
                try deleteKernelSide(of: network, plan: plan)
                transaction.delete(NetworkRecord.self, network.id)
                removed.append(network)
            }
            return removed
        }
    }

    /// The number of endpoints (container attachments) of each network, by network id.
    public func endpointCounts() throws -> [String: Int] {
        try transact { transaction, _ in
            var counts: [String: Int] = [:]
            for endpoint in try transaction.all(EndpointRecord.self) { counts[endpoint.networkID, default: 0] += 1 }
            return counts
        }
    }
}

extension StoreTransaction {
    func endpoints(of networkID: String) throws -> [EndpointRecord] {
        try all(EndpointRecord.self).filter { $0.networkID == networkID }
    }
}
