/// What the engine tells the DNS server: the containers it serves and their records.
/// Addresses are text (`10.0.0.2`, `fd00::2`); names are matched without regard to case.

/// A container's place on one user-defined network.
public struct DNSEndpoint: Equatable, Sendable {
    /// The network's name (`c1.NETWORK` resolves on it).
    public var network: String
    public var ipv4: String?
    public var ipv6: String?
    /// `--network-alias`/`--alias` names, visible on this network only.
    public var aliases: [String]

    public init(network: String, ipv4: String? = nil, ipv6: String? = nil, aliases: [String] = []) {
        self.network = network
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.aliases = aliases
    }
}

/// `--link NAME:ALIAS`: ALIAS resolves to container NAME, for the linking container only.
public struct DNSLink: Equatable, Sendable {
    public var alias: String
    public var target: String

    public init(alias: String, target: String) {
        self.alias = alias
        self.target = target
    }
}

/// One container the server answers: its records, and where it asks from.
public struct DNSContainer: Equatable, Sendable {
    /// The full container id; its first 12 characters resolve as the short id.
    public var id: String
    public var name: String
    /// The container's network namespace (`/run/netns/NAME`), where the controller opens
    /// the server's sockets on 127.0.0.11:53.
    public var namespacePath: String
    /// The user-defined networks it is on, in the order names are looked up (first match
    /// wins, as in Docker). Default-bridge endpoints do not belong here.
    public var endpoints: [DNSEndpoint]
    public var links: [DNSLink]
    /// `--dns` servers: other names are forwarded to them first.
    public var dnsServers: [String]
    /// Its resolv.conf sets `ndots` itself (Docker's `ndotsSet`): an A or AAAA question for a
    /// single-label name the server does not know gets an empty answer instead of going
    /// upstream, and the client's resolver goes on with its search domains.
    public var ndotsSet: Bool

    public init(id: String, name: String, namespacePath: String, endpoints: [DNSEndpoint],
                links: [DNSLink] = [], dnsServers: [String] = [], ndotsSet: Bool = false) {
        self.id = id
        self.name = name
        self.namespacePath = namespacePath
        self.endpoints = endpoints
        self.links = links
        self.dnsServers = dnsServers
        self.ndotsSet = ndotsSet
    }

    /// The 12-hex short id.
    public var shortID: String { String(id.prefix(12)) }
}

/// Everything the server answers.
public struct DNSTable: Equatable, Sendable {
    public var containers: [DNSContainer]
    /// The engine's `--dns` servers, for containers without their own; with none, the
    /// host's resolv.conf nameservers (never a loopback one).
    public var dnsServers: [String]

    public init(containers: [DNSContainer] = [], dnsServers: [String] = []) {
        self.containers = containers
        self.dnsServers = dnsServers
    }
}
