/// A container joining a bridge: one veth pair whose host end is enslaved to the
/// bridge and whose peer is created directly inside the container's namespace.
public struct ContainerVethSpec: Hashable, Sendable {
    /// The host end's name (`veth` + 7 hex), at most 15 characters.
    public var hostName: String
    /// The bridge the host end is attached to.
    public var bridge: String
    /// The container end: name, MTU (applied to both ends), MAC, addresses, routes.
    public var interface: ContainerInterface

    public init(hostName: String, bridge: String, interface: ContainerInterface) {
        self.hostName = hostName
        self.bridge = bridge
        self.interface = interface
    }
}
