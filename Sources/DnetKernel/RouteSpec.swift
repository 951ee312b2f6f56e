import DnetIPAM

/// A route to add to or delete from a namespace's main table.
public struct RouteSpec: Hashable, Sendable, CustomStringConvertible {
    /// A prefix length of 0 (`0.0.0.0/0`, `::/0`) makes a default route.
    public var destination: CIDR
    /// The next hop; nil for a route straight out of `device`.
    public var gateway: IPAddress?
    /// The output interface; at least one of gateway and device must be given.
    public var device: String?

    public init(destination: CIDR, gateway: IPAddress? = nil, device: String? = nil) {
        self.destination = destination
        self.gateway = gateway
        self.device = device
    }

    /// A default route of the gateway's family.
    public static func defaultRoute(via gateway: IPAddress, device: String? = nil) -> RouteSpec {
        RouteSpec(destination: .defaultRoute(gateway.family), gateway: gateway, device: device)
    }

    /// The route in `ip route` words: `default via 10.9.0.1 dev eth0`.
    public var description: String {
        var words = [destination.prefixLength == 0 ? "default" : destination.network.description]
        if let gateway { words += ["via", gateway.description] }
        if let device { words += ["dev", device] }
        return words.joined(separator: " ")
    }
}

extension CIDR {
    /// `0.0.0.0/0` or `::/0`.
    static func defaultRoute(_ family: IPAddress.Family) -> CIDR {
        // A prefix length of 0 fits every family.
        try! CIDR(address: IPAddress(family: family, value: 0), prefixLength: 0)
    }
}
