import DnetIPAM

/// A container's attachment to a network, as the store keeps it: what `inspect` shows of
/// it, and what the engine needs to rebuild or remove its interface.
public struct EndpointRecord: StoredRecord, Equatable {
    public static let kind = "endpoint"
    public var id: String
    public var networkID: String
    public var containerID: String
    /// The interface inside the container (`eth0`, `eth1`, …); nil when there is none (`none`).
    public var interfaceName: String?
    /// The host end of the veth (`veth` + 7 hex); nil for macvlan/ipvlan and `none`.
    public var hostInterface: String?
    /// The IPv4 address with its subnet's prefix length.
    public var ipv4: CIDR?
    /// The IPv6 address with its subnet's prefix length (only on `--ipv6` networks).
    public var ipv6: CIDR?
    public var macAddress: MACAddress?
    /// `--network-alias` / `network connect --alias` names, in the order given.
    public var aliases: [String]
    /// The addresses asked for with `--ip` and `--ip6` (Docker's `IPAMConfig`).
    public var staticIPv4: IPAddress?
    public var staticIPv6: IPAddress?
    /// `network connect --link` (and `run --link` on a user-defined network) values as given,
    /// `NAME[:ALIAS]` (Docker's endpoint `Links`). Optional, as is the field below, so that
    /// records stored before dnet had them still load.
    public var links: [String]?
    /// `network connect --link-local-ip` addresses, added to the interface beside its own
    /// (`IPAMConfig.LinkLocalIPs`).
    public var linkLocalIPs: [IPAddress]?

    public init(id: String, networkID: String, containerID: String, interfaceName: String? = nil,
                hostInterface: String? = nil, ipv4: CIDR? = nil, ipv6: CIDR? = nil,
                macAddress: MACAddress? = nil, aliases: [String] = [],
                staticIPv4: IPAddress? = nil, staticIPv6: IPAddress? = nil) {
        self.id = id
        self.networkID = networkID
        self.containerID = containerID
        self.interfaceName = interfaceName
        self.hostInterface = hostInterface
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.macAddress = macAddress
        self.aliases = aliases
        self.staticIPv4 = staticIPv4
        self.staticIPv6 = staticIPv6
    }

    /// The addresses the interface carries: its own, then the link-local ones (`/16` for IPv4,
    /// `/64` for IPv6, as Docker gives them).
    public var interfaceAddresses: [CIDR] {
        let linkLocal = (linkLocalIPs ?? []).compactMap { address in
            try? CIDR(address: address, prefixLength: address.family == .ipv4 ? 16 : 64)
        }
        return [ipv4, ipv6].compactMap { $0 } + linkLocal
    }

    /// The index in `ethN`, for ordering a container's interfaces (nil without an interface).
    public var interfaceIndex: Int? {
        guard let name = interfaceName, name.hasPrefix("eth") else { return nil }
        return Int(name.dropFirst(3))
    }
}

/// The store's form: addresses as their texts, read through `String` (the decoder's generic
/// path for a type of dnet's own costs several times more, and a start decodes every
/// endpoint); nil fields and an empty alias list are left out.
extension EndpointRecord {
    private enum CodingKeys: String, CodingKey {
        case id, networkID, containerID, interfaceName, hostInterface, ipv4, ipv6, macAddress, aliases
        case staticIPv4, staticIPv6, links, linkLocalIPs
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func parsed<T>(_ key: CodingKeys, _ parse: (String) throws -> T?) throws -> T? {
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let value = try? parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\"\(text)\" is not a valid \(key.stringValue)")
            }
            return value
        }
        id = try c.decode(String.self, forKey: .id)
        networkID = try c.decode(String.self, forKey: .networkID)
        containerID = try c.decode(String.self, forKey: .containerID)
        interfaceName = try c.decodeIfPresent(String.self, forKey: .interfaceName)
        hostInterface = try c.decodeIfPresent(String.self, forKey: .hostInterface)
        ipv4 = try parsed(.ipv4, CIDR.parse)
        ipv6 = try parsed(.ipv6, CIDR.parse)
        macAddress = try parsed(.macAddress, MACAddress.init)
        aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
        staticIPv4 = try parsed(.staticIPv4, IPAddress.init)
        staticIPv6 = try parsed(.staticIPv6, IPAddress.init)
        links = try c.decodeIfPresent([String].self, forKey: .links)
        linkLocalIPs = try c.decodeIfPresent([IPAddress].self, forKey: .linkLocalIPs)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(networkID, forKey: .networkID)
        try c.encode(containerID, forKey: .containerID)
        try c.encodeIfPresent(interfaceName, forKey: .interfaceName)
        try c.encodeIfPresent(hostInterface, forKey: .hostInterface)
        try c.encodeIfPresent(ipv4?.description, forKey: .ipv4)
        try c.encodeIfPresent(ipv6?.description, forKey: .ipv6)
        try c.encodeIfPresent(macAddress?.description, forKey: .macAddress)
        if !aliases.isEmpty { try c.encode(aliases, forKey: .aliases) }
        try c.encodeIfPresent(staticIPv4?.description, forKey: .staticIPv4)
        try c.encodeIfPresent(staticIPv6?.description, forKey: .staticIPv6)
        try c.encodeIfPresent(links, forKey: .links)
        try c.encodeIfPresent(linkLocalIPs, forKey: .linkLocalIPs)
    }
}
