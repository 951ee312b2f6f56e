import DnetIPAM

/// How a container's interface is set up inside its namespace, whatever device it is.
public struct ContainerInterface: Hashable, Sendable {
    /// The container's named namespace.
    public var namespace: String
    /// The interface name inside it: `eth0`, `eth1`, …
    public var name: String
    public var mtu: Int?
    /// The hardware address (ignored for ipvlan, which shares its parent's).
    public var macAddress: MACAddress?
    /// Addresses with their subnet's prefix length, IPv4 and IPv6.
    public var addresses: [CIDR]
    /// Adds `default via gateway` (IPv4) when given.
    public var gateway: IPAddress?
    /// Adds `default via gatewayIPv6` (IPv6) when given.
    public var gatewayIPv6: IPAddress?
    /// Turns IPv6 off on the interface (`disable_ipv6`), as Docker does on networks without `--ipv6`.
    public var disableIPv6: Bool
    /// The interface alias that marks the interface as dnet's.
    public var alias: String?

    public init(namespace: String, name: String, mtu: Int? = nil, macAddress: MACAddress? = nil,
                addresses: [CIDR] = [], gateway: IPAddress? = nil, gatewayIPv6: IPAddress? = nil,
                disableIPv6: Bool = true, alias: String? = nil) {
        self.namespace = namespace
        self.name = name
        self.mtu = mtu
        self.macAddress = macAddress
        self.addresses = addresses
        self.gateway = gateway
        self.gatewayIPv6 = gatewayIPv6
        self.disableIPv6 = disableIPv6
        self.alias = alias
    }

    /// The default routes this interface gets, IPv4 first.
    var defaultRoutes: [RouteSpec] {
        [gateway, gatewayIPv6].compactMap { $0 }.map { RouteSpec.defaultRoute(via: $0, device: name) }
    }
}
