/// One `--default-address-pool base=CIDR,size=N` (daemon.json: `{"base": …, "size": …}`):
/// `base` split into subnets of prefix length `size`, handed out in address order.
public struct DefaultAddressPool: Hashable, Sendable, CustomStringConvertible {
    /// The base range, host bits cleared.
    public let base: CIDR
    /// Prefix length of each subnet taken from `base`.
    public let size: Int

    /// Checks `size` as Docker does (`invalid pools size: N`) and that the split stays countable.
    public init(base: CIDR, size: Int) throws {
        guard size > 0, size >= base.prefixLength, size <= base.family.bitWidth else {
            throw IPAMError("invalid pools size: \(size)")
        }
        guard size - base.prefixLength <= DefaultAddressPool.maxSplitBits else {
            throw IPAMError("default address pool \(base.network) split into /\(size) subnets is too large: at most 2^\(DefaultAddressPool.maxSplitBits) subnets per pool")
        }
        self.base = base.network
        self.size = size
    }

    /// Keeps subnet counts and indexes in an `Int`.
    static let maxSplitBits = 48

    /// Parses the value of `--default-address-pool` (`base=172.80.0.0/16,size=24`) with Docker's errors.
    public static func parse(_ value: String) throws -> DefaultAddressPool {
        var baseText = "", size = 0
        // Docker reads the value as one CSV record; keys and values are case-insensitive.
        for field in value.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard let equals = field.firstIndex(of: "=") else {
                throw IPAMError("invalid field '\(field)' must be a key=value pair")
            }
            let key = field[..<equals].lowercased()
            let text = field[field.index(after: equals)...].lowercased()
            switch key {
            case "base":
                baseText = text
            case "size":
                guard let number = Int(text) else {
                    throw IPAMError("invalid size value: \"\(text)\" (must be integer): strconv.Atoi: parsing \"\(text)\": invalid syntax")
                }
                size = number
            default:
                throw IPAMError("unexpected key '\(key)' in '\(field)'")
            }
        }
        return try DefaultAddressPool(baseText: baseText, size: size)
    }

    init(baseText: String, size: Int) throws {
        let base: CIDR
        do {
            base = try CIDR.parse(baseText)
        } catch let error as IPAMError {
            throw IPAMError("invalid base pool \"\(baseText)\": \(error.message)")
        }
        try self.init(base: base, size: size)
    }

    /// Docker's defaults: 172.17.0.0/16 … 172.31.0.0/16 as /16s, then 192.168.0.0/16 as /20s (31 subnets).
    public static let dockerDefaults: [DefaultAddressPool] = [
        ("172.17.0.0/16", 16), ("172.18.0.0/16", 16), ("172.19.0.0/16", 16),
        ("172.20.0.0/14", 16), ("172.24.0.0/14", 16), ("172.28.0.0/14", 16),
        ("192.168.0.0/16", 20),
    ].map { try! DefaultAddressPool(base: CIDR.parse($0.0), size: $0.1) }

    /// Number of subnets in the pool.
    public var subnetCount: Int { 1 << (size - base.prefixLength) }

    /// The `index`-th subnet of the pool.
    public func subnet(at index: Int) -> CIDR {
        try! base.subnet(prefixLength: size, index: index)
    }

    /// Index of the first subnet that starts after `address` (or `subnetCount`).
    func index(after address: IPAddress) -> Int {
        guard address.value >= base.address.value else { return 0 }
        let step = UInt128(base.family.bitWidth - size)
        let index = (address.value - base.address.value) >> step + 1
        return index >= UInt128(subnetCount) ? subnetCount : Int(index)
    }

    public var description: String { "base=\(base),size=\(size)" }
}

extension DefaultAddressPool: Codable {
    enum CodingKeys: String, CodingKey { case base, size }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(baseText: try c.decodeIfPresent(String.self, forKey: .base) ?? "",
                          size: try c.decodeIfPresent(Int.self, forKey: .size) ?? 0)
        } catch let error as IPAMError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(base, forKey: .base)
        try c.encode(size, forKey: .size)
    }
}
