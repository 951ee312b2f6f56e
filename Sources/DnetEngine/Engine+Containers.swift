import Foundation
import DnetIPAM
import DnetKernel

extension Engine {
    /// Every container with its endpoints, newest first (as `ps` lists them).
    public func containers() throws -> [ContainerDetails] {
        try transact { transaction, _ in
            let networks = Dictionary(uniqueKeysWithValues: try transaction.networks().map { ($0.id, $0) })
            var byContainer: [String: [ContainerDetails.Attachment]] = [:]
            for endpoint in try transaction.all(EndpointRecord.self) {
                guard let network = networks[endpoint.networkID] else { continue }
                byContainer[endpoint.containerID, default: []].append(.init(endpoint: endpoint, network: network))
            }
            return try transaction.all(ContainerRecord.self)
                .map { container in
                    var details = ContainerDetails(container: container, attachments: byContainer[container.id] ?? [])
                    details.ports = try PortMappingRecord.planned(for: container).compactMap {
                        try transaction.get(PortMappingRecord.self, $0.id)
                    }
                    return details
                }
                .sorted { ($0.container.created, $0.container.id) > ($1.container.created, $1.container.id) }
        }
    }

    /// The container named by `reference` (full id, name, or unique id prefix), with its endpoints.
    public func container(_ reference: String) throws -> ContainerDetails {
        try transact { transaction, _ in
            try transaction.details(of: transaction.container(reference))
        }
    }

    /// The containers named by `references`, each with its endpoints or its lookup error, in
    /// one transaction.
    public func containers(_ references: [String]) throws -> [Result<ContainerDetails, EngineError>] {
        try transact { transaction, _ in
            try references.map { reference in
                do { return .success(try transaction.details(of: transaction.container(reference))) } catch let error as EngineError {
                    return .failure(error)
                }
            }
        }
    }

    /// Docker's lookup of a container: an exact id, then an exact name (a leading `/` allowed),
    /// then an id prefix that only one container has.
    static func lookupContainer(_ reference: String, in containers: [ContainerRecord]) throws -> ContainerRecord {
        let term = reference.hasPrefix("/") ? String(reference.dropFirst()) : reference
        guard !term.isEmpty else { throw EngineError.notFound("No such container: \(reference)") }
        if let exact = containers.first(where: { $0.id == term }) { return exact }
        if let named = containers.first(where: { $0.name == term }) { return named }
        let prefixed = containers.filter { $0.id.hasPrefix(term) }
        switch prefixed.count {
        case 1: return prefixed[0]
        case 0: throw EngineError.notFound("No such container: \(reference)")
        default: throw EngineError.invalid("multiple IDs found with provided prefix: \(term)")
        }
    }

    /// `run`: checks the request as Docker does, then in one transaction and one kernel plan
    /// makes the namespace (loopback up, IPv6 off unless the network has it), joins the
    /// network (a veth on its bridge, or a macvlan/ipvlan device) with addresses from IPAM,
    /// and stores the container and its endpoint.
    @discardableResult
    public func runContainer(_ request: ContainerRunRequest) throws -> ContainerDetails {
        if request.networks.count > 1 {
            throw EngineError.invalid("Container cannot be connected to network endpoints: \(request.networks.joined(separator: ", "))")
        }
        let mode = request.networks.first ?? "default"
        let sysctls = try Self.parseSysctls(request.sysctls, sharing: mode.hasPrefix("container:"))
        if mode.hasPrefix("container:") {
            return try markAutoRemove(runSharingContainer(request, owner: String(mode.dropFirst("container:".count))),
                                      request.autoRemove)
        }
        if let name = request.name, !NetworkName.isValid(name) {
            throw EngineError.invalid("Invalid container name (\(name)), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
        }
        if let hostname = request.hostname, !Self.isValidHostname(hostname) {
            throw EngineError.invalid("invalid hostname format: \(hostname)")
        }
        var mac: MACAddress?
        if let text = request.macAddress {
            guard let parsed = MACAddress(text) else { throw EngineError.invalid("\(text) is not a valid mac address") }
            mac = parsed
        }
        let ports = try PortSpecs.parse(publish: request.publish, expose: request.expose)
        let staticIPv4 = try request.ipv4.map { try Self.parseStaticAddress($0, .ipv4) }
        let staticIPv6 = try request.ipv6.map { try Self.parseStaticAddress($0, .ipv6) }
        try ensureStarted()

        return try transact { transaction, plan in
            let containers = try transaction.all(ContainerRecord.self)
            let networks = try transaction.networks()
            var network: NetworkRecord
            if mode == "default" {
                guard let bridge = networks.first(where: \.isDefaultBridge) else {
                    throw EngineError.notFound("network bridge not found")
                }
                network = bridge
            } else {
                network = try Self.lookup(mode, in: networks)
            }
            // `--net host`: the host's namespaces, no interface, no name files of its own.
            let isHost = network.driver == NetworkDriver.host.rawValue
            if !request.aliases.isEmpty && network.isPredefined {
                throw EngineError.invalid("network-scoped aliases are only supported for user-defined networks")
            }
            let name = try request.name ?? freeName(transaction)
            if let owner = try transaction.all(ContainerRecord.self, indexedBy: name).first {
                throw EngineError.conflict("Conflict. The container name \"/\(name)\" is already in use by container \"\(owner.id)\". You have to remove (or rename) that container to be able to reuse that name.")
            }
            if try backend.namespaceExists(name) {
                throw EngineError.conflict("a network namespace named \(name) already exists (ip netns list): remove it or choose another container name")
            }

            let id = Identifiers.randomID()
            let hostname = request.hostname ?? (isHost ? Self.hostHostname() : String(id.prefix(12)))
            var container = ContainerRecord(
                id: id, name: name, hostname: hostname, created: Identifiers.now(),
                networkMode: isHost ? "host" : mode, labels: request.labels, ipv6DisabledByDefault: !network.enableIPv6)
            // Docker discards published ports in host mode.
            container.portBindings = isHost ? [:] : ports.bindings
            container.exposedPorts = ports.exposed.sorted()
            container.publishAllPorts = request.publishAll
            container.command = request.command.isEmpty ? nil : request.command
            try Self.applyRunOptions(sysctls, autoRemove: request.autoRemove, to: &container, isHost: isHost)
            try Self.applyNameOptions(request, to: &container, containers: containers,
                                      onDefaultBridge: network.isDefaultBridge)
            var endpoint = try newEndpoint(of: container, on: &network, interface: "eth0", staticIPv4: staticIPv4,
                                           staticIPv6: staticIPv6, mac: mac, aliases: request.aliases)
            // Docker keeps links on a user-defined network with the endpoint (its DNS resolves them).
            if !network.isDefaultBridge && !request.links.isEmpty { endpoint.links = request.links }
            if !isHost {
                try plan.apply(.createNamespace(name: name, disableIPv6: container.ipv6DisabledByDefault))
            }
            try plan.apply(.createUTSNamespace(name: name, hostname: container.hostname))
            endpoint = try attach(endpoint, of: container, to: network, isGateway: true, transaction: transaction, plan: plan)
            try writeSysctls(container, plan: plan)
            try transaction.put(container)
            let details = ContainerDetails(container: container, attachments: [.init(endpoint: endpoint, network: network)])
            try writeNameFiles(details, transaction: transaction, plan: plan)
            return details
        }
    }

    /// `rm`: takes the container's interfaces down and deletes its namespace, gives its
    /// addresses back, and forgets it.
    ///
    /// Deleting the namespace is an unmount and an unlink; the kernel then destroys the
    /// namespace and its interfaces (the veths' host ends with them) in batched, asynchronous
    /// work, where deleting each veth in turn would wait for the network stack to quiesce
    /// (about 30 ms each). A container that ran a main process may have left processes of
    /// its own inside, which keep the namespace alive: its host ends are taken down first, so
    /// that it is unreachable at once. Others are not: taking a bridge port down costs the
    /// bridge work in proportion to its ports (STP root selection, forwarding table).
    @discardableResult
    public func removeContainer(_ reference: String) throws -> ContainerRecord {
        let removed = try transact { transaction, plan in
            let container = try transaction.container(reference)
            let sharers = try transaction.all(ContainerRecord.self).filter { $0.netContainerID == container.id }
            try checkRemovable(container, sharers: sharers)
            try remove(container, transaction: transaction, plan: plan)
            return container
        }
        discardFiles(of: removed)
        return removed
    }

    /// A removed container's folder (its main process's log and status), once the removal
    /// has committed.
    private func discardFiles(of container: ContainerRecord) {
        try? FileManager.default.removeItem(atPath: containerDirectory(container))
    }

    /// `rm A B C…`: removes each container as `removeContainer` does, all in one transaction
    /// and one kernel plan (the store's commit and lock once, not once per container); a
    /// container that cannot be found or removed gets its error and the others go on. If
    /// the kernel fails part-way, everything is undone and, when there were several, each is
    /// removed on its own, so that the failure belongs to its container alone.
    public func removeContainers(_ references: [String]) throws -> [Result<ContainerRecord, EngineError>] {
        do {
            let results = try transact { transaction, plan in
                let sharing = Dictionary(grouping: try transaction.all(ContainerRecord.self).filter { $0.netContainerID != nil },
                                         by: { $0.netContainerID! })
                return try references.map { reference -> Result<ContainerRecord, EngineError> in
                    let container: ContainerRecord
                    do {
                        container = try transaction.container(reference)
                        let sharers = try (sharing[container.id] ?? []).filter { try transaction.get(ContainerRecord.self, $0.id) != nil }
                        try checkRemovable(container, sharers: sharers)
                    } catch let error as EngineError {
                        return .failure(error)
                    }
                    try remove(container, transaction: transaction, plan: plan)
                    return .success(container)
                }
            }
            for case .success(let removed) in results { discardFiles(of: removed) }
            return results
        } catch where references.count > 1 {
            return references.map { reference in
                Result { try removeContainer(reference) }.mapError { error in
                    error as? EngineError ?? .system("\(error)")
                }
            }
        }
    }

    private func checkRemovable(_ container: ContainerRecord, sharers: [ContainerRecord]) throws {
        if let sharer = sharers.first {
            throw EngineError.conflict("cannot remove container \(container.name): container \(sharer.name) shares its network namespace (--net container:\(container.name)); remove \(sharer.name) first")
        }
    }

    private func remove(_ container: ContainerRecord, transaction: StoreTransaction, plan: KernelPlan) throws {
        guard container.ownsNamespace else {
            for attachment in try transaction.details(of: container).attachments {
                var network = attachment.network
                try release(attachment.endpoint, from: &network, transaction: transaction)
            }
            if container.ownsUTSNamespace {
                try plan.apply(.deleteUTSNamespace(name: container.namespace),
                               undo: .createUTSNamespace(name: container.namespace, hostname: container.hostname))
            }
            transaction.delete(ContainerRecord.self, container.id)
            try removeNameFiles(container, plan: plan)
            return
        }
        let details = try transaction.details(of: container)
        let gateway = Self.gatewayNetwork(details.attachments)
        // A namespace deleted behind dnet's back (`ip netns del`) took its interfaces with
        // it, unless a process still holds it: then delete its veths. (A dry run plans
        // against a kernel that never saw the containers it made.)
        let inKernel = persist ? try backend.namespaceExists(container.namespace) : true
        let hostLinks = inKernel ? [] : Set(try backend.links(in: .host).map(\.name))
        var recreate: [KernelStep] = [.createNamespace(name: container.namespace, disableIPv6: container.ipv6DisabledByDefault)]
        for attachment in details.attachments {
            let endpoint = attachment.endpoint
            if inKernel, endpoint.interfaceName != nil {
                recreate.append(try joinStep(container, endpoint, attachment.network,
                                                  isGateway: attachment.network.id == gateway?.id))
                if container.command != nil {
                    let link = endpoint.hostInterface.map { ($0, NetworkNamespace.host) }
                        ?? (endpoint.interfaceName!, .named(container.namespace))
                    try plan.apply(.setLinkUp(name: link.0, up: false, namespace: link.1),
                                   undo: .setLinkUp(name: link.0, up: true, namespace: link.1))
                }
            } else if let veth = endpoint.hostInterface, hostLinks.contains(veth) {
                try plan.apply(.deleteLink(name: veth, namespace: .host), undo: nil)
            }
            var network = attachment.network
            try release(endpoint, from: &network, transaction: transaction)
        }
        // Before the network namespace: deleting that is the one step best not undone.
        try plan.apply(.deleteUTSNamespace(name: container.namespace),
                       undo: .createUTSNamespace(name: container.namespace, hostname: container.hostname))
        if inKernel {
            try plan.apply(.deleteNamespace(name: container.namespace), undo: nil)
            plan.onUndo(recreate)
        }
        transaction.delete(ContainerRecord.self, container.id)
        try removeNameFiles(container, plan: plan)
    }

    // MARK: - Joining and leaving a network

    /// A new endpoint of `container` on `network`: its addresses taken (static ones checked as
    /// Docker checks them), MAC and host interface name chosen. Nothing is applied or stored yet.
    func newEndpoint(of container: ContainerRecord, on network: inout NetworkRecord, interface: String,
                     staticIPv4: IPAddress?, staticIPv6: IPAddress?, mac: MACAddress?,
                     aliases: [String]) throws -> EndpointRecord {
        var endpoint = EndpointRecord(id: Identifiers.randomID(), networkID: network.id, containerID: container.id,
                                      aliases: aliases, staticIPv4: staticIPv4, staticIPv6: staticIPv6)
        // `none`: loopback only; the endpoint records the attachment, as Docker's does.
        guard network.driver != NetworkDriver.null.rawValue, network.driver != NetworkDriver.host.rawValue else { return endpoint }
        try allocateAddresses(for: &endpoint, on: &network)
        endpoint.interfaceName = interface
        endpoint.macAddress = mac ?? endpoint.ipv4.flatMap { MACAddress.derived(from: $0.address) }
        if network.bridgeName != nil {
            // 28 random bits: a clash (one in 268 million per existing veth) fails the kernel
            // step, which creates exclusively, and the command with it; scanning every
            // endpoint here would make each run cost more than the last.
            endpoint.hostInterface = Identifiers.vethName()
        }
        return endpoint
    }

    /// Makes the endpoint's interface (one kernel step) and stores the endpoint and the
    /// network's new address state.
    /// Returns the endpoint as stored: a host end whose random name the kernel found taken
    /// gets another (28 random bits: among a thousand veths, once in some 270,000 joins, too
    /// often for a script of thousands of `run`s to fail on it; listing every link first
    /// would make each `run` cost more than the last).
    func attach(_ endpoint: EndpointRecord, of container: ContainerRecord, to network: NetworkRecord, isGateway: Bool,
                transaction: StoreTransaction, plan: KernelPlan) throws -> EndpointRecord {
        var endpoint = endpoint
        if endpoint.interfaceName != nil {
            for attempt in 1... {
                do {
                    try plan.apply(try joinStep(container, endpoint, network, isGateway: isGateway))
                    break
                } catch {
                    guard (error as? EngineError)?.kind == .conflict, attempt < 3, endpoint.hostInterface != nil else { throw error }
                    endpoint.hostInterface = Identifiers.vethName()
                }
            }
            try transaction.put(network)
        }
        try transaction.put(endpoint)
        return endpoint
    }

    /// Deletes the endpoint's interface (its undo re-creates it as it was), gives its
    /// addresses back and forgets it.
    func leave(_ container: ContainerRecord, endpoint: EndpointRecord, network: inout NetworkRecord, wasGateway: Bool,
               transaction: StoreTransaction, plan: KernelPlan) throws {
        if endpoint.interfaceName != nil {
            let recreate = try joinStep(container, endpoint, network, isGateway: wasGateway)
            if let hostName = endpoint.hostInterface {
                try plan.apply(.deleteLink(name: hostName, namespace: .host), undo: recreate)
            } else if let name = endpoint.interfaceName {
                try plan.apply(.deleteLink(name: name, namespace: .named(container.namespace)), undo: recreate)
            }
        }
        try release(endpoint, from: &network, transaction: transaction)
    }

    /// Gives the endpoint's addresses back to its network and forgets the endpoint.
    private func release(_ endpoint: EndpointRecord, from network: inout NetworkRecord, transaction: StoreTransaction) throws {
        for address in [endpoint.ipv4, endpoint.ipv6].compactMap({ $0 }) {
            network.addresses.release(address.address)
        }
        try transaction.put(network)
        transaction.delete(EndpointRecord.self, endpoint.id)
    }

    /// The static addresses checked and taken as Docker's IPAM does, else the next free ones.
    private func allocateAddresses(for endpoint: inout EndpointRecord, on network: inout NetworkRecord) throws {
        for (family, wanted) in [(IPAddress.Family.ipv4, endpoint.staticIPv4), (.ipv6, endpoint.staticIPv6)] {
            guard family == .ipv4 || network.enableIPv6 || wanted != nil else { continue }
            let address: IPAddress?
            do {
                if let wanted {
                    if network.isDefaultBridge {
                        throw EngineError.invalid("user specified IP address is supported on user defined networks only")
                    }
                    guard network.addresses.hasUserConfiguredSubnet(family) else {
                        throw EngineError.invalid("user specified IP address is supported only when connecting to networks with user configured subnets")
                    }
                    try network.addresses.allocate(wanted)
                    address = wanted
                } else {
                    address = try network.addresses.allocate(family, networkName: network.name, networkID: network.id)
                }
            } catch let error as IPAMError {
                throw EngineError.invalid(error.message)
            }
            guard let address, let subnet = network.addresses.subnets.first(where: { $0.contains(address) }) else { continue }
            let cidr = try CIDR(address: address, prefixLength: subnet.subnet.prefixLength)
            if family == .ipv4 { endpoint.ipv4 = cidr } else { endpoint.ipv6 = cidr }
        }
    }

    /// The one kernel step that makes an endpoint's interface: a veth on the bridge, or a
    /// macvlan/ipvlan device on the parent link.
    func joinStep(_ container: ContainerRecord, _ endpoint: EndpointRecord, _ network: NetworkRecord,
                         isGateway: Bool) throws -> KernelStep {
        let gateways = isGateway ? Self.defaultGateways(network) : (nil, nil)
        let interface = ContainerInterface(
            namespace: container.namespace, name: endpoint.interfaceName ?? "eth0",
            mtu: network.bridgeName != nil ? network.mtu : nil, macAddress: endpoint.macAddress,
            addresses: endpoint.interfaceAddresses,
            gateway: gateways.0, gatewayIPv6: gateways.1,
            disableIPv6: !network.enableIPv6, alias: mark(endpoint.id))
        if let bridge = network.bridgeName, let hostName = endpoint.hostInterface {
            return .addContainerVeth(ContainerVethSpec(hostName: hostName, bridge: bridge, interface: interface))
        }
        guard let parent = network.options["parent"] else {
            throw EngineError.invalid("network \(network.name) (driver \(network.driver)) cannot take containers: dnet joins bridge, macvlan and ipvlan networks")
        }
        let mode: ContainerSublinkSpec.Mode = network.driver == NetworkDriver.ipvlan.rawValue
            ? .ipvlan(network.options["ipvlan_mode"] ?? "l2")
            : .macvlan(network.options["macvlan_mode"] ?? "bridge")
        return .addContainerSublink(ContainerSublinkSpec(parent: parent, mode: mode, interface: interface))
    }

    /// The gateways a network's endpoint routes through by default: none on internal networks,
    /// IPv6 only with `--ipv6`.
    static func defaultGateways(_ network: NetworkRecord) -> (IPAddress?, IPAddress?) {
        guard !network.isInternal else { return (nil, nil) }
        return (network.addresses.gateway(.ipv4), network.enableIPv6 ? network.addresses.gateway(.ipv6) : nil)
    }

    /// The network that gives a container its default route, as Docker chooses it: of the
    /// networks with an interface and a gateway, the one whose name sorts first.
    static func gatewayNetwork(_ attachments: [ContainerDetails.Attachment]) -> NetworkRecord? {
        attachments
            .filter { $0.endpoint.interfaceName != nil && defaultGateways($0.network).0 != nil }
            .map(\.network)
            .min { $0.name < $1.name }
    }

    /// An RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens,
    /// at most 63 bytes each (the UTS namespace takes at most 64 bytes in all).
    /// The host's own host name (a `--net host` container's by default, as Docker).
    static func hostHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(cString: buffer)
    }

    static func isValidHostname(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 64 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        }
    }

    /// A random Docker-style name that no container and no namespace has.
    func freeName(_ transaction: StoreTransaction) throws -> String {
        for attempt in 0..<10 {
            let name = ContainerNames.random(attempt: attempt)
            if try transaction.all(ContainerRecord.self, indexedBy: name).isEmpty, try !backend.namespaceExists(name) { return name }
        }
        throw EngineError.system("could not find a free random container name: give one with --name")
    }
}

extension StoreTransaction {
    /// A container with its endpoints and their networks.
    func details(of container: ContainerRecord) throws -> ContainerDetails {
        let endpoints = try all(EndpointRecord.self, indexedBy: container.id)
        let attachments = try endpoints.compactMap { endpoint -> ContainerDetails.Attachment? in
            guard let network = try get(NetworkRecord.self, endpoint.networkID) else { return nil }
            return .init(endpoint: endpoint, network: network)
        }
        var details = ContainerDetails(container: container, attachments: attachments)
        details.ports = try PortMappingRecord.planned(for: container).compactMap { try get(PortMappingRecord.self, $0.id) }
        return details
    }
}
