/// One entry of a network's IPAM configuration, shaped like Docker's `IPAM.Config[]`:
/// a subnet with its optional `--ip-range`, `--gateway` and `--aux-address`es.
///
/// Encodes with Docker's keys (`Subnet`, `IPRange`, `Gateway`, `AuxiliaryAddresses`),
/// leaving out empty ones as Docker does.
public struct IPAMConfig: Hashable, Codable, Sendable {
    /// The subnet as written (host bits kept, as `docker network inspect` shows it).
    public var subnet: CIDR
    public var ipRange: CIDR?
    public var gateway: IPAddress?
    public var auxiliaryAddresses: [String: IPAddress]

    public init(subnet: CIDR, ipRange: CIDR? = nil, gateway: IPAddress? = nil,
                auxiliaryAddresses: [String: IPAddress] = [:]) {
        self.subnet = subnet
        self.ipRange = ipRange
        self.gateway = gateway
        self.auxiliaryAddresses = auxiliaryAddresses
    }

    public var family: IPAddress.Family { subnet.family }

    enum CodingKeys: String, CodingKey {
        case subnet = "Subnet"
        case ipRange = "IPRange"
        case gateway = "Gateway"
        case auxiliaryAddresses = "AuxiliaryAddresses"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        subnet = try c.decode(CIDR.self, forKey: .subnet)
        ipRange = try c.decodeIfPresent(CIDR.self, forKey: .ipRange)
        gateway = try c.decodeIfPresent(IPAddress.self, forKey: .gateway)
        auxiliaryAddresses = try c.decodeIfPresent([String: IPAddress].self, forKey: .auxiliaryAddresses) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(subnet, forKey: .subnet)
        try c.encodeIfPresent(ipRange, forKey: .ipRange)
        try c.encodeIfPresent(gateway, forKey: .gateway)
        if !auxiliaryAddresses.isEmpty {
            try c.encode(auxiliaryAddresses, forKey: .auxiliaryAddresses)
        }
    }
}
