/// A host link that is neither a bridge nor a container's interface: the parents of
/// macvlan and ipvlan networks (a dummy link, or an 802.1Q sub-interface `eth0.10`).
public struct HostLinkSpec: Hashable, Sendable {
    /// What kind of device to create.
    public enum Kind: Hashable, Sendable {
        /// A dummy device: a parent with no wire, for networks without `-o parent`.
        case dummy
        /// An 802.1Q VLAN sub-interface of `parent` with tag `id` (1…4094).
        case vlan(parent: String, id: Int)

        /// The rtnetlink kind name.
        public var kernelName: String {
            switch self {
            case .dummy: return "dummy"
            case .vlan: return "vlan"
            }
        }
    }

    public var name: String
    public var kind: Kind
    public var mtu: Int?
    /// The interface alias that marks the link as dnet's.
    public var alias: String?
    public var up: Bool

    public init(name: String, kind: Kind, mtu: Int? = nil, alias: String? = nil, up: Bool = true) {
        self.name = name
        self.kind = kind
        self.mtu = mtu
        self.alias = alias
        self.up = up
    }
}
