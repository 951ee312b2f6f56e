/// The addresses of one network: one `SubnetAddresses` per subnet (IPv4 first, then IPv6).
///
/// Serializable; the engine can also rebuild it from the network's configuration
/// (`init(configs:poolSubnets:)`) and then `allocate(_:)` each endpoint address it knows.
public struct NetworkAddresses: Hashable, Codable, Sendable {
    public private(set) var subnets: [SubnetAddresses]

    /// Sets up the subnets and takes their gateways and auxiliary addresses, Docker's way.
    /// - Parameters:
    ///   - configs: the user's entries (from `IPAMRequest`).
    ///   - poolSubnets: subnets taken from the address pools for families with no entry.
    public init(configs: [IPAMConfig], poolSubnets: [CIDR] = []) throws {
        let entries = configs.map { ($0, false) } + poolSubnets.map { (IPAMConfig(subnet: $0), true) }
        var subnets: [SubnetAddresses] = []
        for family in [IPAddress.Family.ipv4, .ipv6] {
            for (config, fromPool) in entries where config.family == family {
                subnets.append(try SubnetAddresses(config: config, isFromPool: fromPool))
            }
        }
        self.subnets = subnets
    }

    /// The daemon side of `network create`: checks the user's subnets against the existing
    /// networks, takes pool subnets where a family has none (IPv6 only with `enableIPv6`),
    /// then gateways and auxiliary addresses. `pools` changes only when this succeeds.
    /// IPv6 `--subnet`s are set up even without `enableIPv6` (Docker keeps them in the
    /// config); whether endpoints get IPv6 addresses is the caller's choice.
    public static func create(_ request: IPAMRequest, enableIPv6: Bool, existingSubnets: [CIDR],
                              hostRoutes: [CIDR] = [], pools: inout AddressPools) throws -> NetworkAddresses {
        var candidatePools = pools
        var taken = existingSubnets
        var result: [SubnetAddresses] = []
        for family in [IPAddress.Family.ipv4, .ipv6] {
            let configs = request.configs.filter { $0.family == family }
            if configs.isEmpty {
                guard family == .ipv4 || enableIPv6 else { continue }
                let subnet = try candidatePools.allocate(family, existingSubnets: taken, hostRoutes: hostRoutes)
                result.append(try SubnetAddresses(config: IPAMConfig(subnet: subnet), isFromPool: true))
                taken.append(subnet)
            }
            for config in configs {
                if taken.contains(where: { $0.overlaps(config.subnet.network) }) { throw IPAMError.poolOverlap }
                result.append(try SubnetAddresses(config: config))
                taken.append(config.subnet.network)
            }
        }
        pools = candidatePools
        return NetworkAddresses(subnets: result)
    }

    private init(subnets: [SubnetAddresses]) {
        self.subnets = subnets
    }

    /// Docker's `IPAM.Config` for `network inspect`: the user's entries as given, and for a
    /// pool subnet its subnet and gateway.
    public var dockerConfig: [IPAMConfig] {
        subnets.map { s in
            s.isFromPool ? IPAMConfig(subnet: s.subnet, gateway: s.gateway) : s.config
        }
    }

    /// Every subnet (host bits cleared), for overlap checks against new networks.
    public var allSubnets: [CIDR] { subnets.map(\.subnet) }

    /// The gateway of the first subnet of `family`.
    public func gateway(_ family: IPAddress.Family) -> IPAddress? {
        subnets.first { $0.family == family }?.gateway
    }

    /// The first subnet of `family`, as endpoints show it (`IPPrefixLen`, routes).
    public func firstSubnet(_ family: IPAddress.Family) -> SubnetAddresses? {
        subnets.first { $0.family == family }
    }

    /// True when a subnet of `family` came from `--subnet`: Docker accepts a static `--ip`
    /// (`--ip6`) only then (`user specified IP address is supported only when connecting to
    /// networks with user configured subnets`).
    public func hasUserConfiguredSubnet(_ family: IPAddress.Family) -> Bool {
        subnets.contains { $0.family == family && !$0.isFromPool }
    }

    /// The next free address of `family` (first-fit, subnet after subnet); nil when the
    /// network has no subnet of that family.
    /// - Throws: Docker's `no available IPv4 addresses on this network's address pools: NAME (ID)`.
    public mutating func allocate(_ family: IPAddress.Family, networkName: String, networkID: String) throws -> IPAddress? {
        guard subnets.contains(where: { $0.family == family }) else { return nil }
        for index in subnets.indices where subnets[index].family == family {
            if let address = subnets[index].allocateNext() { return address }
        }
        throw IPAMError.networkFull(family, networkName: networkName, networkID: networkID)
    }

    /// Takes a static address (`--ip`, `--ip6`) anywhere in the network's subnets.
    /// - Throws: `Invalid address X: It does not belong to any of this network's subnets`, or
    ///   `Address already in use` (also for the gateway, an aux-address, the network or broadcast address).
    public mutating func allocate(_ address: IPAddress) throws {
        guard let index = subnets.firstIndex(where: { $0.contains(address) }) else {
            throw IPAMError.addressNotInSubnets("\(address)")
        }
        try subnets[index].allocate(address)
    }

    /// Gives back an endpoint address; false when it was not handed out (or is a gateway or aux-address).
    @discardableResult
    public mutating func release(_ address: IPAddress) -> Bool {
        guard let index = subnets.firstIndex(where: { $0.contains(address) }) else { return false }
        return subnets[index].release(address)
    }

    /// True when `address` is taken in one of the subnets.
    public func isInUse(_ address: IPAddress) -> Bool {
        subnets.contains { $0.isInUse(address) }
    }
}
