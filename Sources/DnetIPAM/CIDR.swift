/// An address with a prefix length, e.g. `10.0.3.7/24` or `fd00::/64`.
///
/// `address` keeps the bits the user wrote (like Go's `net.ParseCIDR` keeps the IP);
/// `network` is the masked form.
public struct CIDR: Hashable, CustomStringConvertible, Codable, Sendable {
    public var address: IPAddress
    public var prefixLength: Int

    /// Builds a CIDR; throws when `prefixLength` does not fit the address family.
    public init(address: IPAddress, prefixLength: Int) throws {
        guard (0...address.family.bitWidth).contains(prefixLength) else {
            throw IPAMError("invalid CIDR address: \(address)/\(prefixLength)")
        }
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `address/prefix`, failing with Docker's (Go's) text `invalid CIDR address: <text>`.
    public static func parse(_ text: String) throws -> CIDR {
        guard let slash = text.utf8.firstIndex(of: UInt8(ascii: "/")) else { throw invalidCIDR(text) }
        let lengthText = text.utf8[text.utf8.index(after: slash)...]
        guard !lengthText.isEmpty, lengthText.count <= 3 else { throw invalidCIDR(text) }
        var length = 0
        for c in lengthText {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { throw invalidCIDR(text) }
            length = length * 10 + Int(c - UInt8(ascii: "0"))
        }
        guard let address = IPAddress(String(text[..<slash])), length <= address.family.bitWidth else {
            throw invalidCIDR(text)
        }
        return try CIDR(address: address, prefixLength: length)
    }

    private static func invalidCIDR(_ text: String) -> IPAMError { IPAMError("invalid CIDR address: \(text)") }

    public var family: IPAddress.Family { address.family }

    /// Number of host bits (address width minus prefix length).
    public var hostBits: Int { family.bitWidth - prefixLength }

    /// The network mask as a number of the family's width.
    public var mask: UInt128 {
        let width = family.bitWidth
        let all: UInt128 = width == 128 ? ~0 : (UInt128(1) << UInt128(width)) - 1
        return hostBits == width ? 0 : all & ~((UInt128(1) << UInt128(hostBits)) - 1)
    }

    /// The mask as an address (`255.255.255.0` for a /24).
    public var maskAddress: IPAddress { IPAddress(family: family, value: mask) }

    /// The same prefix with the host bits cleared.
    public var network: CIDR {
        var masked = self
        masked.address = firstAddress
        return masked
    }

    /// True when the host bits of `address` are all zero.
    public var isNetworkAddress: Bool { address == firstAddress }

    /// The lowest address of the prefix (the network address).
    public var firstAddress: IPAddress { IPAddress(family: family, value: address.value & mask) }

    /// The highest address of the prefix (the IPv4 broadcast address).
    public var lastAddress: IPAddress { IPAddress(family: family, value: address.value | hostMask) }

    /// Number of addresses in the prefix, or nil when it does not fit in 128 bits (an IPv6 /0).
    public var addressCount: UInt128? {
        hostBits >= 128 ? nil : UInt128(1) << UInt128(hostBits)
    }

    var hostMask: UInt128 {
        hostBits >= 128 ? ~0 : (UInt128(1) << UInt128(hostBits)) - 1
    }

    /// The address `n` places after the network address (`10.0.0.0/24`.host(5) is 10.0.0.5).
    public func host(_ n: Int) throws -> IPAddress {
        guard n >= 0 else { throw IPAMError("host index \(n) is negative") }
        return try host(offset: UInt128(n))
    }

    /// The address `offset` places after the network address; throws past the end of the prefix.
    public func host(offset: UInt128) throws -> IPAddress {
        guard offset <= hostMask else {
            throw IPAMError("host index \(offset) is outside \(network)")
        }
        return IPAddress(family: family, value: (address.value & mask) + offset)
    }

    /// The offset of `a` from the network address, or nil when `a` is outside the prefix.
    public func offset(of a: IPAddress) -> UInt128? {
        contains(a) ? a.value & hostMask : nil
    }

    /// The `index`-th sub-prefix of length `prefixLength` (`10.0.0.0/16` → index 3 at /24 is `10.0.3.0/24`).
    public func subnet(prefixLength length: Int, index: Int) throws -> CIDR {
        guard length >= prefixLength, length <= family.bitWidth else {
            throw IPAMError("cannot split \(network) into /\(length) subnets")
        }
        let extraBits = length - prefixLength
        guard index >= 0, extraBits >= 64 || index < 1 << extraBits else {
            throw IPAMError("subnet index \(index) is outside \(network) split into /\(length) subnets")
        }
        let start = (address.value & mask) + (UInt128(index) << UInt128(family.bitWidth - length))
        return try CIDR(address: IPAddress(family: family, value: start), prefixLength: length)
    }

    /// True when `a` (of the same family) lies in this prefix.
    public func contains(_ a: IPAddress) -> Bool {
        a.family == family && a.value & mask == address.value & mask
    }

    /// True when every address of `other` lies in this prefix.
    public func contains(_ other: CIDR) -> Bool {
        other.family == family && other.prefixLength >= prefixLength && contains(other.address)
    }

    /// True when the two prefixes share at least one address.
    public func overlaps(_ other: CIDR) -> Bool {
        contains(other.address) || other.contains(address)
    }

    public var description: String { "\(address)/\(prefixLength)" }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try CIDR.parse(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
