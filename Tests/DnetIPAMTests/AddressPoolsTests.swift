import Foundation
import Testing
@testable import DnetIPAM

private func cidr(_ text: String) -> CIDR { try! CIDR.parse(text) }
private func cidrs(_ texts: [String]) -> [CIDR] { texts.map(cidr) }

@Suite struct AddressPoolsTests {
    @Test func dockerDefaultsOrder() throws {
        let pools = try AddressPools()
        #expect(pools.count == 31)
        let all = (0..<pools.count).map { pools.candidate(at: $0).description }
        let expected = (17...31).map { "172.\($0).0.0/16" } + stride(from: 0, to: 256, by: 16).map { "192.168.\($0).0/20" }
        #expect(all == expected)
    }

    @Test func emptyHostTakesAllThenExhausts() throws {
        var pools = try AddressPools()
        var taken: [CIDR] = []
        for _ in 0..<31 { taken.append(try pools.allocate(.ipv4, existingSubnets: taken)) }
        #expect(Set(taken).count == 31)
        #expect(taken.first?.description == "172.17.0.0/16" && taken.last?.description == "192.168.240.0/20")
        #expect(throws: IPAMError("could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network")) {
            try pools.allocate(.ipv4, existingSubnets: taken)
        }
        #expect(throws: IPAMError.poolsExhausted(.ipv6)) { try pools.allocate(.ipv6, existingSubnets: []) }
    }

    // Transcript 04, replayed: the networks that exist after the daemon restart (cursor 0).
    @Test func transcript04Order() throws {
        var existing = cidrs(["10.10.0.0/24", "10.11.0.0/24", "10.12.0.0/16", "10.13.0.0/24", "10.14.0.0/24",
                              "10.15.0.0/24", "fd00:db8:2::/64", "10.16.0.0/24", "fd00:db8:1::/64",
                              "192.168.50.0/24", "192.168.60.0/24"]) + (17...27).map { cidr("172.\($0).0.0/16") }
        var pools = try AddressPools()
        var created: [String: CIDR] = [:]
        for i in 1...7 {
            let subnet = try pools.allocate(.ipv4, existingSubnets: existing)
            created["pool\(i)"] = subnet
            existing.append(subnet)
        }
        #expect((1...7).map { created["pool\($0)"]!.description } == [
            "172.28.0.0/16", "172.29.0.0/16", "172.30.0.0/16", "172.31.0.0/16",
            "192.168.0.0/20", "192.168.16.0/20", "192.168.32.0/20"])

        // rm pool2: next-fit does not go back to it; 192.168.48.0/20 holds 192.168.50/24 and .60/24.
        existing.removeAll { $0 == created["pool2"] }
        let poolX = try pools.allocate(.ipv4, existingSubnets: existing)
        #expect(poolX.description == "192.168.64.0/20")
        existing.append(poolX)

        // rm pool3, then a manual 172.30.5.0/24.
        existing.removeAll { $0 == created["pool3"] }
        existing.append(cidr("172.30.5.0/24"))
        #expect(try pools.allocate(.ipv4, existingSubnets: existing).description == "192.168.80.0/20")
    }

    @Test func nextFitWrapsToFreedPools() throws {
        var pools = try AddressPools()
        var taken: [CIDR] = []
        for _ in 0..<3 { taken.append(try pools.allocate(.ipv4, existingSubnets: taken)) }
        let freed = taken.removeFirst()                    // 172.17.0.0/16
        #expect(try pools.allocate(.ipv4, existingSubnets: taken).description == "172.20.0.0/16")
        // Fill the rest: only after wrapping does the freed subnet come back.
        var last = CIDR?.none
        for _ in 0..<27 {
            let next = try pools.allocate(.ipv4, existingSubnets: taken + [cidr("172.20.0.0/16")])
            taken.append(next)
            last = next
        }
        #expect(last?.description == "192.168.240.0/20")
        #expect(try pools.allocate(.ipv4, existingSubnets: taken + [cidr("172.20.0.0/16")]) == freed)
    }

    @Test func skipsHostRoutesAndAddresses() throws {
        var pools = try AddressPools()
        let routes = cidrs(["0.0.0.0/0", "172.17.0.0/16", "172.18.0.7/32", "172.19.128.0/17"])
        #expect(try pools.allocate(.ipv4, existingSubnets: [], hostRoutes: routes).description == "172.20.0.0/16")
        // Docker moves its cursor past the candidates refused for a route.
        #expect(pools.cursor == 4)
        // A wide route skips every candidate inside it.
        var wide = try AddressPools()
        let subnet = try wide.allocate(.ipv4, existingSubnets: [], hostRoutes: cidrs(["172.16.0.0/12"]))
        #expect(subnet.description == "192.168.0.0/20")
        #expect(throws: IPAMError.poolsExhausted(.ipv4)) {
            var all = try AddressPools()
            _ = try all.allocate(.ipv4, existingSubnets: [], hostRoutes: cidrs(["128.0.0.0/1"]))
        }
    }

    @Test func firstAvailableForDefaultBridge() throws {
        let pools = try AddressPools(cursor: 7)
        #expect(try pools.firstAvailable(.ipv4, avoiding: []).description == "172.17.0.0/16")
        #expect(try pools.firstAvailable(.ipv4, avoiding: cidrs(["172.17.0.1/32", "172.18.0.0/15"])).description == "172.20.0.0/16")
        #expect(pools.cursor == 7)
    }

    @Test func cursorResetsToZeroPastTheEnd() throws {
        // Docker's updateStartIndex: start + i + 1 past the end means 0, not a modulo.
        var pools = try AddressPools([DefaultAddressPool.parse("base=10.0.0.0/22,size=24")], cursor: 3)
        let subnet = try pools.allocate(.ipv4, existingSubnets: cidrs(["10.0.3.0/24", "10.0.0.0/24"]))
        #expect(subnet.description == "10.0.1.0/24")
        #expect(pools.cursor == 0)
    }

    @Test func customPoolsReplaceDefaults() throws {
        var pools = try AddressPools([DefaultAddressPool.parse("base=10.200.0.0/16,size=24"),
                                      DefaultAddressPool.parse("BASE=fd00:1::/48,Size=64")])
        #expect(pools.count == 256 + 65536)
        var taken: [CIDR] = []
        for _ in 0..<100 { taken.append(try pools.allocate(.ipv4, existingSubnets: taken)) }
        #expect(Set(taken).count == 100)
        #expect(taken[99].description == "10.200.99.0/24")
        #expect(try pools.allocate(.ipv6, existingSubnets: []).description == "fd00:1::/64")
        #expect(try pools.allocate(.ipv6, existingSubnets: cidrs(["fd00:1::/56"])).description == "fd00:1:0:100::/64")
    }

    @Test func thousandNetworksInASlash8() throws {
        var pools = try AddressPools([DefaultAddressPool.parse("base=10.0.0.0/8,size=24")])
        let clock = ContinuousClock()
        var taken: [CIDR] = []
        let elapsed = try clock.measure {
            for _ in 0..<1000 { taken.append(try pools.allocate(.ipv4, existingSubnets: taken)) }
        }
        print("1000 pool subnets from 10.0.0.0/8: \(elapsed)")
        #expect(Set(taken).count == 1000)
        #expect(taken.last?.description == "10.3.231.0/24")
    }

    @Test(arguments: [
        ("base=10.200.0.0/16", "invalid pools size: 0"),
        ("base=10.200.0.0/16,size=8", "invalid pools size: 8"),
        ("base=10.200.0.0/16,size=33", "invalid pools size: 33"),
        ("base=10.200.0.0/16,size=abc", #"invalid size value: "abc" (must be integer): strconv.Atoi: parsing "abc": invalid syntax"#),
        ("base=nonsense,size=24", #"invalid base pool "nonsense": invalid CIDR address: nonsense"#),
        ("size=24", #"invalid base pool "": invalid CIDR address: "#),
        ("foo=bar", "unexpected key 'foo' in 'foo=bar'"),
        ("base", "invalid field 'base' must be a key=value pair"),
        ("base=fd00::/8,size=128", "default address pool fd00::/8 split into /128 subnets is too large: at most 2^48 subnets per pool"),
    ])
    func poolFlagErrors(flag: String, message: String) {
        #expect(throws: IPAMError(message)) { try DefaultAddressPool.parse(flag) }
    }

    @Test func poolFlagAndDaemonJSON() throws {
        let pool = try DefaultAddressPool.parse("base=172.80.0.5/16,size=24")
        #expect(pool.base.description == "172.80.0.0/16" && pool.size == 24 && pool.subnetCount == 256)
        let json = #"[{"base":"172.80.0.0/16","size":24},{"base":"10.0.0.0/8","size":16}]"#
        let decoded = try JSONDecoder().decode([DefaultAddressPool].self, from: Data(json.utf8))
        #expect(decoded == [pool, try DefaultAddressPool.parse("base=10.0.0.0/8,size=16")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([DefaultAddressPool].self, from: Data(#"[{"base":"x","size":24}]"#.utf8))
        }
    }

    @Test func stateRoundTrip() throws {
        var pools = try AddressPools([DefaultAddressPool.parse("base=10.200.0.0/16,size=24")])
        var taken: [CIDR] = []
        for _ in 0..<5 { taken.append(try pools.allocate(.ipv4, existingSubnets: taken)) }
        var restored = try JSONDecoder().decode(AddressPools.self, from: JSONEncoder().encode(pools))
        #expect(restored == pools)
        #expect(restored.cursor == 5)
        taken.removeFirst()
        // The engine rebuilds from its networks + the stored cursor: same answer as before the round trip.
        #expect(try restored.allocate(.ipv4, existingSubnets: taken) == pools.allocate(.ipv4, existingSubnets: taken))
    }
}
