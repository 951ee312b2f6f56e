/// Builds an answer to a query: header, the question echoed byte for byte (so a client's
/// mixed case survives), answer records whose owner is a pointer to that question, and an
/// OPT record when the client sent one. Records that do not fit `limit` are left out and
/// the TC bit is set, as a client then retries over TCP.
public struct DNSResponse {
    /// Docker's TTL for the embedded server's records.
    public static let ttl: UInt32 = 600
    /// The payload size announced in our OPT record.
    static let ednsSize: UInt16 = 1232

    public private(set) var bytes: [UInt8]
    private let limit: Int
    private let withOPT: Bool
    private var answers: UInt16 = 0

    /// Starts the answer to `query` (read from `packet`) with `rcode`.
    public init(answering query: DNSQuery, packet: UnsafeRawBufferPointer, rcode: UInt8, limit: Int) {
        withOPT = query.ednsPayloadSize != nil
        self.limit = max(limit - (withOPT ? 11 : 0), query.questionEnd)
        bytes = []
        bytes.reserveCapacity(min(limit, 512))
        let flags: UInt16 = 0x8000 | (query.flags & 0x7900) | 0x0080 | UInt16(rcode & 0xF)  // QR, opcode+RD, RA
        Self.put16(query.id, &bytes)
        Self.put16(flags, &bytes)
        Self.put16(1, &bytes)
        Self.put16(0, &bytes); Self.put16(0, &bytes)
        Self.put16(withOPT ? 1 : 0, &bytes)
        bytes.append(contentsOf: packet[DNSWire.headerSize..<query.questionEnd])
    }

    /// An answer with no question, for a packet whose question could not be read.
    public static func bare(id: UInt16, flags: UInt16, rcode: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        put16(id, &out)
        put16(0x8000 | (flags & 0x7900) | 0x0080 | UInt16(rcode & 0xF), &out)
        out.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])
        return out
    }

    /// Appends an A (4 bytes) or AAAA (16 bytes) record for the question's name.
    public mutating func addAddress(_ address: [UInt8]) -> Bool {
        append(type: address.count == 4 ? DNSWire.typeA : DNSWire.typeAAAA, rdata: address)
    }

    /// Appends a PTR record pointing at `target` (dotted, no trailing dot).
    public mutating func addPointer(to target: [UInt8]) -> Bool {
        var rdata: [UInt8] = []
        DNSWire.appendName(target, to: &rdata)
        return append(type: DNSWire.typePTR, rdata: rdata)
    }

    private mutating func append(type: UInt16, rdata: [UInt8]) -> Bool {
        guard bytes.count + 12 + rdata.count <= limit else {
            bytes[2] |= 0x02  // TC
            return false
        }
        bytes.append(0xC0); bytes.append(UInt8(DNSWire.headerSize))  // owner: the question's name
        Self.put16(type, &bytes)
        Self.put16(DNSWire.classIN, &bytes)
        Self.put16(UInt16(Self.ttl >> 16), &bytes)
        Self.put16(UInt16(Self.ttl & 0xFFFF), &bytes)
        Self.put16(UInt16(rdata.count), &bytes)
        bytes.append(contentsOf: rdata)
        answers += 1
        bytes[6] = UInt8(answers >> 8); bytes[7] = UInt8(answers & 0xFF)
        return true
    }

    /// The finished packet.
    public func finish() -> [UInt8] {
        guard withOPT else { return bytes }
        var out = bytes
        out.append(0)  // root owner
        Self.put16(DNSWire.typeOPT, &out)
        Self.put16(Self.ednsSize, &out)
        out.append(contentsOf: [0, 0, 0, 0, 0, 0])  // extended rcode, version, flags, no options
        return out
    }

    @inline(__always)
    static func put16(_ value: UInt16, _ out: inout [UInt8]) {
        out.append(UInt8(value >> 8)); out.append(UInt8(value & 0xFF))
    }
}
