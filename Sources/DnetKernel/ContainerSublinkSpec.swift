/// A container's macvlan or ipvlan interface: created directly inside the container's
/// namespace on top of a parent link of the host.
public struct ContainerSublinkSpec: Hashable, Sendable {
    /// The device type and its mode.
    public enum Mode: Hashable, Sendable {
        /// macvlan in `bridge`, `private`, `vepa` or `passthru` mode.
        case macvlan(String)
        /// ipvlan in `l2`, `l3` or `l3s` mode.
        case ipvlan(String)

        /// The rtnetlink kind name.
        public var kernelName: String {
            switch self {
            case .macvlan: return "macvlan"
            case .ipvlan: return "ipvlan"
            }
        }

        /// The mode word as `ip link` spells it.
        public var modeName: String {
            switch self {
            case .macvlan(let m), .ipvlan(let m): return m
            }
        }
    }

    /// The host link the device sits on.
    public var parent: String
    public var mode: Mode
    public var interface: ContainerInterface

    public init(parent: String, mode: Mode, interface: ContainerInterface) {
        self.parent = parent
        self.mode = mode
        self.interface = interface
    }
}
