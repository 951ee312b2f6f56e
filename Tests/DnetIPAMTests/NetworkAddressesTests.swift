import Foundation
import Testing
@testable import DnetIPAM

private func cidr(_ text: String) -> CIDR { try! CIDR.parse(text) }
private func ip(_ text: String) -> IPAddress { IPAddress(text)! }

private func network(_ subnets: [String], ranges: [String] = [], gateways: [String] = [],
                     aux: [String] = []) throws -> NetworkAddresses {
    try NetworkAddresses(configs: IPAMRequest(subnets: subnets, ipRanges: ranges, gateways: gateways,
                                              auxAddresses: aux).configs)
}

private extension NetworkAddresses {
    mutating func next(_ family: IPAddress.Family = .ipv4) throws -> IPAddress? {
        try allocate(family, networkName: "n", networkID: "id")
    }
}

@Suite struct NetworkAddressesTests {
    // Transcript 09: a1 a2 a3 get .2 .3 .4; a2 removed; a4 gets .3 back, a5 gets .5.
    @Test func firstFitReusesTheLowestFreed() throws {
        var n = try network(["10.80.0.0/24"])
        #expect(n.gateway(.ipv4) == ip("10.80.0.1"))
        let a = try (0..<3).map { _ in try n.next()! }
        #expect(a == [ip("10.80.0.2"), ip("10.80.0.3"), ip("10.80.0.4")])
        let first = n.release(ip("10.80.0.3")), second = n.release(ip("10.80.0.3"))
        #expect(first && !second)
        #expect(try n.next() == ip("10.80.0.3"))
        #expect(try n.next() == ip("10.80.0.5"))
    }

    // Transcript 03 (`--net ov1 --ip …`).
    @Test func staticAddresses() throws {
        var n = try network(["10.20.0.0/16"])
        try n.allocate(ip("10.20.0.10"))
        #expect(throws: IPAMError("Address already in use")) { try n.allocate(ip("10.20.0.10")) }
        #expect(throws: IPAMError.addressInUse) { try n.allocate(ip("10.20.0.1")) }       // gateway
        #expect(throws: IPAMError.addressInUse) { try n.allocate(ip("10.20.0.0")) }       // network
        #expect(throws: IPAMError.addressInUse) { try n.allocate(ip("10.20.255.255")) }   // broadcast
        #expect(throws: IPAMError("Invalid address 10.21.0.5: It does not belong to any of this network's subnets")) {
            try n.allocate(ip("10.21.0.5"))
        }
        #expect(throws: IPAMError.addressNotInSubnets("fd00::5")) { try n.allocate(ip("fd00::5")) }
        // First-fit goes around the static address.
        for expected in ["10.20.0.2", "10.20.0.3", "10.20.0.4", "10.20.0.5", "10.20.0.6", "10.20.0.7",
                         "10.20.0.8", "10.20.0.9", "10.20.0.11"] {
            #expect(try n.next() == ip(expected))
        }
        #expect(n.firstSubnet(.ipv4)?.endpointAddresses.count == 10)
    }

    // Transcript 02/03: n-aux (aux .5 and .6; `--ip 10.13.0.5` is in use).
    @Test func auxAddressesAreNeverHandedOut() throws {
        var n = try network(["10.13.0.0/24"], aux: ["host1=10.13.0.5", "host2=10.13.0.6"])
        #expect(throws: IPAMError.addressInUse) { try n.allocate(ip("10.13.0.5")) }
        let got = try (0..<4).map { _ in try n.next()!.description }
        #expect(got == ["10.13.0.2", "10.13.0.3", "10.13.0.4", "10.13.0.7"])
        let auxReleased = n.release(ip("10.13.0.5")), gatewayReleased = n.release(ip("10.13.0.1"))
        #expect(!auxReleased && !gatewayReleased)
        #expect(n.isInUse(ip("10.13.0.6")))
    }

    // Transcript 02: n-iprange's bridge got 10.12.5.0/16; n-gw's 10.11.0.254.
    @Test func gatewayDefaultsAndUserGateway() throws {
        var ranged = try network(["10.12.0.0/16"], ranges: ["10.12.5.0/24"])
        #expect(ranged.gateway(.ipv4) == ip("10.12.5.0"))
        #expect(try ranged.next() == ip("10.12.5.1"))
        // A static address may lie outside the range.
        try ranged.allocate(ip("10.12.9.9"))
        #expect(ranged.dockerConfig.map(\.gateway) == [nil])

        var gw = try network(["10.11.0.0/24"], gateways: ["10.11.0.254"])
        #expect(gw.gateway(.ipv4) == ip("10.11.0.254"))
        #expect(try gw.next() == ip("10.11.0.1"))

        // n-combo: gateway outside the range, endpoints from the range only.
        var combo = try network(["10.16.0.0/24"], ranges: ["10.16.0.128/25"], gateways: ["10.16.0.1"])
        #expect(try combo.next() == ip("10.16.0.128"))
        for _ in 0..<126 { _ = try combo.next() }
        #expect(throws: IPAMError("no available IPv4 addresses on this network's address pools: n (id)")) {
            try combo.next()
        }
        try combo.allocate(ip("10.16.0.2"))
    }

    @Test func gatewayAndAuxConflictsUseDockersTexts() throws {
        #expect(throws: IPAMError("failed to allocate gateway (10.0.0.0): Address already in use")) {
            try network(["10.0.0.0/24"], gateways: ["10.0.0.0"])
        }
        #expect(throws: IPAMError("failed to allocate gateway (10.0.0.255): Address already in use")) {
            try network(["10.0.0.0/24"], gateways: ["10.0.0.255"])
        }
        // The default gateway is taken before the aux-addresses, as in libnetwork.
        #expect(throws: IPAMError("failed to allocate secondary ip address (a:10.0.0.1): Address already in use")) {
            try network(["10.0.0.0/24"], aux: ["a=10.0.0.1"])
        }
        #expect(throws: IPAMError("failed to allocate secondary ip address (b:10.0.0.9): Address already in use")) {
            try network(["10.0.0.0/24"], gateways: ["10.0.0.9"], aux: ["b=10.0.0.9"])
        }
        #expect(throws: IPAMError("failed to allocate gateway (): No available addresses on this pool")) {
            try network(["10.0.0.0/31"])
        }
    }

    @Test func smallSubnets() throws {
        var n = try network(["10.0.0.0/30"])
        #expect(n.gateway(.ipv4) == ip("10.0.0.1"))
        #expect(try n.next() == ip("10.0.0.2"))
        #expect(throws: IPAMError.networkFull(.ipv4, networkName: "n", networkID: "id")) { try n.next() }
        #expect(try n.next(.ipv6) == nil)   // no IPv6 subnet: nothing to hand out, no error
    }

    // Transcript 09: v6net, v61 gets 10.83.0.2 and fd00:83::2; v62 asks for fd00:83::99 and gets 10.83.0.3.
    @Test func dualStack() throws {
        var n = try network(["10.83.0.0/24", "fd00:83::/64"])
        #expect(n.gateway(.ipv6) == ip("fd00:83::1"))
        #expect(try n.next(.ipv4) == ip("10.83.0.2"))
        #expect(try n.next(.ipv6) == ip("fd00:83::2"))
        #expect(try n.next(.ipv4) == ip("10.83.0.3"))
        try n.allocate(ip("fd00:83::99"))
        #expect(try n.next(.ipv6) == ip("fd00:83::3"))
        // IPv6 hands out the last address of the subnet (no broadcast), never the network address.
        try n.allocate(ip("fd00:83::ffff:ffff:ffff:ffff"))
        #expect(throws: IPAMError.addressInUse) { try n.allocate(ip("fd00:83::")) }
    }

    @Test func ipv6Slash64IsSparse() throws {
        var n = try network(["fd00:1::/64"])
        let clock = ContinuousClock()
        var got: [IPAddress] = []
        let elapsed = try clock.measure {
            for _ in 0..<10_000 { got.append(try n.next(.ipv6)!) }
        }
        print("10,000 addresses in an IPv6 /64: \(elapsed)")
        #expect(got.first == ip("fd00:1::2") && got.last == ip("fd00:1::2711"))
        #expect(Set(got).count == 10_000)
        // Two far-apart statics add one chunk each, not memory for the range between them.
        try n.allocate(ip("fd00:1::8000:0:0:1"))
        try n.allocate(ip("fd00:1::ffff:ffff:ffff:fffe"))
        let used = n.firstSubnet(.ipv6)!.used
        #expect(used.chunks.count == 5)
        #expect(used.count == 10_003)
    }

    @Test func slash8HundredThousand() throws {
        var n = try network(["10.0.0.0/8"])
        let subnet = cidr("10.0.0.0/8")
        let clock = ContinuousClock()
        var got: [IPAddress] = []
        got.reserveCapacity(100_000)
        let elapsed = try clock.measure {
            for _ in 0..<100_000 { got.append(try n.next()!) }
        }
        print("100,000 addresses in a /8: \(elapsed)")
        #expect(elapsed < .seconds(1))
        #expect(Set(got).count == 100_000)
        #expect(got.allSatisfy { subnet.contains($0) && $0 != ip("10.0.0.0") && $0 != ip("10.0.0.1") })
        #expect(got.last == ip("10.1.134.161"))   // offset 100,001
        // Release a block in the middle: it comes back first, lowest first.
        for offset in 50_000..<50_010 { n.release(try subnet.host(offset)) }
        #expect(try n.next() == (try subnet.host(50_000)))
        #expect(try n.next() == (try subnet.host(50_001)))
    }

    @Test func fullSlash16ThenReleaseOne() throws {
        var n = try network(["10.9.0.0/16"])
        var count = 0
        while (try? n.next()) != nil { count += 1 }
        #expect(count == 65536 - 3)   // network, gateway, broadcast
        let released = n.release(ip("10.9.200.7"))
        #expect(released)
        #expect(try n.next() == ip("10.9.200.7"))
    }

    @Test func serializationRoundTrip() throws {
        var n = try network(["10.80.0.0/24", "fd00:83::/64"], ranges: ["10.80.0.0/25"], aux: ["x=10.80.0.200"])
        for _ in 0..<20 { _ = try n.next(.ipv4) }
        for _ in 0..<3 { _ = try n.next(.ipv6) }
        n.release(ip("10.80.0.7"))
        n.release(ip("10.80.0.8"))
        try n.allocate(ip("10.80.0.250"))
        let data = try JSONEncoder().encode(n)
        var restored = try JSONDecoder().decode(NetworkAddresses.self, from: data)
        #expect(restored == n)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""10.80.0.1-10.80.0.6""#) && text.contains(#""10.80.0.9-10.80.0.21""#))
        #expect(try restored.next() == ip("10.80.0.7"))
        #expect(try n.next() == ip("10.80.0.7"))
        #expect(restored == n)

        // Rebuilt from the configuration and the endpoint addresses alone: the same state.
        var rebuilt = try NetworkAddresses(configs: n.subnets.map(\.config))
        for address in n.subnets.flatMap(\.endpointAddresses) { try rebuilt.allocate(address) }
        #expect(rebuilt == n)
    }

    @Test func corruptStateIsRejected() {
        let json = #"{"subnets":[{"Config":{"Subnet":"10.0.0.0/24"},"Gateway":"10.0.0.1","Used":["10.0.1.1"]}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(NetworkAddresses.self, from: Data(json.utf8)) }
    }
}

@Suite struct NetworkCreateTests {
    private let existing = (17...20).map { cidr("172.\($0).0.0/16") } + [cidr("10.20.0.0/16")]

    // Transcript 03: overlapping subnets.
    @Test(arguments: ["10.20.1.0/24", "10.20.0.0/16", "10.0.0.0/8", "172.17.5.0/24"])
    func overlapWithAnotherNetwork(subnet: String) throws {
        var pools = try AddressPools()
        #expect(throws: IPAMError("Pool overlaps with other one on this address space")) {
            try NetworkAddresses.create(IPAMRequest(subnets: [subnet]), enableIPv6: false,
                                        existingSubnets: existing, pools: &pools)
        }
    }

    // Transcript 02: `--ipv6 --subnet fd00:db8:1::/64` gets an IPv4 pool too; inspect shows its gateway.
    @Test func ipv6SubnetWithPoolIPv4() throws {
        var pools = try AddressPools()
        let n = try NetworkAddresses.create(IPAMRequest(subnets: ["fd00:db8:1::/64"]), enableIPv6: true,
                                            existingSubnets: existing, pools: &pools)
        // JSONEncoder does not keep key order: compare the objects.
        let json = try JSONDecoder().decode([[String: String]].self, from: JSONEncoder().encode(n.dockerConfig))
        #expect(json == [["Subnet": "172.21.0.0/16", "Gateway": "172.21.0.1"], ["Subnet": "fd00:db8:1::/64"]])
        #expect(n.gateway(.ipv6) == ip("fd00:db8:1::1"))
        #expect(!n.hasUserConfiguredSubnet(.ipv4) && n.hasUserConfiguredSubnet(.ipv6))
        #expect(n.allSubnets == [cidr("172.21.0.0/16"), cidr("fd00:db8:1::/64")])
    }

    // Transcript 03: `--ipv6` alone fails, and the pool cursor is left as it was.
    @Test func ipv6WithoutSubnetFailsAtomically() throws {
        var pools = try AddressPools()
        #expect(throws: IPAMError("could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network")) {
            try NetworkAddresses.create(IPAMRequest(), enableIPv6: true, existingSubnets: existing, pools: &pools)
        }
        #expect(pools.cursor == 0)
        let n = try NetworkAddresses.create(IPAMRequest(), enableIPv6: false, existingSubnets: existing, pools: &pools)
        #expect(n.allSubnets == [cidr("172.21.0.0/16")] && pools.cursor == 5)
    }

    @Test func userSubnetsIgnoreHostRoutes() throws {
        var pools = try AddressPools()
        let n = try NetworkAddresses.create(IPAMRequest(subnets: ["10.10.0.0/24"]), enableIPv6: false,
                                            existingSubnets: [], hostRoutes: [cidr("10.0.0.0/8")], pools: &pools)
        #expect(n.dockerConfig == [IPAMConfig(subnet: cidr("10.10.0.0/24"))])
        #expect(n.gateway(.ipv4) == ip("10.10.0.1") && pools.cursor == 0)
        let auto = try NetworkAddresses.create(IPAMRequest(), enableIPv6: false, existingSubnets: [],
                                               hostRoutes: [cidr("172.17.0.1/32")], pools: &pools)
        #expect(auto.allSubnets == [cidr("172.18.0.0/16")])
    }
}
