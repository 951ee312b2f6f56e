import Foundation
import Testing
import DnetEngine
import DnetKernel

/// The embedded DNS server with real containers (issue 5): names, aliases, short ids,
/// `NAME.NETWORK` and pointers on user-defined networks, answered at 127.0.0.11 by the
/// resident `dnet-dns` that the engine starts and keeps told; names outside dnet forwarded to
/// DNS servers the test runs itself (dnsmasq in namespaces of its own).
extension ContainerKernelTests {
    /// A DNS server outside dnet: dnsmasq answering `hosts` (and NXDOMAIN for the rest) in a
    /// namespace of its own, joined to the sandbox's host namespace by a veth
    /// (198.51.100.4i+1 ↔ 198.51.100.4i+2), where the resident forwards from.
    final class Upstream {
        let namespace: String
        let link: String
        let address: String
        private let files: String

        init(_ index: Int, hosts: [String: String], _ shell: ([String]) throws -> (output: String, status: Int32)) throws {
            namespace = "dnsup\(index)-\(getpid())"
            link = "dnsup\(index)"
            address = "198.51.100.\(4 * index + 2)"
            files = FileManager.default.temporaryDirectory.path + "/dnet-dnsup\(index)-\(UUID().uuidString)"
            for argv in [["ip", "netns", "add", namespace],
                         ["ip", "link", "add", link, "type", "veth", "peer", "name", "eth0", "netns", namespace],
                         ["ip", "addr", "add", "198.51.100.\(4 * index + 1)/30", "dev", link], ["ip", "link", "set", link, "up"],
                         ["ip", "-n", namespace, "addr", "add", "\(address)/30", "dev", "eth0"],
                         ["ip", "-n", namespace, "link", "set", "eth0", "up"], ["ip", "-n", namespace, "link", "set", "lo", "up"]] {
                guard try shell(argv).status == 0 else { throw ShellFailure(argv: argv) }
            }
            try hosts.map { "\($0.value) \($0.key)\n" }.joined().write(toFile: files + ".hosts", atomically: true, encoding: .utf8)
            // It daemonises, with a pid file to stop it by.
            let argv = ["ip", "netns", "exec", namespace, "dnsmasq", "--no-resolv", "--no-hosts", "--addn-hosts=\(files).hosts",
                        "--listen-address=\(address)", "--bind-interfaces", "--user=root", "--pid-file=\(files).pid",
                        "--log-facility=/dev/null", "--conf-file=/dev/null", "--local=/#/"]
            guard try shell(argv).status == 0 else { throw ShellFailure(argv: argv) }
            for _ in 0..<100 {
                if try shell(["dig", "+time=1", "+tries=1", "@\(address)", "probe.invalid"]).output.contains("status:") { break }
                usleep(50_000)
            }
        }

        func remove(_ shell: ([String]) throws -> (output: String, status: Int32)) {
            if let pid = try? String(contentsOfFile: files + ".pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) {
                // SIGKILL: it inherits the test runner's blocked signals, SIGTERM among them.
                _ = try? shell(["kill", "-KILL", pid])
            }
            _ = try? shell(["ip", "link", "del", link])
            _ = try? shell(["ip", "netns", "del", namespace])
            _ = try? shell(["rm", "-f", files + ".hosts", files + ".pid"])
        }
    }

    /// `dig +short` inside a container, through its resolv.conf (`exec` binds it over /etc).
    private func dig(_ h: ContainerHarness, _ container: String, _ question: String) -> [String] {
        h.run("exec \(container) dig +short +time=2 +tries=1 \(question)").stdout
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix(";") }
    }

    /// The status of dig's answer (`NOERROR`, `NXDOMAIN`, …), or "timeout".
    private func digStatus(_ h: ContainerHarness, _ container: String, _ question: String) -> String {
        let text = h.run("exec \(container) dig +time=1 +tries=1 \(question)").stdout
        guard let range = text.range(of: "status: ") else { return "timeout" }
        return String(text[range.upperBound...].prefix { $0 != "," })
    }

    private func ipv4(_ h: ContainerHarness, _ container: String, on network: String) throws -> String {
        let details = try h.engine.container(container)
        return try #require(details.attachments.first { $0.network.name == network }?.endpoint.ipv4?.address.description)
    }

    /// The resident's pid, when one runs (its pid file; `stop` removes it).
    private func residentPid() -> Int32? {
        (try? String(contentsOfFile: "/run/dnet/dns/pid", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// A harness whose host resolv.conf names `upstream` (so that a name nobody knows fails at
    /// once instead of waiting for an unreachable server).
    private func dnsHarness(_ upstream: Upstream, dataRoot: String? = nil) throws -> ContainerHarness {
        let h = ContainerHarness(backend: try NetlinkBackend(), dataRoot: dataRoot)
        try FileManager.default.createDirectory(atPath: h.dataRoot, withIntermediateDirectories: true)
        let resolv = h.dataRoot + "/host-resolv.conf"
        try "nameserver \(upstream.address)\n".write(toFile: resolv, atomically: true, encoding: .utf8)
        try h.engine.hostResolvConf = resolv
        return h
    }

    @Test func embeddedDNSAnswersNamesAliasesIdsAndPointersOnUserNetworks() throws {
        let engineUpstream = try Upstream(0, hosts: ["outside.example": "203.0.113.7"], shell)
        let ownUpstream = try Upstream(1, hosts: ["outside.example": "203.0.113.99"], shell)
        let h = try dnsHarness(engineUpstream)
        defer {
            h.cleanUp(containers: ["c1", "c2", "c3", "c4", "o1", "b1"], networks: ["front", "back"])
            engineUpstream.remove(shell)
            ownUpstream.remove(shell)
        }
        var settings = try h.engine.settings
        settings.dns = [engineUpstream.address]
        try h.engine.update(settings: settings)
        h.output("network create --subnet 10.81.0.0/24 front")
        h.output("network create --subnet 10.82.0.0/24 back")
        h.output("run --name c1 --net front")
        let c2 = h.output("run --name c2 --net front --network-alias web")
        h.output("run --name c3 --net front --network-alias web")
        h.output("run --name c4 --net front --link c1:db")
        h.output("run --name o1 --net back --dns \(ownUpstream.address)")
        let (ip1, ip2, ip3) = (try ipv4(h, "c1", on: "front"), try ipv4(h, "c2", on: "front"), try ipv4(h, "c3", on: "front"))

        // Docker's files on a user-defined network (transcripts 05b, 07).
        #expect(h.output("exec c1 cat /etc/resolv.conf") == "nameserver 127.0.0.11\noptions ndots:0")
        #expect(h.output("exec c1 cat /etc/hosts").hasSuffix("\(ip1)\t\(try h.engine.container("c1").container.shortID)"))

        // ping by name, alias, short id and NAME.NETWORK, through the C library's resolver.
        for name in ["c2", "c2.front", String(c2.prefix(12))] {
            let ping = h.run("exec c1 ping -c1 -W1 \(name)")
            #expect(ping.status == 0 && ping.stdout.contains("(\(ip2))"), "\(name): \(ping)")
        }
        #expect(h.run("exec c1 ping -c1 -W1 web").status == 0)
        // A and PTR records, with dig and busybox's nslookup.
        #expect(dig(h, "c1", "c2") == [ip2])
        #expect(dig(h, "c1", "C2.FRONT.") == [ip2])
        #expect(dig(h, "c1", "-x \(ip2)") == ["c2.front."])
        let nslookup = h.run("exec c1 busybox nslookup c2").stdout
        #expect(nslookup.contains("Address: \(ip2)") || nslookup.contains("Address 1: \(ip2)"), "\(nslookup)")
        // One alias, two containers: both answer.
        #expect(Set(dig(h, "c1", "web")) == [ip2, ip3])
        // `--link c1:db` on a user network: db for c4 only (for c1 it goes upstream, which says no).
        #expect(dig(h, "c4", "db") == [ip1])
        #expect(digStatus(h, "c1", "db") == "NXDOMAIN")
        // Another network: its names are not ours; the container's own --dns server says no.
        #expect(digStatus(h, "o1", "c2") == "NXDOMAIN")
        #expect(h.run("exec o1 ping -c1 -W1 c2").status != 0)
        // Other names go to the container's --dns servers, else the engine's.
        #expect(dig(h, "o1", "outside.example") == ["203.0.113.99"])
        #expect(dig(h, "c1", "outside.example") == ["203.0.113.7"])
        #expect(dig(h, "c1", "+tcp outside.example") == ["203.0.113.7"])

        // Connect, disconnect and rm show in the very next answer.
        h.output("network connect front o1")
        let ipO1 = try ipv4(h, "o1", on: "front")
        #expect(dig(h, "c1", "o1") == [ipO1])
        #expect(dig(h, "o1", "c2") == [ip2])
        #expect(dig(h, "o1", "outside.example") == ["203.0.113.99"])
        h.output("network disconnect front o1")
        #expect(digStatus(h, "c1", "o1") == "NXDOMAIN")
        #expect(digStatus(h, "o1", "c2") == "NXDOMAIN")
        h.output("rm c3")
        #expect(dig(h, "c1", "web") == [ip2])

        // The default bridge: the host's file, names unknown; connected to a user network, the
        // container switches to the embedded server, with its alias known at once (07, 09).
        h.output("run --name b1")
        #expect(h.output("exec b1 cat /etc/resolv.conf") == "nameserver \(engineUpstream.address)")
        h.output("network connect --alias api front b1")
        #expect(h.output("exec b1 cat /etc/resolv.conf") == "nameserver 127.0.0.11\noptions ndots:0")
        #expect(dig(h, "c1", "api") == [try ipv4(h, "b1", on: "front")])
        #expect(dig(h, "b1", "c1") == [ip1])
        h.output("network disconnect front b1")
        #expect(h.output("exec b1 cat /etc/resolv.conf") == "nameserver \(engineUpstream.address)")

        // The last container on a user-defined network gone, the resident goes too.
        #expect(residentPid() != nil)
        h.output("rm c1 c2 c4 o1")
        #expect(residentPid() == nil)
        #expect(!FileManager.default.fileExists(atPath: "/run/dnet/dns/control.sock"))
    }

    /// Docker's ndots rule: a container whose options set ndots itself gets an empty answer for
    /// an A or AAAA question about a single-label name dnet does not know, where another
    /// container gets the upstream's answer; dotted names are forwarded for both.
    @Test func embeddedDNSKeepsUnknownSingleLabelsWhenTheContainerSetsNdots() throws {
        let upstream = try Upstream(4, hosts: ["printer": "203.0.113.50", "printer.example": "203.0.113.51"], shell)
        let h = try dnsHarness(upstream)
        defer {
            h.cleanUp(containers: ["plain", "dotted"], networks: ["office"])
            upstream.remove(shell)
        }
        h.output("network create --subnet 10.86.0.0/24 office")
        h.output("run --name plain --net office")
        h.output("run --name dotted --net office --dns-option ndots:2")
        #expect(h.output("exec dotted cat /etc/resolv.conf") == "nameserver 127.0.0.11\noptions ndots:2")
        #expect(dig(h, "plain", "printer") == ["203.0.113.50"])
        #expect(dig(h, "dotted", "printer") == [])
        #expect(digStatus(h, "dotted", "printer") == "NOERROR")
        #expect(digStatus(h, "dotted", "AAAA printer") == "NOERROR")
        #expect(dig(h, "dotted", "printer.example") == ["203.0.113.51"])
        #expect(dig(h, "dotted", "plain") == [try ipv4(h, "plain", on: "office")])
    }

    /// AAAA records: on an `--ipv6` network a peer's name gives the IPv6 address `inspect`
    /// shows; on an IPv4-only network the name is known but has no AAAA record: an empty
    /// NOERROR answer (not NXDOMAIN, not forwarded).
    @Test func embeddedDNSAnswersAAAAWithTheAddressInspectShows() throws {
        let upstream = try Upstream(3, hosts: [:], shell)
        let h = try dnsHarness(upstream)
        defer {
            h.cleanUp(containers: ["s1", "s2", "f1", "f2"], networks: ["six", "four"])
            upstream.remove(shell)
        }
        h.output("network create --ipv6 --subnet fd00:85::/64 six")
        h.output("network create --subnet 10.86.0.0/24 four")
        h.output("run --name s1 --net six")
        h.output("run --name s2 --net six --network-alias v6peer")
        h.output("run --name f1 --net four")
        h.output("run --name f2 --net four")
        let inspected = h.output("inspect -f '{{range .NetworkSettings.Networks}}{{.GlobalIPv6Address}}{{end}}' s2")
        #expect(inspected.hasPrefix("fd00:85::"), "s2's IPv6 address: \(inspected)")

        #expect(dig(h, "s1", "AAAA s2") == [inspected])
        #expect(dig(h, "s1", "AAAA v6peer.six") == [inspected])
        #expect(digStatus(h, "s1", "AAAA s2") == "NOERROR")
        // The same name's A record is its IPv4 address on that network.
        #expect(dig(h, "s1", "A s2") == [try ipv4(h, "s2", on: "six")])
        let nslookup = h.run("exec s1 busybox nslookup -type=AAAA s2").stdout
        #expect(nslookup.contains(inspected), "\(nslookup)")
        // The reverse of the IPv6 address is the container's name on the network.
        #expect(dig(h, "s1", "-x \(inspected)") == ["s2.six."])

        // IPv4 only: the peer is known, with no AAAA record.
        let answer = h.run("exec f1 dig +time=2 +tries=1 AAAA f2").stdout
        #expect(answer.contains("status: NOERROR") && answer.contains("ANSWER: 0,"), "\(answer)")
        #expect(dig(h, "f1", "A f2") == [try ipv4(h, "f2", on: "four")])
        // And s2 is not f1's to know, in either family.
        #expect(digStatus(h, "f1", "AAAA s2") == "NXDOMAIN")
    }

    /// The resident killed with SIGKILL: the next command (even one that changes nothing)
    /// starts another and tells it everything; so does the next engine start. A namespace
    /// deleted behind dnet's back is made again at start, and served again.
    @Test func aKilledResidentIsBackWithTheNextCommand() throws {
        let upstream = try Upstream(2, hosts: [:], shell)
        let h = try dnsHarness(upstream)
        defer {
            h.cleanUp(containers: ["k1", "k2"], networks: ["kill"])
            upstream.remove(shell)
        }
        h.output("network create --subnet 10.83.0.0/24 kill")
        h.output("run --name k1 --net kill")
        h.output("run --name k2 --net kill --network-alias two")
        let ip2 = try ipv4(h, "k2", on: "kill")
        #expect(dig(h, "k1", "two") == [ip2])

        let first = try #require(residentPid())
        kill(first, SIGKILL)
        #expect(try settles { !isLive(first) })
        // Not through dnet: any dnet command would bring it back.
        #expect(try shell(["ip", "netns", "exec", "k1", "dig", "+time=1", "+tries=1", "@127.0.0.11", "two"]).output
            .contains("status:") == false)
        h.output("ps")
        let second = try #require(residentPid())
        #expect(second != first)
        #expect(dig(h, "k1", "two") == [ip2])
        #expect(dig(h, "k2", "k1") == [try ipv4(h, "k1", on: "kill")])

        // A namespace deleted behind dnet's back: the next start makes it again (the resident
        // lets go of the old one first) and serves the new one.
        h.backend.closeNamespaceSockets()  // as the process would, ending
        #expect(try shell(["ip", "netns", "delete", "k2"]).status == 0)
        let again = try dnsHarness(upstream, dataRoot: h.dataRoot)
        try again.engine.ensureStarted()
        #expect(dig(again, "k2", "k1") == [try ipv4(h, "k1", on: "kill")])
        #expect(again.run("exec k1 ping -c1 -W1 k2").status == 0)

        // Another process (a new engine on the same state) after a kill.
        kill(second, SIGKILL)
        #expect(try settles { residentPid().map { !isLive($0) } ?? true })
        let third = try dnsHarness(upstream, dataRoot: h.dataRoot)
        try third.engine.ensureStarted()
        #expect(residentPid() != nil && residentPid() != second)
        #expect(dig(third, "k1", "two") == [ip2])
    }

    /// A namespace deleted behind dnet's back, by a dnet that does not tell the resident: the
    /// resident lets go of its sockets there (they would keep it alive, veth and all) within
    /// seconds, and, serving nobody else, ends.
    @Test func theResidentLetsGoOfANamespaceThatLostItsName() throws {
        let h = ContainerHarness(backend: try NetlinkBackend())
        defer { h.cleanUp(containers: ["z1"], networks: ["lost"]) }
        h.output("network create --subnet 10.84.0.0/24 lost")
        h.output("run --name z1 --net lost")
        let veth = try #require(try h.engine.container("z1").attachments[0].endpoint.hostInterface)
        let pid = try #require(residentPid())
        h.backend.closeNamespaceSockets()
        #expect(try shell(["ip", "netns", "delete", "z1"]).status == 0)
        var gone = false
        for _ in 0..<100 where !gone {
            usleep(100_000)
            gone = try !isLive(pid) && shell(["ip", "link", "show", veth]).status != 0
        }
        #expect(gone, "the resident ended and the namespace went, its veth with it")
    }

    /// Whether `pid` runs (not gone, not a zombie).
    private func isLive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return !stat.contains(") Z ")
    }

    /// Polls `condition` for up to 3 s.
    private func settles(_ condition: () throws -> Bool) throws -> Bool {
        for _ in 0..<60 {
            if try condition() { return true }
            usleep(50_000)
        }
        return false
    }
}

/// resolv.conf on user-defined networks as Docker rewrites it for its embedded server
/// (transcripts 05b, 05g, 07, 09): the dry-run kernel, the files in the data root.
extension ContainerNameFileTests {
    @Test func userNetworksPointAtTheEmbeddedServer() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --subnet 10.50.0.0/24 app")
        harness.output("run --name c2 --net app")
        #expect(file("c2", "resolv.conf") == "nameserver 127.0.0.11\noptions ndots:0\n")
        // 05g: --dns goes to the server, --dns-search stays.
        harness.output("run --name c7u --net app --dns 10.0.0.53 --dns-search example.com")
        #expect(file("c7u", "resolv.conf") == "search example.com\nnameserver 127.0.0.11\noptions ndots:0\n")
        // The user's options are kept; ndots:0 only when they set no ndots.
        harness.output("run --name o1 --net app --dns-option timeout:1 --dns-option ndots:2")
        #expect(file("o1", "resolv.conf") == "nameserver 127.0.0.11\noptions timeout:1 ndots:2\n")
        harness.output("run --name o2 --net app --dns-option timeout:1")
        #expect(file("o2", "resolv.conf") == "nameserver 127.0.0.11\noptions timeout:1 ndots:0\n")
        // IPv6 servers stay in the file (the server forwards to the IPv4 ones).
        harness.output("run --name v6 --net app --dns 10.0.0.53 --dns fd00::53")
        #expect(file("v6", "resolv.conf") == "nameserver 127.0.0.11\nnameserver fd00::53\noptions ndots:0\n")
        // The default bridge keeps the host's file.
        harness.output("run --name b1")
        #expect(file("b1", "resolv.conf") == "# the host's\nnameserver 10.255.255.53\n")
    }

    @Test func theEnginesSearchDomainsAndTheHostsSearchAndOptionsCarryOver() throws {
        defer { harness.removeDataRoot() }
        try hostResolvConf("search lan\nnameserver 192.0.2.1\noptions edns0\n")
        harness.output("network create app")
        harness.output("run --name h1 --net app")
        #expect(file("h1", "resolv.conf") == "search lan\nnameserver 127.0.0.11\noptions edns0 ndots:0\n")
        var settings = try harness.engine.settings
        settings.dnsSearch = ["corp.example"]
        try harness.engine.update(settings: settings)
        harness.output("run --name h2 --net app")
        #expect(file("h2", "resolv.conf") == "search corp.example\nnameserver 127.0.0.11\noptions edns0 ndots:0\n")
    }

    /// 07 and 09: a default-bridge container connected to a user network switches; back on the
    /// default bridge alone, it has the host's file again (no server would answer it).
    @Test func connectSwitchesToTheServerAndDisconnectSwitchesBack() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create dnsnet")
        harness.output("run --name b2")
        harness.output("network connect dnsnet b2")
        #expect(file("b2", "resolv.conf") == "nameserver 127.0.0.11\noptions ndots:0\n")
        harness.output("network disconnect dnsnet b2")
        #expect(file("b2", "resolv.conf") == "# the host's\nnameserver 10.255.255.53\n")
        // A link on a user network is the server's to answer, not a hosts line.
        harness.output("run --name r1 --net dnsnet")
        harness.output("run --name r2 --net dnsnet --link r1:db")
        let hosts = try String(contentsOfFile: "\(root)/r2/hosts", encoding: .utf8)
        #expect(!hosts.contains("db") && !hosts.contains("r1"))
    }
}
