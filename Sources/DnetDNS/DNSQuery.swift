/// A query as the server reads it: the header fields it echoes, the one question, and the
/// client's EDNS payload size.
public struct DNSQuery: Equatable, Sendable {
    public var id: UInt16
    /// Header flags as sent (opcode, RD, ...).
    public var flags: UInt16
    /// The question's name in lower case, dotted, without the trailing dot ("" for the root).
    public var name: [UInt8]
    public var type: UInt16
    public var qclass: UInt16
    /// Where the question section ends in the packet (its bytes are echoed in the answer).
    public var questionEnd: Int
    /// The UDP payload size the client announced in an OPT record, nil without EDNS.
    public var ednsPayloadSize: Int?

    public var nameText: String { String(decoding: name, as: UTF8.self) }

    /// What to do with a packet that is not a usable query.
    public enum Rejection: Error, Equatable {
        /// Too short for a header, or a response: no answer at all.
        case drop
        /// Answer with this response code and no question (FORMERR, NOTIMP).
        case answer(rcode: UInt8)
    }

    /// Parses a packet received from a client.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(Rejection) -> DNSQuery {
        guard bytes.count >= DNSWire.headerSize else { throw .drop }
        let flags = DNSWire.u16(bytes, 2)
        guard flags & 0x8000 == 0 else { throw .drop }  // a response: never answer one
        let opcode = Int(flags >> 11) & 0xF
        guard opcode == 0 else { throw .answer(rcode: DNSWire.notImp) }
        guard DNSWire.u16(bytes, 4) == 1 else { throw .answer(rcode: DNSWire.formErr) }
        let name: [UInt8], nameEnd: Int
        do { (name, nameEnd) = try DNSWire.readName(bytes, at: DNSWire.headerSize) } catch { throw .answer(rcode: DNSWire.formErr) }
        guard nameEnd + 4 <= bytes.count else { throw .answer(rcode: DNSWire.formErr) }
        var query = DNSQuery(id: DNSWire.u16(bytes, 0), flags: flags, name: name,
                             type: DNSWire.u16(bytes, nameEnd), qclass: DNSWire.u16(bytes, nameEnd + 2),
                             questionEnd: nameEnd + 4, ednsPayloadSize: nil)
        let skipped = Int(DNSWire.u16(bytes, 6)) + Int(DNSWire.u16(bytes, 8))
        query.ednsPayloadSize = findOPT(bytes, from: query.questionEnd, skipping: skipped, additional: Int(DNSWire.u16(bytes, 10)))
        return query
    }

    /// The payload size of an OPT record in the additional section; a malformed tail only
    /// means no EDNS.
    private static func findOPT(_ bytes: UnsafeRawBufferPointer, from start: Int, skipping: Int, additional: Int) -> Int? {
        var offset = start
        for index in 0..<(skipping + min(additional, 16)) {
            guard let (_, end) = try? DNSWire.readName(bytes, at: offset), end + 10 <= bytes.count else { return nil }
            let type = DNSWire.u16(bytes, end)
            let length = Int(DNSWire.u16(bytes, end + 8))
            if index >= skipping && type == DNSWire.typeOPT {
                return max(512, Int(DNSWire.u16(bytes, end + 2)))
            }
            offset = end + 10 + length
            guard offset <= bytes.count else { return nil }
        }
        return nil
    }

    /// The largest answer the client takes over UDP.
    public var udpLimit: Int { min(ednsPayloadSize ?? 512, 4096) }
}
