import DnetIPAM

/// A network interface as the kernel reports it, for reconcile and inspection.
public struct LinkInfo: Hashable, Sendable {
    /// The interface index, unique within its namespace.
    public var index: Int
    public var name: String
    /// The rtnetlink kind (`bridge`, `veth`, `macvlan`, …); nil for loopback and physical devices.
    public var kind: String?
    /// The interface alias (`ip link set X alias …`); dnet marks its links with one.
    public var alias: String?
    /// The name of the bridge (or other master) this link is enslaved to.
    public var master: String?
    public var mtu: Int
    public var macAddress: MACAddress?
    /// True when the administrative state is up (IFF_UP), whatever the carrier.
    public var isUp: Bool
    /// Every IPv4 and IPv6 address on the link, in the kernel's order.
    public var addresses: [CIDR]

    public init(index: Int, name: String, kind: String?, alias: String?, master: String?, mtu: Int,
                macAddress: MACAddress?, isUp: Bool, addresses: [CIDR]) {
        self.index = index
        self.name = name
        self.kind = kind
        self.alias = alias
        self.master = master
        self.mtu = mtu
        self.macAddress = macAddress
        self.isUp = isUp
        self.addresses = addresses
    }
}
