import Glibc

/// IPv4/IPv6 addresses as raw bytes (4 or 16), from and to text.
public enum DNSAddress {
    /// The bytes of `text`, or nil when it is not an IPv4 or IPv6 address.
    public static func parse(_ text: String) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: 16)
        let family = text.contains(":") ? AF_INET6 : AF_INET
        let ok = bytes.withUnsafeMutableBytes { inet_pton(family, text, $0.baseAddress) } == 1
        guard ok else { return nil }
        return family == AF_INET ? Array(bytes[0..<4]) : bytes
    }

    /// The text form of 4 or 16 bytes.
    public static func format(_ bytes: [UInt8]) -> String {
        var text = [CChar](repeating: 0, count: 64)
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        bytes.withUnsafeBytes { _ = inet_ntop(family, $0.baseAddress, &text, 64) }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The address a reverse name (`4.3.2.1.in-addr.arpa`, nibbles `.ip6.arpa`) stands for.
    public static func fromReverseName(_ name: [UInt8]) -> [UInt8]? {
        let labels = name.split(separator: 0x2E, omittingEmptySubsequences: false)
        if labels.count == 6, labels[4].elementsEqual("in-addr".utf8), labels[5].elementsEqual("arpa".utf8) {
            var out = [UInt8](repeating: 0, count: 4)
            for i in 0..<4 {
                let label = labels[3 - i]
                guard !label.isEmpty, label.count <= 3, label.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
                let value = label.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                guard value <= 255, label.count == 1 || label.first != 0x30 else { return nil }
                out[i] = UInt8(value)
            }
            return out
        }
        if labels.count == 34, labels[32].elementsEqual("ip6".utf8), labels[33].elementsEqual("arpa".utf8) {
            var out = [UInt8](repeating: 0, count: 16)
            for i in 0..<32 {
                let label = labels[31 - i]
                guard label.count == 1, let nibble = hexValue(label.first!) else { return nil }
                out[i / 2] |= i % 2 == 0 ? nibble << 4 : nibble
            }
            return out
        }
        return nil
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}
