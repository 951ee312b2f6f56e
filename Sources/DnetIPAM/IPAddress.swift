/// An IPv4 or IPv6 address.
///
/// IPv4 sorts before IPv6; within a family, addresses sort numerically. Text is
/// parsed like Go's `net.ParseIP` (no zones, no leading zeros in IPv4) and IPv6 is
/// printed in RFC 5952 canonical form, IPv4-mapped addresses as `::ffff:1.2.3.4`.
/// `::ffff:1.2.3.4` stays an IPv6 address: families are never silently mixed.
public enum IPAddress: Hashable, Comparable, CustomStringConvertible, Codable, Sendable {
    case v4(UInt32)
    case v6(UInt128)

    /// The address family of an address or subnet.
    public enum Family: String, Hashable, Codable, Sendable, CustomStringConvertible {
        case ipv4 = "IPv4"
        case ipv6 = "IPv6"

        /// Number of bits in an address of this family (32 or 128).
        public var bitWidth: Int { self == .ipv4 ? 32 : 128 }

        public var description: String { rawValue }
    }

    /// Parses dotted-quad IPv4 or textual IPv6 (RFC 4291 section 2.2, incl. an embedded IPv4 tail).
    public init?(_ text: String) {
        if text.contains(":") {
            guard let value = IPAddress.parseIPv6(Substring(text)) else { return nil }
            self = .v6(value)
        } else {
            guard let value = IPAddress.parseIPv4(Substring(text)) else { return nil }
            self = .v4(value)
        }
    }

    /// Builds an address of `family` from its numeric value (truncated to the family's width).
    public init(family: Family, value: UInt128) {
        switch family {
        case .ipv4: self = .v4(UInt32(truncatingIfNeeded: value))
        case .ipv6: self = .v6(value)
        }
    }

    public var family: Family {
        switch self {
        case .v4: return .ipv4
        case .v6: return .ipv6
        }
    }

    public var isIPv4: Bool { family == .ipv4 }
    public var isIPv6: Bool { family == .ipv6 }

    /// The address as an unsigned number, widened to 128 bits.
    public var value: UInt128 {
        switch self {
        case .v4(let v): return UInt128(v)
        case .v6(let v): return v
        }
    }

    /// The address bytes in network order (4 or 16 bytes).
    public var bytes: [UInt8] {
        let width = family.bitWidth / 8
        let v = value
        return (0..<width).map { i in UInt8(truncatingIfNeeded: v >> UInt128(8 * (width - 1 - i))) }
    }

    /// Builds an address from 4 or 16 network-order bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        let v = bytes.reduce(UInt128(0)) { ($0 << 8) | UInt128($1) }
        self.init(family: bytes.count == 4 ? .ipv4 : .ipv6, value: v)
    }

    /// True for `::ffff:a.b.c.d`.
    public var isIPv4Mapped: Bool {
        guard case .v6(let v) = self else { return false }
        return v >> 32 == 0xffff
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): return a < b
        case (.v6(let a), .v6(let b)): return a < b
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        }
    }

    public var description: String {
        switch self {
        case .v4(let v): return IPAddress.formatIPv4(v)
        case .v6(let v): return IPAddress.formatIPv6(v)
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "invalid IP address: \(text)"))
        }
        self = address
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: - Text

    /// Byte by byte: every container record holds addresses, and a start decodes them all.
    static func parseIPv4(_ text: Substring) -> UInt32? {
        var result: UInt32 = 0, parts = 0, byte: UInt32 = 0, digits = 0, leadingZero = false
        for c in text.utf8 {
            if c == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                result = result << 8 | byte
                parts += 1
                byte = 0
                digits = 0
                continue
            }
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            // Go rejects leading zeros: "010" would be ambiguous (octal in inet_aton).
            if digits == 1 && leadingZero { return nil }
            if digits == 0 { leadingZero = c == UInt8(ascii: "0") }
            byte = byte * 10 + UInt32(c - UInt8(ascii: "0"))
            digits += 1
            guard digits <= 3, byte <= 255 else { return nil }
        }
        guard digits > 0, parts == 3 else { return nil }
        return result << 8 | byte
    }

    static func parseIPv6(_ text: Substring) -> UInt128? {
        var groups: [UInt16] = []   // groups before "::" then, after it, the tail groups
        var tail: [UInt16] = []
        var sawDoubleColon = false

        var rest = text
        if rest.hasPrefix("::") {
            sawDoubleColon = true
            rest = rest.dropFirst(2)
            if rest.isEmpty { return 0 }
        } else if rest.hasPrefix(":") {
            return nil
        }
        while !rest.isEmpty {
            let end = rest.firstIndex(of: ":") ?? rest.endIndex
            let field = rest[rest.startIndex..<end]
            if field.contains(".") {
                // An embedded IPv4 address must be the last field.
                guard end == rest.endIndex, let v4 = parseIPv4(field) else { return nil }
                let pair = [UInt16(v4 >> 16), UInt16(v4 & 0xffff)]
                if sawDoubleColon { tail += pair } else { groups += pair }
                rest = rest[end...]
                break
            }
            guard !field.isEmpty, field.count <= 4,
                  field.allSatisfy({ $0.isHexDigit && $0.isASCII }),
                  let group = UInt16(field, radix: 16) else { return nil }
            if sawDoubleColon { tail.append(group) } else { groups.append(group) }
            rest = rest[end...]
            if rest.isEmpty { break }
            rest = rest.dropFirst()          // the ":"
            if rest.hasPrefix(":") {
                guard !sawDoubleColon else { return nil }
                sawDoubleColon = true
                rest = rest.dropFirst()
            } else if rest.isEmpty {
                return nil                   // trailing single ":"
            }
        }
        let count = groups.count + tail.count
        if sawDoubleColon {
            guard count <= 7 else { return nil }
            groups += Array(repeating: 0, count: 8 - count) + tail
        } else {
            guard count == 8 else { return nil }
        }
        return groups.reduce(UInt128(0)) { ($0 << 16) | UInt128($1) }
    }

    static func formatIPv4(_ v: UInt32) -> String {
        "\(v >> 24).\(v >> 16 & 0xff).\(v >> 8 & 0xff).\(v & 0xff)"
    }

    static func formatIPv6(_ v: UInt128) -> String {
        if v >> 32 == 0xffff {
            return "::ffff:" + formatIPv4(UInt32(truncatingIfNeeded: v))
        }
        let groups = (0..<8).map { i in UInt16(truncatingIfNeeded: v >> UInt128(16 * (7 - i))) }
        // RFC 5952 4.2: compress the longest run (at least two) of zero groups, the first on a tie.
        var bestStart = -1, bestLength = 0, runStart = -1
        for i in 0...8 {
            if i < 8 && groups[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart > bestLength { bestStart = runStart; bestLength = i - runStart }
                runStart = -1
            }
        }
        let hex = { (g: UInt16) in String(g, radix: 16) }
        guard bestLength >= 2 else { return groups.map(hex).joined(separator: ":") }
        let head = groups[..<bestStart].map(hex).joined(separator: ":")
        let tail = groups[(bestStart + bestLength)...].map(hex).joined(separator: ":")
        return head + "::" + tail
    }
}

extension IPAddress {
    /// Parses a static endpoint address as the daemon checks `--ip` and `--ip6`, failing with
    /// Docker's `invalid IPv4 address: X` / `invalid IPv6 address: X`. Like Docker, `--ip`
    /// takes `::ffff:1.2.3.4` as `1.2.3.4`, and `--ip6` refuses IPv4 and IPv4-mapped addresses.
    public static func parseEndpoint(_ text: String, family: Family) throws -> IPAddress {
        let parsed = IPAddress(text)
        switch (family, parsed) {
        case (.ipv4, .v4?):
            return parsed!
        case (.ipv4, .v6(let v)?) where parsed!.isIPv4Mapped:
            return .v4(UInt32(truncatingIfNeeded: v))
        case (.ipv6, .v6?) where !parsed!.isIPv4Mapped:
            return parsed!
        default:
            throw IPAMError("invalid \(family) address: \(text)")
        }
    }
}
