/// The parts of the DNS wire format (RFC 1035) the embedded server reads and writes.
public enum DNSWire {
    public static let headerSize = 12
    /// Record types and the class the server knows by name.
    public static let typeA: UInt16 = 1, typePTR: UInt16 = 12, typeAAAA: UInt16 = 28, typeOPT: UInt16 = 41
    public static let classIN: UInt16 = 1
    /// Response codes.
    public static let noError: UInt8 = 0, formErr: UInt8 = 1, servFail: UInt8 = 2, nxDomain: UInt8 = 3,
                      notImp: UInt8 = 4, refused: UInt8 = 5
    /// Longest name on the wire (RFC 1035 2.3.4) and the most compression hops followed.
    static let maxNameLength = 255
    static let maxPointerHops = 64

    /// Reads a big-endian 16-bit value at `offset` (the caller checked the bounds).
    @inline(__always)
    static func u16(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    /// Why a name could not be read.
    public enum NameError: Error, Equatable {
        case truncated, tooLong, badLabel, pointerLoop
    }

    /// Reads the (possibly compressed) name at `offset`: returns its labels joined by dots in
    /// lower case (ASCII), without the trailing dot ("" for the root), and the offset just after
    /// the name where it starts. A compression pointer must point strictly backwards from where
    /// it stands, so no chain of pointers can loop; hops and length are bounded too.
    public static func readName(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(NameError) -> (name: [UInt8], end: Int) {
        var name: [UInt8] = []
        name.reserveCapacity(32)
        var position = offset
        var end = -1
        var hops = 0
        var wireLength = 1
        var limit = offset  // a pointer must go below the start of the name it appears in
        while true {
            guard position < bytes.count else { throw .truncated }
            let length = Int(bytes[position])
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    if end < 0 { end = position + 1 }
                    return (name, end)
                }
                guard position + 1 + length <= bytes.count else { throw .truncated }
                wireLength += length + 1
                guard wireLength <= maxNameLength else { throw .tooLong }
                if !name.isEmpty { name.append(0x2E) }
                for i in (position + 1)...(position + length) {
                    var c = bytes[i]
                    if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                    name.append(c)
                }
                position += 1 + length
            case 0xC0:
                guard position + 1 < bytes.count else { throw .truncated }
                let target = Int(u16(bytes, position) & 0x3FFF)
                if end < 0 { end = position + 2 }
                hops += 1
                guard target < limit, hops <= maxPointerHops else { throw .pointerLoop }
                limit = target
                position = target
            default:
                throw .badLabel  // 0x40 and 0x80 label types are obsolete or unassigned
            }
        }
    }

    /// Appends `name` (dotted, no trailing dot) uncompressed to `out`. Labels longer than 63
    /// bytes or empty labels are cut out rather than written wrong.
    static func appendName(_ name: [UInt8], to out: inout [UInt8]) {
        var start = 0
        var i = 0
        while i <= name.count {
            if i == name.count || name[i] == 0x2E {
                let length = i - start
                if length > 0 && length <= 63 {
                    out.append(UInt8(length))
                    out.append(contentsOf: name[start..<i])
                }
                start = i + 1
            }
            i += 1
        }
        out.append(0)
    }
}
