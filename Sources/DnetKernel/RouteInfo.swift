import DnetIPAM

/// A route of a namespace's main routing table, as the kernel reports it.
public struct RouteInfo: Hashable, Sendable {
    /// The destination prefix; `0.0.0.0/0` or `::/0` for a default route.
    public var destination: CIDR
    /// The first next hop's gateway, nil for on-link routes.
    public var gateway: IPAddress?
    /// The first next hop's output interface.
    public var device: String?

    public init(destination: CIDR, gateway: IPAddress?, device: String?) {
        self.destination = destination
        self.gateway = gateway
        self.device = device
    }
}
