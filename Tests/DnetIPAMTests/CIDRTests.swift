import Foundation
import Testing
@testable import DnetIPAM

@Suite struct CIDRTests {
    // Transcript 03: Docker's texts for each invalid --subnet.
    @Test(arguments: ["10.300.0.0/16", "10.30.0.0", "10.30.0.0/33", "notacidr", "10.0.0.0/", "10.0.0.0/-1",
                      "10.0.0.0/+8", "/24", "fd00::/129", "fd00::/6 4", "10.0.0.0/0016",
                      "10.0.0.0/99999999999999999999", "10.0.0.0/1/2", "10.0.0.0/２４"])
    func invalidTextsAreDockers(text: String) {
        #expect(throws: IPAMError("invalid CIDR address: \(text)")) { try CIDR.parse(text) }
    }

    @Test func keepsAddressAsWritten() throws {
        let c = try CIDR.parse("10.30.0.5/24")
        #expect(c.description == "10.30.0.5/24")
        #expect(c.network.description == "10.30.0.0/24")
        #expect(!c.isNetworkAddress)
        #expect(c.network.isNetworkAddress)
        #expect(c.maskAddress.description == "255.255.255.0")
        #expect(c.lastAddress.description == "10.30.0.255")
    }

    @Test func ipv6Canonical() throws {
        #expect(try CIDR.parse("FD00:0:0:0::/64").description == "fd00::/64")
        #expect(try CIDR.parse("fd00:db8:1::/64").family == .ipv6)
        #expect(try CIDR.parse("::ffff:10.0.0.0/104").description == "::ffff:10.0.0.0/104")
    }

    @Test func hostArithmetic() throws {
        let c = try CIDR.parse("10.0.0.0/24")
        #expect(try c.host(5) == IPAddress("10.0.0.5"))
        #expect(try c.host(0) == IPAddress("10.0.0.0"))
        #expect(try c.host(255) == IPAddress("10.0.0.255"))
        #expect(throws: IPAMError.self) { try c.host(256) }
        #expect(throws: IPAMError.self) { try c.host(-1) }
        // Counted from the network address, whatever host bits were written.
        #expect(try CIDR.parse("10.0.0.77/24").host(1) == IPAddress("10.0.0.1"))
        let v6 = try CIDR.parse("fd00::/64")
        #expect(try v6.host(1).description == "fd00::1")
        #expect(try v6.host(offset: UInt128(UInt64.max)).description == "fd00::ffff:ffff:ffff:ffff")
        #expect(throws: IPAMError.self) { try v6.host(offset: UInt128(1) << 64) }
        #expect(try CIDR.parse("::/0").host(offset: ~0).description == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
    }

    @Test func subnetArithmetic() throws {
        let c = try CIDR.parse("10.0.0.0/16")
        #expect(try c.subnet(prefixLength: 24, index: 3).description == "10.0.3.0/24")
        #expect(try c.subnet(prefixLength: 24, index: 255).description == "10.0.255.0/24")
        #expect(try c.subnet(prefixLength: 16, index: 0).description == "10.0.0.0/16")
        #expect(throws: IPAMError.self) { try c.subnet(prefixLength: 24, index: 256) }
        #expect(throws: IPAMError.self) { try c.subnet(prefixLength: 24, index: -1) }
        #expect(throws: IPAMError.self) { try c.subnet(prefixLength: 8, index: 0) }
        #expect(throws: IPAMError.self) { try c.subnet(prefixLength: 33, index: 0) }
        let v6 = try CIDR.parse("fd00::/48")
        #expect(try v6.subnet(prefixLength: 64, index: 5).description == "fd00:0:0:5::/64")
        #expect(try CIDR.parse("::/0").subnet(prefixLength: 128, index: Int.max).description == "::7fff:ffff:ffff:ffff/128")
    }

    @Test func containsAndOverlaps() throws {
        let big = try CIDR.parse("10.20.0.0/16"), small = try CIDR.parse("10.20.1.0/24")
        let other = try CIDR.parse("10.21.0.0/16"), v6 = try CIDR.parse("fd00::/8")
        #expect(big.contains(IPAddress("10.20.255.255")!))
        #expect(!big.contains(IPAddress("10.21.0.0")!))
        #expect(!v6.contains(IPAddress("10.20.0.1")!))
        #expect(big.overlaps(small) && small.overlaps(big))
        #expect(!big.overlaps(other))
        #expect(!big.overlaps(v6))
        #expect(big.contains(small) && !small.contains(big))
        #expect(try CIDR.parse("0.0.0.0/0").overlaps(big))
        #expect(big.offset(of: IPAddress("10.20.1.2")!) == 258)
        #expect(big.offset(of: IPAddress("10.21.1.2")!) == nil)
    }

    @Test func codable() throws {
        let list = [try CIDR.parse("10.30.0.5/24"), try CIDR.parse("fd00:83::/64")]
        let data = try JSONEncoder().encode(list)
        #expect(String(decoding: data, as: UTF8.self) == #"["10.30.0.5\/24","fd00:83::\/64"]"#)
        #expect(try JSONDecoder().decode([CIDR].self, from: data) == list)
    }
}
