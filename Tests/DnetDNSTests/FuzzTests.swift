@testable import DnetDNS
import Testing

/// Random and damaged packets through the whole answering path (parse, resolve, encode):
/// each is dropped, refused or answered, never a trap.
@Suite struct FuzzTests {
    @Test func randomAndDamagedPacketsNeverTrap() {
        let resolver = DNSResolver()
        resolver.replace(with: DNSTable(containers: [
            DNSContainer(id: id(1), name: "c1", namespacePath: "", endpoints: [DNSEndpoint(network: "front", ipv4: "10.1.0.2", aliases: ["a.b", "web"])],
                         links: [DNSLink(alias: "db", target: "c2")]),
            DNSContainer(id: id(2), name: "c2", namespacePath: "", endpoints: [DNSEndpoint(network: "front", ipv4: "10.1.0.3", ipv6: "fd00::3", aliases: ["web"])]),
        ]))
        let querier = resolver.querier(id: id(1))!
        var generator = SystemRandomNumberGenerator()
        let seeds = [queryPacket(name: "c2"), queryPacket(name: "web.front", edns: 1232), queryPacket(name: "3.0.1.10.in-addr.arpa", type: 12),
                     queryPacket(name: "db", type: 28)]
        var outcomes = [0, 0, 0]
        for i in 0..<60_000 {
            var packet: [UInt8]
            let seed = seeds[i % seeds.count]
            switch i % 3 {
            case 0: packet = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            case 1: packet = Array(seed.prefix(Int.random(in: 0...seed.count, using: &generator)))
            default:
                packet = seed
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    packet[Int.random(in: 2..<seed.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            packet.withUnsafeBytes { raw in
                do {
                    let query = try DNSQuery.parse(raw)
                    outcomes[0] += 1
                    var response = DNSResponse(answering: query, packet: raw, rcode: 0, limit: query.udpLimit)
                    switch resolver.answer(name: query.name, type: query.type, for: querier) {
                    case .addresses(let list): for a in list { _ = response.addAddress(a) }
                    case .pointer(let name): _ = response.addPointer(to: name)
                    case .noData, .forward: break
                    }
                    #expect(response.finish().count <= max(512, query.udpLimit))
                } catch DNSQuery.Rejection.drop {
                    outcomes[1] += 1
                } catch {
                    outcomes[2] += 1
                }
            }
        }
        #expect(outcomes.allSatisfy { $0 > 0 })
    }
}
