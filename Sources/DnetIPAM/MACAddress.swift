/// A 48-bit Ethernet address.
public struct MACAddress: Hashable, CustomStringConvertible, Codable, Sendable {
    /// The six bytes, first byte first.
    public let bytes: [UInt8]

    /// Builds an address from exactly six bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 6 else { return nil }
        self.bytes = bytes
    }

    /// Parses `aa:bb:cc:dd:ee:ff` or `aa-bb-cc-dd-ee-ff` (hex, either case; one separator
    /// throughout). Byte by byte: every endpoint record holds one, and a start decodes them all.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 17, utf8[2] == UInt8(ascii: ":") || utf8[2] == UInt8(ascii: "-") else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(6)
        for at in stride(from: 0, to: 17, by: 3) {
            guard at == 15 || utf8[at + 2] == utf8[2],
                  let high = Self.hexValue(utf8[at]), let low = Self.hexValue(utf8[at + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Docker's MAC for an endpoint with IPv4 address `a`: `02:42:` then the four address bytes
    /// (a locally administered unicast address, unique as long as the IPv4 address is).
    public static func derived(fromIPv4 a: UInt32) -> MACAddress {
        let ip = (0..<4).map { UInt8(truncatingIfNeeded: a >> UInt32(24 - 8 * $0)) }
        return MACAddress(bytes: [0x02, 0x42] + ip)!
    }

    /// A random locally administered unicast address, as Docker gives each bridge it makes.
    public static func random() -> MACAddress {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[0] = bytes[0] & 0xFE | 0x02
        return MACAddress(bytes: bytes)!
    }

    /// Docker's MAC for an endpoint with address `a`, or nil when `a` is not IPv4.
    public static func derived(from a: IPAddress) -> MACAddress? {
        guard case .v4(let v) = a else { return nil }
        return derived(fromIPv4: v)
    }

    /// Lowercase, colon-separated, as Docker and iproute2 print it.
    public var description: String {
        bytes.map { b in
            let hex = String(b, radix: 16)
            return b < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let mac = MACAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "\(text) is not a valid mac address"))
        }
        self = mac
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
