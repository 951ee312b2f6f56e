/// The server's records, indexed for lookups by the querying container: a name resolves
/// only on networks the querier is on, first through its links, then through each network's
/// names (container names, short ids, network aliases), trying `NAME.NETWORK` splits as
/// Docker does. Updated one container at a time, so a change costs what that container has.
public final class DNSResolver {
    /// What the server does with a query.
    public enum Answer: Equatable {
        /// A or AAAA records (4 or 16 bytes each), in round-robin order.
        case addresses([[UInt8]])
        /// The name is ours but has no record of that type: an empty NOERROR answer.
        case noData
        /// A PTR record: `name.network`.
        case pointer([UInt8])
        /// Not ours: ask upstream.
        case forward
    }

    /// One network's names and reverse entries.
    final class Network {
        let name: [UInt8]
        /// Name → the containers holding it (several for a shared alias).
        var names: [[UInt8]: [Member]] = [:]
        /// Address → `name.network`.
        var reverse: [[UInt8]: (owner: String, name: [UInt8])] = [:]
        var users = 0

        init(name: [UInt8]) { self.name = name }
    }

    struct Member {
        var owner: String
        var ipv4: [UInt8]?
        var ipv6: [UInt8]?
    }

    /// A served container as a querier.
    public final class Querier {
        let id: String
        fileprivate(set) var networks: [Network] = []
        fileprivate(set) var links: [[UInt8]: [UInt8]] = [:]
        /// Its own `--dns` servers, parsed; empty means the defaults.
        public fileprivate(set) var dnsServers: [[UInt8]] = []
        fileprivate(set) var ndotsSet = false
        /// What it put in the networks, to take it out again.
        fileprivate var keys: [(Network, [UInt8], [UInt8]?)] = []

        init(id: String) { self.id = id }
    }

    private var networks: [[UInt8]: Network] = [:]
    private var queriers: [String: Querier] = [:]
    /// The engine's `--dns` servers, parsed.
    public private(set) var dnsServers: [[UInt8]] = []
    private var rotation = 0

    public init() {}

    /// Number of containers served.
    public var count: Int { queriers.count }

    /// Replaces everything with `table`.
    public func replace(with table: DNSTable) {
        for id in Array(queriers.keys) { remove(id: id) }
        setServers(table.dnsServers)
        for container in table.containers { upsert(container) }
    }

    public func setServers(_ servers: [String]) {
        dnsServers = servers.compactMap(DNSAddress.parse)
    }

    /// Adds `container`, or replaces what it had.
    public func upsert(_ container: DNSContainer) {
        remove(id: container.id)
        let querier = Querier(id: container.id)
        querier.dnsServers = container.dnsServers.compactMap(DNSAddress.parse)
        querier.ndotsSet = container.ndotsSet
        for link in container.links {
            querier.links[Self.key(link.alias)] = Self.key(link.target)
        }
        let name = Self.key(container.name)
        for endpoint in container.endpoints {
            let networkName = Self.key(endpoint.network)
            let network: Network
            if let existing = networks[networkName] { network = existing } else {
                network = Network(name: networkName)
                networks[networkName] = network
            }
            network.users += 1
            querier.networks.append(network)
            let member = Member(owner: container.id, ipv4: endpoint.ipv4.flatMap(DNSAddress.parse),
                                ipv6: endpoint.ipv6.flatMap(DNSAddress.parse))
            var names = [name, Self.key(container.shortID)] + endpoint.aliases.map(Self.key)
            names = names.enumerated().filter { index, key in !key.isEmpty && !names[..<index].contains(key) }.map(\.element)
            for key in names {
                network.names[key, default: []].append(member)
                querier.keys.append((network, key, nil))
            }
            let reverseName = name + [0x2E] + networkName
            for address in [member.ipv4, member.ipv6].compactMap({ $0 }) {
                network.reverse[address] = (container.id, reverseName)
                querier.keys.append((network, [], address))
            }
        }
        queriers[container.id] = querier
    }

    /// Takes a container out.
    public func remove(id: String) {
        guard let querier = queriers.removeValue(forKey: id) else { return }
        for (network, key, address) in querier.keys {
            if let address {
                if network.reverse[address]?.owner == id { network.reverse[address] = nil }
            } else if var members = network.names[key] {
                members.removeAll { $0.owner == id }
                network.names[key] = members.isEmpty ? nil : members
            }
        }
        for network in querier.networks {
            network.users -= 1
            if network.users == 0 { networks[network.name] = nil }
        }
    }

    /// The answer for a question of `type` about `name` (lower case, no trailing dot) asked
    /// by `querier`.
    public func answer(name: [UInt8], type: UInt16, for querier: Querier) -> Answer {
        if type == DNSWire.typePTR, let address = DNSAddress.fromReverseName(name) {
            for network in querier.networks {
                if let entry = network.reverse[address] { return .pointer(entry.name) }
            }
            return .forward
        }
        guard let members = lookup(name, for: querier) else {
            // Docker's rule: with the user's own ndots, an unknown single label stays here.
            let addressQuestion = type == DNSWire.typeA || type == DNSWire.typeAAAA
            return addressQuestion && querier.ndotsSet && !name.contains(0x2E) ? .noData : .forward
        }
        guard type == DNSWire.typeA || type == DNSWire.typeAAAA else { return .noData }
        var addresses: [[UInt8]] = []
        for member in members {
            guard let address = type == DNSWire.typeA ? member.ipv4 : member.ipv6 else { continue }
            if !addresses.contains(address) { addresses.append(address) }
        }
        guard !addresses.isEmpty else { return .noData }
        if addresses.count > 1 {
            rotation &+= 1
            let shift = rotation % addresses.count
            addresses = Array(addresses[shift...] + addresses[..<shift])
        }
        return .addresses(addresses)
    }

    /// The containers `name` stands for, as Docker's sandbox resolves it: the whole name on
    /// every network, then `A.B` as A on network B for each dot from the right; at each step
    /// the querier's links before the networks' own names.
    func lookup(_ name: [UInt8], for querier: Querier) -> [Member]? {
        guard !name.isEmpty, !querier.networks.isEmpty else { return nil }
        var split = name.count
        while true {
            let request = Array(name[..<split])
            let scope = split < name.count ? Array(name[(split + 1)...]) : nil
            if let target = querier.links[request] {
                for network in querier.networks where scope == nil || network.name == scope! {
                    if let members = network.names[target] { return members }
                }
            }
            for network in querier.networks where scope == nil || network.name == scope! {
                if let members = network.names[request] { return members }
            }
            guard let dot = name[..<split].lastIndex(of: 0x2E) else { return nil }
            split = dot
        }
    }

    /// The querier for a served container.
    public func querier(id: String) -> Querier? { queriers[id] }

    static func key(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        if bytes.last == 0x2E { bytes.removeLast() }
        for i in bytes.indices where bytes[i] >= 0x41 && bytes[i] <= 0x5A { bytes[i] |= 0x20 }
        return bytes
    }
}
