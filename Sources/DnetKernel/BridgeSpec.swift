import DnetIPAM

/// A Linux bridge to create in the host namespace, configured as Docker configures
/// its bridges: STP off and no forwarding delay, so a new port forwards at once.
public struct BridgeSpec: Hashable, Sendable {
    /// At most 15 characters (the kernel's IFNAMSIZ).
    public var name: String
    /// Set explicitly after creation, so the bridge keeps it when ports come and go.
    public var mtu: Int?
    /// A fixed hardware address; nil lets the kernel pick one.
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
