/// A 48-bit Ethernet address.
public struct MACAddress: Hashable, CustomStringConvertible, Codable, Sendable {
    /// The six bytes, first byte first.
    public let bytes: [UInt8]

    /// Builds an address from exactly six bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 6 else { return nil }
        self.bytes = bytes
    }

    /// Parses `aa:bb:cc:dd:ee:ff` or `aa-bb-cc-dd-ee-ff` (hex, either case).
    public init?(_ text: String) {
        let separator: Character = text.contains("-") ? "-" : ":"
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard part.count == 2, part.allSatisfy({ $0.isHexDigit && $0.isASCII }),
                  let byte = UInt8(part, radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.bytes = bytes
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
