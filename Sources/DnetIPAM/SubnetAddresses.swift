/// The addresses of one subnet of a network: its gateway, its reserved auxiliary
/// addresses, and the endpoint addresses handed out, as Docker's default IPAM keeps them.
///
/// - The network address is never handed out, nor the broadcast address in IPv4.
/// - Endpoints get the lowest free address (first-fit), from the `--ip-range` when one is
///   set; a released address is the first to be handed out again.
/// - A static address (`--ip`) may be anywhere in the subnet, inside the range or not.
/// - The gateway, unless given, is the first free address of the range (so with
///   `--ip-range 10.12.5.0/24` in `10.12.0.0/16` it is `10.12.5.0`, as with Docker).
public struct SubnetAddresses: Hashable, Sendable {
    /// The entry as configured (for a pool subnet: the subnet only).
    public let config: IPAMConfig
    /// True when the subnet came from the address pools, not from `--subnet`.
    public let isFromPool: Bool
    /// The gateway in use: the configured one, or the one chosen at creation.
    public private(set) var gateway: IPAddress

    /// The subnet with host bits cleared.
    public let subnet: CIDR
    public let family: IPAddress.Family
    /// Offset of the last address of the subnet.
    let lastOffset: UInt128

    /// Offsets (from the network address) that dynamic allocation may hand out.
    let window: ClosedRange<UInt128>
    /// Every taken offset: gateway, auxiliary addresses and endpoints.
    private(set) var used = AddressBitmap()
    /// No offset in `window` below this one is free.
    private var freeHint: UInt128

    /// Sets up the subnet and takes its gateway and auxiliary addresses, in Docker's order
    /// and with Docker's errors.
    public init(config: IPAMConfig, isFromPool: Bool = false) throws {
        self.config = config
        self.isFromPool = isFromPool
        subnet = config.subnet.network
        family = subnet.family
        lastOffset = subnet.hostMask
        window = SubnetAddresses.window(subnet: subnet, range: config.ipRange)
        freeHint = window.lowerBound
        gateway = IPAddress.v4(0)   // replaced just below

        if let wanted = config.gateway {
            do {
                try takeStatic(wanted)
            } catch let error as IPAMError {
                throw IPAMError("failed to allocate gateway (\(wanted)): \(error.message)")
            }
            gateway = wanted
        } else {
            guard let chosen = takeNext() else {
                throw IPAMError("failed to allocate gateway (): \(IPAMError.noAvailableAddresses.message)")
            }
            gateway = chosen
        }
        for (name, address) in config.auxiliaryAddresses.sorted(by: { $0.key < $1.key }) {
            do {
                try takeStatic(address)
            } catch let error as IPAMError {
                throw IPAMError("failed to allocate secondary ip address (\(name):\(address)): \(error.message)")
            }
        }
    }

    /// Dynamic allocation covers the range, or the whole subnet when the range is not
    /// narrower than it (Docker clamps a wider range the same way).
    static func window(subnet: CIDR, range: CIDR?) -> ClosedRange<UInt128> {
        let last = subnet.hostMask
        guard let range, range.prefixLength > subnet.prefixLength,
              let start = subnet.offset(of: range.firstAddress) else { return 0...last }
        return start...(start + range.addressCount! - 1)
    }

    public func contains(_ address: IPAddress) -> Bool { subnet.contains(address) }

    /// True when `address` is taken: gateway, auxiliary, endpoint, or the network (or IPv4 broadcast) address.
    public func isInUse(_ address: IPAddress) -> Bool {
        guard let offset = subnet.offset(of: address) else { return false }
        return isReservedBySubnet(offset) || used.contains(offset)
    }

    /// Number of taken addresses, gateway and auxiliary addresses included.
    public var usedCount: Int { used.count }

    /// The endpoint addresses handed out (neither the gateway nor an auxiliary address), ascending.
    public var endpointAddresses: [IPAddress] {
        let fixed = Set([gateway] + config.auxiliaryAddresses.values)
        return takenAddresses.filter { !fixed.contains($0) }
    }

    /// Every taken address, ascending.
    var takenAddresses: [IPAddress] {
        used.runs().flatMap { run in
            stride(from: run.lowerBound, through: run.upperBound, by: 1).map(address(at:))
        }
    }

    /// Hands out the lowest free address of the window, or nil when the window is full.
    public mutating func allocateNext() -> IPAddress? {
        takeNext()
    }

    /// Takes `address` for an endpoint (`--ip`); `Address already in use` when taken or when it is
    /// the network or IPv4 broadcast address, as Docker answers.
    public mutating func allocate(_ address: IPAddress) throws {
        try takeStatic(address)
    }

    /// Gives back an endpoint address; false when it was not handed out, or is the gateway or
    /// an auxiliary address (those live as long as the network).
    @discardableResult
    public mutating func release(_ address: IPAddress) -> Bool {
        guard let offset = subnet.offset(of: address), address != gateway,
              !config.auxiliaryAddresses.values.contains(address),
              used.remove(offset) else { return false }
        if window.contains(offset), offset < freeHint { freeHint = offset }
        return true
    }

    private func isReservedBySubnet(_ offset: UInt128) -> Bool {
        offset == 0 || (family == .ipv4 && offset == lastOffset)
    }

    private func address(at offset: UInt128) -> IPAddress {
        IPAddress(family: family, value: subnet.address.value | offset)
    }

    private mutating func takeStatic(_ address: IPAddress) throws {
        guard let offset = subnet.offset(of: address) else {
            throw IPAMError("Requested address is out of range")
        }
        guard !isReservedBySubnet(offset), used.insert(offset) else { throw IPAMError.addressInUse }
    }

    private mutating func takeNext() -> IPAddress? {
        var from = max(freeHint, window.lowerBound)
        while from <= window.upperBound, let offset = used.firstAbsent(in: from...window.upperBound) {
            if isReservedBySubnet(offset) {
                guard offset < window.upperBound else { break }
                from = offset + 1
                continue
            }
            used.insert(offset)
            freeHint = offset &+ 1
            return address(at: offset)
        }
        freeHint = window.upperBound &+ 1
        return nil
    }
}

extension SubnetAddresses: Codable {
    enum CodingKeys: String, CodingKey {
        case config = "Config", isFromPool = "FromPool", gateway = "Gateway", used = "Used"
    }

    /// Restores the state; `Used` lists runs of taken addresses (`"10.0.0.1"` or `"10.0.0.2-10.0.0.9"`).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        config = try c.decode(IPAMConfig.self, forKey: .config)
        isFromPool = try c.decodeIfPresent(Bool.self, forKey: .isFromPool) ?? false
        gateway = try c.decode(IPAddress.self, forKey: .gateway)
        subnet = config.subnet.network
        family = subnet.family
        lastOffset = subnet.hostMask
        window = SubnetAddresses.window(subnet: subnet, range: config.ipRange)
        freeHint = window.lowerBound
        for text in try c.decode([String].self, forKey: .used) {
            let ends = text.split(separator: "-", maxSplits: 1).map(String.init)
            guard let first = IPAddress(ends[0]), let last = IPAddress(ends.last!),
                  let lo = subnet.offset(of: first), let hi = subnet.offset(of: last), lo <= hi else {
                throw DecodingError.dataCorruptedError(forKey: .used, in: c,
                                                       debugDescription: "bad address run \(text) for \(subnet)")
            }
            used.insert(run: lo...hi)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(config, forKey: .config)
        try c.encode(isFromPool, forKey: .isFromPool)
        try c.encode(gateway, forKey: .gateway)
        let runs = used.runs().map { run -> String in
            let first = address(at: run.lowerBound)
            return run.lowerBound == run.upperBound ? "\(first)" : "\(first)-\(address(at: run.upperBound))"
        }
        try c.encode(runs, forKey: .used)
    }
}

extension SubnetAddresses {
    // The hint is a cache: two states with the same addresses are equal whatever it holds.
    public static func == (lhs: SubnetAddresses, rhs: SubnetAddresses) -> Bool {
        lhs.config == rhs.config && lhs.isFromPool == rhs.isFromPool && lhs.gateway == rhs.gateway
            && lhs.used == rhs.used
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(config)
        hasher.combine(gateway)
        hasher.combine(used.count)
    }
}
