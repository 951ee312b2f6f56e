import DnetIPAM

/// A Linux bridge to create in the host namespace, configured as Docker configures
/// its bridges: STP off and no forwarding delay, so a new port forwards at once.
public struct BridgeSpec: Hashable, Sendable {
    /// At most 15 characters (the kernel's IFNAMSIZ).
    public var name: String
    /// Set explicitly after creation, so the bridge keeps it when ports come and go.
    public var mtu: Int?
    /// The bridge's hardware address; nil for a random one, as Docker gives its bridges. Never
    /// the kernel's pick: it follows the lowest port address, changing as containers come and
    /// go (a gateway MAC that moves, and a bridge ID recomputed over every port at each join).
    /// A bridge with an address of its own has no carrier until a port joins, as Docker's.
    public var macAddress: MACAddress?
    /// The interface alias that marks the bridge as dnet's (`dnet:<network id>`).
    public var alias: String?
    /// Bring the bridge up once created.
    public var up: Bool

    public init(name: String, mtu: Int? = nil, macAddress: MACAddress? = nil, alias: String? = nil, up: Bool = true) {
        self.name = name
        self.mtu = mtu
        self.macAddress = macAddress
        self.alias = alias
        self.up = up
    }
}
