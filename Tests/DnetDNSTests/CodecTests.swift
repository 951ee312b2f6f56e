@testable import DnetDNS
import Testing

/// A query packet as a resolver sends it.
func queryPacket(id: UInt16 = 0x1234, name: String, type: UInt16 = DNSWire.typeA, flags: UInt16 = 0x0100,
                 edns: UInt16? = nil) -> [UInt8] {
    var out: [UInt8] = []
    DNSResponse.put16(id, &out)
    DNSResponse.put16(flags, &out)
    DNSResponse.put16(1, &out)
    out += [0, 0, 0, 0]
    DNSResponse.put16(edns == nil ? 0 : 1, &out)
    for label in name.split(separator: ".") {
        out.append(UInt8(label.utf8.count))
        out += Array(label.utf8)
    }
    out.append(0)
    DNSResponse.put16(type, &out)
    DNSResponse.put16(DNSWire.classIN, &out)
    if let edns {
        out.append(0)
        DNSResponse.put16(DNSWire.typeOPT, &out)
        DNSResponse.put16(edns, &out)
        out += [0, 0, 0, 0, 0, 0]
    }
    return out
}

func parse(_ packet: [UInt8]) throws(DNSQuery.Rejection) -> DNSQuery {
    try packet.withUnsafeBytes { raw in Result { () throws(DNSQuery.Rejection) in try DNSQuery.parse(raw) } }.get()
}

func readName(_ packet: [UInt8], at offset: Int) throws(DNSWire.NameError) -> [UInt8] {
    try packet.withUnsafeBytes { raw in Result { () throws(DNSWire.NameError) in try DNSWire.readName(raw, at: offset).name } }.get()
}

@Suite struct CodecTests {
    @Test func parsesAQueryInLowerCaseWithoutTrailingDot() throws {
        let query = try parse(queryPacket(name: "Web.Front.", type: DNSWire.typeAAAA))
        #expect(query.nameText == "web.front")
        #expect(query.type == DNSWire.typeAAAA)
        #expect(query.id == 0x1234)
        #expect(query.ednsPayloadSize == nil)
        #expect(query.udpLimit == 512)
    }

    @Test func readsTheEDNSPayloadSize() throws {
        let query = try parse(queryPacket(name: "c1", edns: 1232))
        #expect(query.ednsPayloadSize == 1232)
        #expect(try parse(queryPacket(name: "c1", edns: 100)).udpLimit == 512)
        #expect(try parse(queryPacket(name: "c1", edns: 65000)).udpLimit == 4096)
    }

    @Test func followsCompressionPointersBackwards() throws {
        // "example" at 12, then "www" + pointer to 12 at 21.
        var packet = [UInt8](repeating: 0, count: 12)
        packet += [7] + Array("example".utf8) + [0]
        packet += [3] + Array("WWW".utf8) + [0xC0, 12]
        #expect(try readName(packet, at: 21) == Array("www.example".utf8))
        let end = try packet.withUnsafeBytes { try DNSWire.readName($0, at: 21).end }
        #expect(end == packet.count)
    }

    @Test func rejectsPointerLoops() {
        // A pointer to itself, a pointer forwards, and two names pointing at each other.
        var selfLoop = [UInt8](repeating: 0, count: 12) + [0xC0, 12]
        #expect(throws: DNSWire.NameError.pointerLoop) { try readName(selfLoop, at: 12) }
        selfLoop = [UInt8](repeating: 0, count: 12) + [0xC0, 14, 1, 0x61, 0xC0, 12]
        #expect(throws: DNSWire.NameError.pointerLoop) { try readName(selfLoop, at: 12) }
        let mutual = [UInt8](repeating: 0, count: 12) + [1, 0x61, 0xC0, 16, 1, 0x62, 0xC0, 12]
        #expect(throws: DNSWire.NameError.pointerLoop) { try readName(mutual, at: 12) }
    }

    @Test func rejectsTruncatedLongAndBadNames() {
        let header = [UInt8](repeating: 0, count: 12)
        #expect(throws: DNSWire.NameError.truncated) { try readName(header + [5, 0x61, 0x62], at: 12) }
        #expect(throws: DNSWire.NameError.truncated) { try readName(header + [1, 0x61], at: 12) }
        #expect(throws: DNSWire.NameError.badLabel) { try readName(header + [0x41, 0], at: 12) }
        var long = header
        for _ in 0..<5 { long += [63] + [UInt8](repeating: 0x61, count: 63) }
        long.append(0)
        #expect(throws: DNSWire.NameError.tooLong) { try readName(long, at: 12) }
    }

    @Test func dropsShortPacketsAndResponses() {
        #expect(throws: DNSQuery.Rejection.drop) { try parse([1, 2, 3]) }
        #expect(throws: DNSQuery.Rejection.drop) { try parse(queryPacket(name: "c1", flags: 0x8100)) }
    }

    @Test func answersFormErrAndNotImp() {
        var two = queryPacket(name: "c1")
        two[5] = 2
        #expect(throws: DNSQuery.Rejection.answer(rcode: DNSWire.formErr)) { try parse(two) }
        let cut = Array(queryPacket(name: "c1").dropLast(3))
        #expect(throws: DNSQuery.Rejection.answer(rcode: DNSWire.formErr)) { try parse(cut) }
        #expect(throws: DNSQuery.Rejection.answer(rcode: DNSWire.notImp)) { try parse(queryPacket(name: "c1", flags: 0x2800)) }
        let bare = DNSResponse.bare(id: 7, flags: 0x0100, rcode: DNSWire.formErr)
        #expect(bare == [0, 7, 0x81, 0x81, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func encodesAnswersPointingAtTheQuestion() throws {
        let packet = queryPacket(name: "C1", edns: 4096)
        let query = try parse(packet)
        var response = packet.withUnsafeBytes { DNSResponse(answering: query, packet: $0, rcode: 0, limit: query.udpLimit) }
        let added = response.addAddress([10, 0, 0, 2])
        #expect(added)
        let bytes = response.finish()
        // Header: same id, QR+RD+RA, 1 question, 1 answer, 0 authority, 1 additional (OPT).
        #expect(Array(bytes[0..<12]) == [0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 1])
        // The question as sent (case kept), then the record: pointer, A, IN, TTL 600, 4 bytes.
        #expect(Array(bytes[12..<20]) == [2, 0x43, 0x31, 0, 0, 1, 0, 1])
        #expect(Array(bytes[20..<36]) == [0xC0, 12, 0, 1, 0, 1, 0, 0, 0x02, 0x58, 0, 4, 10, 0, 0, 2])
        #expect(Array(bytes[36...]) == [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0])
    }

    @Test func encodesPointerRecords() throws {
        let packet = queryPacket(name: "2.0.0.10.in-addr.arpa", type: DNSWire.typePTR)
        let query = try parse(packet)
        var response = packet.withUnsafeBytes { DNSResponse(answering: query, packet: $0, rcode: 0, limit: 512) }
        let added = response.addPointer(to: Array("c1.front".utf8))
        #expect(added)
        let bytes = response.finish()
        let rdata = Array(bytes[(query.questionEnd + 12)...])
        #expect(rdata == [2, 0x63, 0x31, 5] + Array("front".utf8) + [0])
        #expect(try readName(bytes, at: query.questionEnd + 12) == Array("c1.front".utf8))
    }

    @Test func truncatesAtTheClientLimitAndSetsTC() throws {
        let packet = queryPacket(name: "many")
        let query = try parse(packet)
        var response = packet.withUnsafeBytes { DNSResponse(answering: query, packet: $0, rcode: 0, limit: query.udpLimit) }
        var added = 0
        for i in 0..<100 where response.addAddress([10, 0, 0, UInt8(i)]) { added += 1 }
        let bytes = response.finish()
        #expect(bytes.count <= 512)
        #expect(added == (512 - query.questionEnd) / 16)
        #expect(bytes[2] & 0x02 != 0)
        #expect(Int(bytes[6]) << 8 | Int(bytes[7]) == added)
    }

    @Test func readsReverseNames() {
        #expect(DNSAddress.fromReverseName(Array("2.128.168.192.in-addr.arpa".utf8)) == [192, 168, 128, 2])
        #expect(DNSAddress.fromReverseName(Array("256.1.1.10.in-addr.arpa".utf8)) == nil)
        #expect(DNSAddress.fromReverseName(Array("1.1.10.in-addr.arpa".utf8)) == nil)
        let v6 = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa"
        #expect(DNSAddress.fromReverseName(Array(v6.utf8)) == DNSAddress.parse("fd00::1"))
        #expect(DNSAddress.format([10, 0, 0, 1]) == "10.0.0.1")
        #expect(DNSAddress.format(DNSAddress.parse("fd00::1")!) == "fd00::1")
    }

    @Test func readsHostNameserversWithoutLoopbackOnes() {
        let text = "# comment\nnameserver 127.0.0.53\nnameserver 10.255.255.53\nnameserver ::1\nnameserver fe80::1%eth0\nsearch x\nnameserver 10.255.255.53\n"
        #expect(HostNameservers.parse(Array(text.utf8)) == [[10, 255, 255, 53], DNSAddress.parse("fe80::1")!])
    }
}
