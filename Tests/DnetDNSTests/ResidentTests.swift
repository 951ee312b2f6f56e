@testable import DnetDNS
import Foundation
import Testing

/// The real resident process, fed by the controller, answering `dig` inside namespaces.
@Suite(.serialized, .enabled(if: DNSLab.isAvailable, "needs root in the test sandbox (scripts/sandbox.sh)"))
struct ResidentTests {
    let idC1 = "c1" + String(repeating: "1", count: 62)
    let idC2 = "c2" + String(repeating: "2", count: 62)
    let idC3 = "c3" + String(repeating: "3", count: 62)
    let idO1 = "0f" + String(repeating: "4", count: 62)

    /// front: c1, c2 (alias web), c3 (alias web, link db -> c1); other: o1.
    func table(_ lab: DNSLab, upstream: String? = nil) throws -> DNSTable {
        DNSTable(containers: [
            DNSContainer(id: idC1, name: "c1", namespacePath: try lab.namespace("c1"),
                         endpoints: [DNSEndpoint(network: "front", ipv4: "10.50.0.2", ipv6: "fd00:50::2")]),
            DNSContainer(id: idC2, name: "c2", namespacePath: try lab.namespace("c2"),
                         endpoints: [DNSEndpoint(network: "front", ipv4: "10.50.0.3", aliases: ["web"])]),
            DNSContainer(id: idC3, name: "c3", namespacePath: try lab.namespace("c3"),
                         endpoints: [DNSEndpoint(network: "front", ipv4: "10.50.0.4", aliases: ["web"])],
                         links: [DNSLink(alias: "db", target: "c1")]),
            DNSContainer(id: idO1, name: "o1", namespacePath: try lab.namespace("o1"),
                         endpoints: [DNSEndpoint(network: "other", ipv4: "10.60.0.2")]),
        ], dnsServers: upstream.map { [$0] } ?? [])
    }

    @Test func answersNamesAliasesIdsAndPointersInsideNamespaces() throws {
        let lab = DNSLab()
        defer { lab.close() }
        let upstream = try lab.upstream(["outside.example": "203.0.113.7"])
        try lab.controller.sync(try table(lab, upstream: upstream))

        #expect(lab.short("c2", from: "c1") == ["10.50.0.3"])
        #expect(lab.short("C2.front.", from: "c1") == ["10.50.0.3"])
        #expect(lab.short(String(idC2.prefix(12)), from: "c1") == ["10.50.0.3"])
        #expect(lab.short("c1", from: "c2", "AAAA") == ["fd00:50::2"])
        #expect(lab.status("c2", from: "c1", "AAAA") == "NOERROR")
        #expect(Set(lab.short("web", from: "c1")) == ["10.50.0.3", "10.50.0.4"])
        #expect(lab.short("-x 10.50.0.3", from: "c1") == ["c2.front."])
        #expect(lab.short("db", from: "c3") == ["10.50.0.2"])
        // Over TCP too, with Docker's TTL.
        #expect(lab.dig("c2", from: "c1", "+tcp +noall +answer").contains("600\tIN\tA\t10.50.0.3"))
        // Other networks' names are not ours: forwarded, and upstream has never heard of them.
        #expect(lab.status("c2", from: "o1") == "NXDOMAIN")
        #expect(lab.status("db", from: "c1") == "NXDOMAIN")
        #expect(lab.short("outside.example", from: "o1") == ["203.0.113.7"])
        #expect(lab.short("outside.example", from: "o1", "+tcp") == ["203.0.113.7"])
        // busybox's nslookup, as in a container.
        let nslookup = lab.run("ip netns exec \(lab.nsName("c1")) busybox nslookup web 127.0.0.11").output
        #expect(nslookup.contains("10.50.0.3") && nslookup.contains("10.50.0.4"))

        // The resident runs unprivileged.
        let status = try #require(try lab.controller.status())
        #expect(status.containers == 4 && status.sockets == 4)
        let proc = try String(contentsOfFile: "/proc/\(status.pid)/status", encoding: .utf8)
        #expect(proc.contains("Uid:\t65534\t65534\t65534\t65534"))
        #expect(proc.contains("CapEff:\t0000000000000000"))
        #expect(proc.contains("NoNewPrivs:\t1"))
    }

    @Test func followsChangesAtOnceAndForwardsToTheContainersOwnServers() throws {
        let lab = DNSLab()
        defer { lab.close() }
        let engineUpstream = try lab.upstream(["outside.example": "203.0.113.7"], index: 0)
        let ownUpstream = try lab.upstream(["outside.example": "198.51.100.9"], index: 1)
        var full = try table(lab, upstream: engineUpstream)
        try lab.controller.sync(full)
        #expect(lab.short("c1", from: "o1").isEmpty)

        // o1 joins front with an alias and its own --dns.
        full.containers[3].endpoints.append(DNSEndpoint(network: "front", ipv4: "10.50.0.9", aliases: ["api"]))
        full.containers[3].dnsServers = ["192.0.2.1", ownUpstream]  // the first is unreachable: skipped
        try lab.controller.update(upserting: [full.containers[3]]) { full }
        #expect(lab.short("c1", from: "o1") == ["10.50.0.2"])
        #expect(lab.short("api", from: "c2") == ["10.50.0.9"])
        #expect(lab.short("outside.example", from: "o1") == ["198.51.100.9"])
        #expect(lab.short("outside.example", from: "c1") == ["203.0.113.7"])
        // The engine's servers change: containers without their own follow.
        try lab.controller.setDNSServers([ownUpstream])
        #expect(lab.short("outside.example", from: "c1") == ["198.51.100.9"])

        // c2 goes away: its name is gone, its socket closed.
        full.containers.remove(at: 1)
        try lab.controller.update(upserting: [], removing: [idC2]) { full }
        #expect(lab.status("c2", from: "c1") == "NXDOMAIN")
        #expect(lab.short("web", from: "c1") == ["10.50.0.4"])
        #expect(lab.status("c1", from: "c2") == "timeout")
        #expect(try lab.controller.status()?.sockets == 3)

        // Nobody left: the resident stops.
        try lab.controller.update(upserting: [], removing: full.containers.map(\.id)) { DNSTable() }
        #expect(!lab.controller.isRunning)
    }

    @Test func restartsAndResendsEverythingAfterSIGKILL() throws {
        let lab = DNSLab()
        defer { lab.close() }
        let full = try table(lab)
        try lab.controller.sync(full)
        let pid = try #require(try lab.controller.status()).pid
        let rules = lab.run("ip netns exec \(lab.nsName("c1")) nft list table ip dnet_dns").output
        #expect(rules.contains("ip daddr 127.0.0.11 udp dport 53 notrack udp dport set "))
        kill(pid, SIGKILL)
        for _ in 0..<100 where DNSController.isResident(pid) { usleep(10_000) }
        #expect(lab.status("c2", from: "c1") == "timeout")
        // The next change restarts it and gives it the whole table and fresh sockets.
        try lab.controller.update(upserting: [full.containers[0]]) { full }
        let after = try #require(try lab.controller.status())
        #expect(after.pid != pid)
        #expect(after.containers == 4 && after.sockets == 4)
        // On the ports the NAT rule already named: the rule is left as it was.
        #expect(lab.run("ip netns exec \(lab.nsName("c1")) nft list table ip dnet_dns").output == rules)
        #expect(lab.short("c2", from: "c1") == ["10.50.0.3"])
        #expect(lab.short("c1", from: "c3", "+tcp") == ["10.50.0.2"])
    }

    @Test func replacesAResidentThatHangs() throws {
        let lab = DNSLab()
        defer { lab.close() }
        let full = try table(lab)
        try lab.controller.sync(full)
        let pid = try #require(try lab.controller.status()).pid
        // Stopped, it still accepts connections (the kernel queues them) but never answers.
        kill(pid, SIGSTOP)
        defer { kill(pid, SIGKILL) }
        #expect(lab.status("c2", from: "c1") == "timeout")
        lab.controller.answerTimeout = 1
        let started = DispatchTime.now().uptimeNanoseconds
        try lab.controller.update(upserting: [full.containers[0]]) { full }
        let took = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        #expect(took < 4, "replacing the hung resident took \(took) s")
        #expect(!DNSController.isResident(pid))
        let after = try #require(try lab.controller.status())
        #expect(after.pid != pid)
        #expect(after.containers == 4 && after.sockets == 4)
        #expect(lab.short("c2", from: "c1") == ["10.50.0.3"])
    }

    @Test func keepsAnsweringThroughAHundredThousandBadPackets() throws {
        let lab = DNSLab()
        defer { lab.close() }
        let full = try table(lab)
        try lab.controller.sync(full)
        let pid = try #require(try lab.controller.status()).pid
        // A client socket inside c1's namespace, on another loopback address.
        let (client, tcpSpare) = try DNSController.openSockets(inNamespaceAt: full.containers[0].namespacePath, address: "127.0.0.12", port: 5353)
        defer { close(client); close(tcpSpare) }
        var server = sockaddr_in()
        server.sin_family = sa_family_t(AF_INET)
        server.sin_port = UInt16(53).bigEndian
        server.sin_addr.s_addr = inet_addr("127.0.0.11")
        var generator = SystemRandomNumberGenerator()
        let valid = queryPacket(name: "c2")
        var sent = 0, answered = 0
        for i in 0..<100_000 {
            var packet: [UInt8]
            switch i % 4 {
            case 0: packet = (0..<Int.random(in: 0...600, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            case 1: packet = Array(valid.prefix(Int.random(in: 0..<valid.count, using: &generator)))
            case 2:
                // A header that looks right with random bytes after it: pointers, labels, counts.
                packet = Array(valid.prefix(12)) + (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                packet[5] = UInt8.random(in: 0...2, using: &generator)
            default:
                packet = valid
                packet[Int.random(in: 12..<valid.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            let n = packet.withUnsafeBytes { raw in
                withUnsafePointer(to: &server) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(client, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            if n >= 0 { sent += 1 }
            // Drain answers now and then so the client's own buffer never stalls the sender.
            if i % 64 == 0 {
                var sink = [UInt8](repeating: 0, count: 4096)
                while sink.withUnsafeMutableBytes({ recv(client, $0.baseAddress, 4096, Int32(MSG_DONTWAIT)) }) > 0 { answered += 1 }
            }
        }
        #expect(sent == 100_000)
        #expect(answered > 1000)  // damaged questions got FORMERR or an answer, not silence
        // Two questions in one query: FORMERR, with the id kept.
        var two = valid
        two[5] = 2
        usleep(200_000)
        var sink = [UInt8](repeating: 0, count: 4096)
        while sink.withUnsafeMutableBytes({ recv(client, $0.baseAddress, 4096, Int32(MSG_DONTWAIT)) }) > 0 {}
        _ = two.withUnsafeBytes { raw in
            withUnsafePointer(to: &server) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(client, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        var poller = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
        #expect(poll(&poller, 1, 2000) == 1)
        let n = sink.withUnsafeMutableBytes { recv(client, $0.baseAddress, 4096, Int32(MSG_DONTWAIT)) }
        #expect(n == 12 && sink[0] == 0x12 && sink[1] == 0x34 && sink[3] & 0xF == DNSWire.formErr)
        // Garbage over TCP as well.
        for _ in 0..<50 {
            _ = lab.run("ip netns exec \(lab.nsName("c1")) sh -c 'head -c 3000 /dev/urandom | busybox nc -w 1 127.0.0.11 53' 2>/dev/null")
        }
        #expect(DNSController.isResident(pid))
        #expect(lab.short("c2", from: "c1") == ["10.50.0.3"])
        #expect(lab.short("c2", from: "c3", "+tcp") == ["10.50.0.3"])
        #expect(try lab.controller.status()?.pid == pid)
    }

    @Test func aFloodingContainerDoesNotStarveTheOthers() throws {
        let lab = DNSLab()
        defer { lab.close() }
        let upstream = try lab.upstream(["outside.example": "203.0.113.7"])
        var full = try table(lab, upstream: upstream)
        // c1 forwards to an address on the upstream's link where nobody answers.
        let base = upstream.split(separator: ".").prefix(3).joined(separator: ".")
        full.containers[0].dnsServers = ["\(base).3"]
        try lab.controller.sync(full)
        // Local names and names to forward, as fast as the sender goes, for six seconds.
        let script = """
            import socket, time
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setblocking(False)
            def q(name, i):
                labels = b"".join(bytes([len(l)]) + l.encode() for l in name.split("."))
                return bytes([i >> 8 & 255, i & 255, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]) + labels + bytes([0, 0, 1, 0, 1])
            end = time.time() + 6
            i = 0
            while time.time() < end:
                i += 1
                try:
                    s.sendto(q("c2" if i % 2 else "x%d.example" % i, i & 65535), ("127.0.0.11", 53))
                except BlockingIOError:
                    pass
            """
        let file = "/run/dnet/flood-\(lab.tag).py"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        defer { unlink(file) }
        // In the background of a shell, not a Process: Foundation would hold up other exits.
        let pid = try lab.sh("ip netns exec \(lab.nsName("c1")) python3 \(file) > /dev/null 2>&1 & echo $!")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        defer { _ = lab.run("kill \(pid) 2>/dev/null") }
        usleep(500_000)
        // Meanwhile the others get answers at once, local and forwarded.
        var slow = 0
        for _ in 0..<10 {
            let started = DispatchTime.now().uptimeNanoseconds
            #expect(lab.short("c1", from: "c2", "+time=1") == ["10.50.0.2"])
            #expect(lab.short("outside.example", from: "c3", "+time=1") == ["203.0.113.7"])
            if DispatchTime.now().uptimeNanoseconds - started > 500_000_000 { slow += 1 }
        }
        #expect(slow <= 1)
        let status = try #require(try lab.controller.status())
        #expect(status.residentKiB < 32 * 1024)
    }

    @Test func staysSmallWithAThousandContainers() throws {
        let lab = DNSLab()
        defer { lab.close() }
        // One namespace, a thousand socket pairs on 127.0.x.y: the resident cannot tell.
        let path = try lab.namespace("many")
        var containers: [DNSContainer] = []
        for i in 0..<1000 {
            let id = String(format: "%064x", i + 1)
            containers.append(DNSContainer(id: id, name: "ctr\(i)", namespacePath: path, endpoints: [
                DNSEndpoint(network: "net\(i % 10)", ipv4: "10.70.\(i / 250).\(i % 250 + 2)", aliases: ["svc\(i % 10)", "a\(i)"])]))
        }
        try lab.controller.sync(DNSTable(containers: [containers[0]]))
        let connection = try ControlConnection(path: lab.controller.stateDirectory + "/" + DNSResident.controlSocketName)
        _ = try connection.request("table\n" + ControlProtocol.encode(containers: containers, servers: []))
        for i in 1..<1000 {
            let (udp, tcp) = try DNSController.openSockets(inNamespaceAt: path, address: "127.0.\(i / 250 + 1).\(i % 250 + 1)")
            _ = try connection.request("sockets\t\(containers[i].id)", fds: [udp, tcp])
            close(udp); close(tcp)
        }
        let status = try #require(try lab.controller.status())
        #expect(status.containers == 1000 && status.sockets == 1000)
        #expect(status.residentKiB < 32 * 1024, "resident set \(status.residentKiB) KiB")
        print("dnet-dns at 1000 containers: \(status.residentKiB) KiB resident")
        let answer = lab.run("ip netns exec \(lab.nsName("many")) dig +short +time=2 +tries=1 @127.0.1.2 ctr11").output
        #expect(answer == "10.70.0.13\n")
        // One more container costs what that container has, not what the table holds.
        let extra = DNSContainer(id: String(format: "%064x", 5000), name: "extra", namespacePath: try lab.namespace("extra"),
                                 endpoints: [DNSEndpoint(network: "net3", ipv4: "10.71.0.2")])
        let started = DispatchTime.now().uptimeNanoseconds
        try lab.controller.update(upserting: [extra]) { Issue.record("no restart expected"); return DNSTable() }
        let took = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        print("adding the 1001st container: \(took) ms")
        #expect(took < 100)
        #expect(lab.short("ctr3", from: "extra") == ["10.70.0.5"])
    }
}
