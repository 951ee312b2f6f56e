@testable import DnetDNS
import Testing

func id(_ n: Int) -> String { String(repeating: String(n, radix: 16), count: 64).prefix(64).description }

@Suite struct ResolverTests {
    /// front: c1 (10.1.0.2), c2 (10.1.0.3, alias web), c3 (10.1.0.4, alias web);
    /// back: c3 (10.2.0.2), c4 (10.2.0.3, link db -> c3).
    func resolver() -> DNSResolver {
        let r = DNSResolver()
        r.replace(with: DNSTable(containers: [
            DNSContainer(id: id(1), name: "c1", namespacePath: "", endpoints: [DNSEndpoint(network: "front", ipv4: "10.1.0.2", ipv6: "fd00:1::2")]),
            DNSContainer(id: id(2), name: "c2", namespacePath: "", endpoints: [DNSEndpoint(network: "front", ipv4: "10.1.0.3", aliases: ["web", "WWW"])]),
            DNSContainer(id: id(3), name: "c3", namespacePath: "", endpoints: [
                DNSEndpoint(network: "front", ipv4: "10.1.0.4", aliases: ["web"]), DNSEndpoint(network: "back", ipv4: "10.2.0.2")]),
            DNSContainer(id: id(4), name: "c4", namespacePath: "", endpoints: [DNSEndpoint(network: "back", ipv4: "10.2.0.3")],
                         links: [DNSLink(alias: "db", target: "c3")], dnsServers: ["10.9.9.9"]),
        ], dnsServers: ["10.8.8.8"]))
        return r
    }

    func a(_ r: DNSResolver, _ name: String, from n: Int, type: UInt16 = DNSWire.typeA) -> DNSResolver.Answer {
        r.answer(name: DNSResolver.key(name), type: type, for: r.querier(id: id(n))!)
    }

    @Test func namesResolveOnlyOnSharedNetworks() {
        let r = resolver()
        #expect(a(r, "c2", from: 1) == .addresses([[10, 1, 0, 3]]))
        #expect(a(r, "c1", from: 2) == .addresses([[10, 1, 0, 2]]))
        #expect(a(r, "c2", from: 4) == .forward)
        #expect(a(r, "c1", from: 4) == .forward)
        #expect(a(r, "c4", from: 3) == .addresses([[10, 2, 0, 3]]))
    }

    @Test func namesAreCaseInsensitiveAndMayEndInADot() {
        let r = resolver()
        #expect(a(r, "C2.", from: 1) == .addresses([[10, 1, 0, 3]]))
        #expect(a(r, "www", from: 1) == .addresses([[10, 1, 0, 3]]))
    }

    @Test func shortIdAndNameDotNetworkResolve() {
        let r = resolver()
        #expect(a(r, String(id(2).prefix(12)), from: 1) == .addresses([[10, 1, 0, 3]]))
        #expect(a(r, "c2.front", from: 1) == .addresses([[10, 1, 0, 3]]))
        #expect(a(r, "web.front", from: 1) != .forward)
        // c3 is on both of its networks: each name.network gives that network's address.
        #expect(a(r, "c3.back", from: 4) == .addresses([[10, 2, 0, 2]]))
        #expect(a(r, "c3.front", from: 1) == .addresses([[10, 1, 0, 4]]))
        // A network the querier is not on is not searched.
        #expect(a(r, "c3.front", from: 4) == .forward)
        #expect(a(r, "c2.back", from: 1) == .forward)
    }

    @Test func aliasesAreScopedToTheirNetwork() {
        let r = resolver()
        #expect(a(r, "web", from: 4) == .forward)
        #expect(a(r, "www", from: 3) == .addresses([[10, 1, 0, 3]]))
    }

    @Test func sharedAliasesRoundRobin() {
        let r = resolver()
        var firsts: Set<[UInt8]> = []
        for _ in 0..<4 {
            guard case .addresses(let list) = a(r, "web", from: 1) else { Issue.record("no answer"); return }
            #expect(Set(list) == [[10, 1, 0, 3], [10, 1, 0, 4]])
            firsts.insert(list[0])
        }
        #expect(firsts.count == 2)
    }

    @Test func aaaaAndOtherTypesOfKnownNamesAreEmptyNotForwarded() {
        let r = resolver()
        #expect(a(r, "c1", from: 2, type: DNSWire.typeAAAA) == .addresses([DNSAddress.parse("fd00:1::2")!]))
        #expect(a(r, "c2", from: 1, type: DNSWire.typeAAAA) == .noData)
        #expect(a(r, "c2", from: 1, type: 15) == .noData)
        #expect(a(r, "example.com", from: 1, type: 15) == .forward)
    }

    @Test func pointerRecordsNameContainerDotNetwork() {
        let r = resolver()
        #expect(a(r, "3.0.1.10.in-addr.arpa", from: 1, type: DNSWire.typePTR) == .pointer(Array("c2.front".utf8)))
        #expect(a(r, "2.0.2.10.in-addr.arpa", from: 4, type: DNSWire.typePTR) == .pointer(Array("c3.back".utf8)))
        #expect(a(r, "3.0.1.10.in-addr.arpa", from: 4, type: DNSWire.typePTR) == .forward)
        let v6 = "2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.d.f.ip6.arpa"
        #expect(a(r, v6, from: 2, type: DNSWire.typePTR) == .pointer(Array("c1.front".utf8)))
    }

    @Test func linksResolveForTheLinkingContainerOnly() {
        let r = resolver()
        #expect(a(r, "db", from: 4) == .addresses([[10, 2, 0, 2]]))
        #expect(a(r, "db", from: 3) == .forward)
        #expect(a(r, "db.back", from: 4) == .addresses([[10, 2, 0, 2]]))
    }

    @Test func changesShowAtOnce() {
        let r = resolver()
        r.remove(id: id(2))
        #expect(a(r, "c2", from: 1) == .forward)
        #expect(a(r, "web", from: 1) == .addresses([[10, 1, 0, 4]]))
        #expect(a(r, "3.0.1.10.in-addr.arpa", from: 1, type: DNSWire.typePTR) == .forward)
        // c4 joins front with an alias.
        r.upsert(DNSContainer(id: id(4), name: "c4", namespacePath: "", endpoints: [
            DNSEndpoint(network: "back", ipv4: "10.2.0.3"), DNSEndpoint(network: "front", ipv4: "10.1.0.9", aliases: ["api"])]))
        #expect(a(r, "api", from: 1) == .addresses([[10, 1, 0, 9]]))
        #expect(a(r, "c1", from: 4) == .addresses([[10, 1, 0, 2]]))
        // and leaves back: c3 still resolves through front.
        r.upsert(DNSContainer(id: id(4), name: "c4", namespacePath: "", endpoints: [DNSEndpoint(network: "front", ipv4: "10.1.0.9")]))
        #expect(a(r, "c3", from: 4) == .addresses([[10, 1, 0, 4]]))
        #expect(a(r, "c4", from: 3) == .addresses([[10, 1, 0, 9]]))
        #expect(a(r, "api", from: 1) == .forward)
        r.replace(with: DNSTable())
        #expect(r.count == 0)
    }

    @Test func withTheirOwnNdotsUnknownSingleLabelsStayHere() {
        let r = resolver()
        var c5 = DNSContainer(id: id(5), name: "c5", namespacePath: "", endpoints: [DNSEndpoint(network: "front", ipv4: "10.1.0.5")])
        c5.ndotsSet = true
        r.upsert(c5)
        // Docker's rule: A and AAAA of an unknown single label are answered empty…
        #expect(a(r, "printer", from: 5) == .noData)
        #expect(a(r, "printer.", from: 5, type: DNSWire.typeAAAA) == .noData)
        // …known names still resolve, and the rest still goes upstream.
        #expect(a(r, "c2", from: 5) == .addresses([[10, 1, 0, 3]]))
        #expect(a(r, "printer.example.com", from: 5) == .forward)
        #expect(a(r, "printer", from: 5, type: 15) == .forward)
        // Without the option, the single label goes upstream.
        #expect(a(r, "printer", from: 1) == .forward)
    }

    @Test func serversComeFromTheContainerElseTheEngine() {
        let r = resolver()
        #expect(r.querier(id: id(4))!.dnsServers == [[10, 9, 9, 9]])
        #expect(r.querier(id: id(1))!.dnsServers.isEmpty)
        #expect(r.dnsServers == [[10, 8, 8, 8]])
    }
}

@Suite struct ControlProtocolTests {
    @Test func tablesTravelIntact() throws {
        let containers = [
            DNSContainer(id: id(1), name: "c1", namespacePath: "", endpoints: [DNSEndpoint(network: "front", ipv4: "10.1.0.2", ipv6: "fd00::2", aliases: ["a", "b"])],
                         links: [DNSLink(alias: "db", target: "c3")], dnsServers: ["10.9.9.9", "fd00::53"]),
            DNSContainer(id: id(2), name: "c2", namespacePath: "", endpoints: [DNSEndpoint(network: "back")], ndotsSet: true),
        ]
        let text = try ControlProtocol.encode(containers: containers, servers: ["1.1.1.1"])
        let decoded = try ControlProtocol.decode(ControlProtocol.lines(Array(text.utf8))[...])
        #expect(decoded.containers == containers)
        #expect(decoded.servers == ["1.1.1.1"])
    }

    @Test func badFieldsAreRefused() {
        let tab = DNSContainer(id: id(1), name: "c\t1", namespacePath: "", endpoints: [])
        #expect(throws: DNSError.self) { try ControlProtocol.encode(containers: [tab], servers: nil) }
        let address = DNSContainer(id: id(1), name: "c1", namespacePath: "", endpoints: [DNSEndpoint(network: "n", ipv4: "10.1.0")])
        #expect(throws: DNSError("invalid IPv4 address for the DNS server: \"10.1.0\"")) { try ControlProtocol.encode(containers: [address], servers: nil) }
    }
}
