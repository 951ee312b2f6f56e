import Foundation
import Testing
@testable import DnetIPAM

@Suite struct IPAddressTests {
    @Test(arguments: ["0.0.0.0", "1.2.3.4", "10.80.0.255", "255.255.255.255"])
    func ipv4RoundTrips(text: String) {
        #expect(IPAddress(text)?.description == text)
        #expect(IPAddress(text)?.family == .ipv4)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.04", " 1.2.3.4",
                      "1.2.3.4 ", "1..3.4", "a.b.c.d", "1.2.3.-4", "+1.2.3.4", "1.2.3.", ".1.2.3",
                      "1.2.3.1000", "1.2.3.00", "1.2.3.٤", "1.2.3.4\u{301}"])
    func ipv4Rejects(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test(arguments: [
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),       // tie: the first run is compressed
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),             // the longest run is compressed
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),    // a single zero group stays
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
        ("fd00:DB8:1::", "fd00:db8:1::"),
        ("fe80::42:aff:fe53:2", "fe80::42:aff:fe53:2"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("::ffff:0102:0304", "::ffff:1.2.3.4"),
        ("0:0:0:0:0:ffff:10.0.0.1", "::ffff:10.0.0.1"),
        ("::1.2.3.4", "::102:304"),
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
    ])
    func ipv6CanonicalForm(input: String, canonical: String) {
        #expect(IPAddress(input)?.description == canonical)
        #expect(IPAddress(canonical) == IPAddress(input))
    }

    @Test(arguments: [":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1::2:", ":1::2",
                      "fe80::1%eth0", "::ffff:1.2.3", "1.2.3.4::", "1:2:3:4:5:6:7:1.2.3.4", "g::1",
                      "1:2:3:4:5:6:7", "::ffff:1.2.3.04"])
    func ipv6Rejects(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func mappedAddressStaysIPv6() {
        let mapped = IPAddress("::ffff:1.2.3.4")!
        #expect(mapped.family == .ipv6)
        #expect(mapped.isIPv4Mapped)
        #expect(mapped != IPAddress("1.2.3.4"))
    }

    @Test func ordersNumericallyIPv4First() {
        let list = ["fd00::1", "10.0.0.10", "10.0.0.9", "::1", "9.255.255.255"].map { IPAddress($0)! }
        #expect(list.sorted().map(\.description) == ["9.255.255.255", "10.0.0.9", "10.0.0.10", "::1", "fd00::1"])
    }

    @Test func bytesRoundTrip() {
        #expect(IPAddress("10.83.0.2")!.bytes == [10, 83, 0, 2])
        let v6 = IPAddress("fd00:83::99")!
        #expect(v6.bytes.count == 16)
        #expect(IPAddress(bytes: v6.bytes) == v6)
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
    }

    // Transcript 03: `--ip notanip` → `invalid IPv4 address: notanip`.
    @Test func endpointAddressTexts() throws {
        #expect(try IPAddress.parseEndpoint("10.20.0.10", family: .ipv4) == IPAddress("10.20.0.10"))
        #expect(try IPAddress.parseEndpoint("::ffff:10.20.0.10", family: .ipv4) == IPAddress("10.20.0.10"))
        #expect(try IPAddress.parseEndpoint("fd00:83::99", family: .ipv6) == IPAddress("fd00:83::99"))
        #expect(throws: IPAMError("invalid IPv4 address: notanip")) { try IPAddress.parseEndpoint("notanip", family: .ipv4) }
        #expect(throws: IPAMError("invalid IPv4 address: fd00::1")) { try IPAddress.parseEndpoint("fd00::1", family: .ipv4) }
        #expect(throws: IPAMError("invalid IPv6 address: 10.0.0.1")) { try IPAddress.parseEndpoint("10.0.0.1", family: .ipv6) }
        #expect(throws: IPAMError("invalid IPv6 address: ::ffff:10.0.0.1")) {
            try IPAddress.parseEndpoint("::ffff:10.0.0.1", family: .ipv6)
        }
    }

    @Test func codableAsText() throws {
        let list = [IPAddress("10.0.0.1")!, IPAddress("fd00::1")!]
        let data = try JSONEncoder().encode(list)
        #expect(String(decoding: data, as: UTF8.self) == #"["10.0.0.1","fd00::1"]"#)
        #expect(try JSONDecoder().decode([IPAddress].self, from: data) == list)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([IPAddress].self, from: Data(#"["x"]"#.utf8)) }
    }
}

@Suite struct MACAddressTests {
    @Test func derivedFromIPv4AsDocker() {
        // Transcript 09: v61 at 10.83.0.2 has link/ether 02:42:0a:53:00:02.
        #expect(MACAddress.derived(from: IPAddress("10.83.0.2")!)?.description == "02:42:0a:53:00:02")
        #expect(MACAddress.derived(from: IPAddress("172.17.0.5")!)?.description == "02:42:ac:11:00:05")
        #expect(MACAddress.derived(from: IPAddress("fd00::2")!) == nil)
    }

    @Test func parses() {
        #expect(MACAddress("02:42:AC:11:00:05")?.description == "02:42:ac:11:00:05")
        #expect(MACAddress("02-42-ac-11-00-05")?.description == "02:42:ac:11:00:05")
        #expect(MACAddress("zz") == nil)
        #expect(MACAddress("02:42:ac:11:00") == nil)
        #expect(MACAddress("02:42:ac:11:00:5") == nil)
        #expect(MACAddress("02:42-ac:11:00:05") == nil)   // one separator throughout
        #expect(MACAddress("02:42:ac:11:00:0g") == nil)
        #expect(MACAddress("02:42:ac:11:00:05:") == nil)
        #expect(MACAddress(" 2:42:ac:11:00:05") == nil)
        #expect(MACAddress("0A:0b:Cc:dD:Ee:fF")?.bytes == [0x0a, 0x0b, 0xcc, 0xdd, 0xee, 0xff])
    }
}
