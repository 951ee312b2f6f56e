import Foundation
import Testing
import DnetEngine
import DnetKernel

/// Containers in the real kernel, as root inside `scripts/sandbox.sh` (a private network and
/// mount namespace with tmpfs over /run/netns and the data roots). One at a time: the
/// snapshots of `ip -d link` must see no other test's links.
@Suite(.serialized, .enabled(if: ContainerHarness.inSandbox, "needs root in a sandbox: DNET_TEST_SANDBOX=1"))
struct ContainerKernelTests {
    private func harness() throws -> ContainerHarness {
        ContainerHarness(backend: try NetlinkBackend())
    }

    private func netns(_ name: String, _ argv: String...) throws -> String {
        try shell(["ip", "netns", "exec", name] + argv).output
    }

    /// Runs a program (looked up on PATH) and returns its stdout and exit status.
    func shell(_ argv: [String]) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    /// `ip -d link` without what the kernel changes on its own time: the bridge timers, and
    /// carrier and operational state (linkwatch reports a bridge's new port up to a second late).
    private func links() throws -> String {
        func read() throws -> String {
            try shell(["ip", "-d", "link"]).output
                .replacingOccurrences(of: #"\S+_timer\s+\S+"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #" state \S+"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #"(NO-CARRIER,|,LOWER_UP|,M-DOWN)"#, with: "", options: .regularExpression)
        }
        var last = try read()
        for _ in 0..<40 {
            usleep(50_000)
            let now = try read()
            if now == last { return now }
            last = now
        }
        return last
    }

    /// Polls `condition` for up to 3 s: the kernel destroys a deleted namespace's devices asynchronously.
    private func settles(_ condition: () throws -> Bool) throws -> Bool {
        for _ in 0..<60 {
            if try condition() { return true }
            usleep(50_000)
        }
        return false
    }

    func namespaces() throws -> [String] {
        try shell(["ip", "netns", "list"]).output.split(separator: "\n").map { String($0.split(separator: " ")[0]) }.sorted()
    }

    @Test func twoContainersOnAUserNetworkPingEachOther() throws {
        let h = try harness()
        defer { h.removeDataRoot() }
        h.output("network create --subnet 10.90.0.0/24 app")
        h.output("run --name p1 --net app")
        h.output("run --name p2 --net app")
        #expect(try namespaces().contains("p1") && namespaces().contains("p2"))
        let addr = try netns("p2", "ip", "-o", "-4", "addr", "show", "eth0")
        #expect(addr.contains("inet 10.90.0.3/24"))
        let link = try netns("p1", "ip", "-o", "link", "show", "eth0")
        #expect(link.contains("link/ether 02:42:0a:5a:00:02") && link.contains("mtu 1500") && link.contains("UP"))
        #expect(try netns("p1", "ip", "route").contains("default via 10.90.0.1 dev eth0"))
        let veth = try #require(try h.engine.container("p1").attachments[0].endpoint.hostInterface)
        let hostSide = try shell(["ip", "-d", "link", "show", veth]).output
        #expect(hostSide.contains("master br-") && hostSide.contains("alias dnet:"))
        #expect(try shell(["cat", "/proc/sys/net/ipv6/conf/\(veth)/disable_ipv6"]).output == "1\n")

        let ping = h.run("exec p1 ping -c1 -W1 10.90.0.3")
        #expect(ping.status == 0 && ping.stdout.contains("1 received"), "\(ping)")
        #expect(h.run("exec p2 ping -c1 -W1 10.90.0.2").status == 0)
        #expect(h.run("exec p1 ping -c1 -W1 10.90.0.77").status == 1)
        #expect(h.run("exec p1 sh -c 'exit 3'").status == 3)
        #expect(h.output("exec -e FOO=bar p1 sh -c 'echo $FOO'") == "bar")
        #expect(h.output("exec -it -eFOO=a --env BAR=b p1 sh -c 'echo $FOO$BAR'") == "ab")
        #expect(h.output("exec -ite FOO=c p1 sh -c 'echo $FOO'") == "c")
        #expect(h.output("exec p1 ip -o -4 addr show eth0").contains("10.90.0.2/24"))

        #expect(h.output("rm p1 p2") == "p1\np2")
        #expect(try !namespaces().contains("p1") && !namespaces().contains("p2"))
        #expect(try settles { try !shell(["ip", "link"]).output.contains(veth) }, "the kernel destroys the veth with the namespace")
        #expect(h.output("network rm app") == "app")
    }

    @Test func macvlanContainersOnAParentVethReachEachOther() throws {
        let h = try harness()
        defer { h.removeDataRoot() }
        #expect(try shell(["ip", "link", "add", "mvparent", "type", "veth", "peer", "name", "mvpeer"]).status == 0)
        defer { _ = try? shell(["ip", "link", "delete", "mvparent"]) }
        #expect(try shell(["ip", "link", "set", "mvparent", "up"]).status == 0)
        #expect(try shell(["ip", "link", "set", "mvpeer", "up"]).status == 0)
        h.output("network create -d macvlan -o parent=mvparent --subnet 10.99.0.0/24 mv")
        h.output("run --name m1 --net mv")
        h.output("run --name m2 --net mv")
        let link = try netns("m1", "ip", "-d", "-o", "link", "show", "eth0")
        #expect(link.contains("macvlan mode bridge") && link.contains("02:42:0a:63:00:02"))
        #expect(h.run("exec m1 ping -c1 -W1 10.99.0.3").status == 0)
        h.output("rm m1 m2")
        h.output("network rm mv")
    }

    /// `ip netns exec` binds the name files over /etc: the container sees its own.
    @Test func ipNetnsExecSeesTheNameFiles() throws {
        let h = try harness()
        defer { h.removeDataRoot() }
        h.output("run --name nf1 --dns 10.0.0.53 --add-host extra:1.2.3.4 -h nf")
        let address = try #require(try h.engine.container("nf1").attachments[0].endpoint.ipv4?.address)
        let hosts = try netns("nf1", "cat", "/etc/hosts")
        #expect(hosts.hasSuffix("1.2.3.4\textra\n\(address)\tnf\n"))
        #expect(try netns("nf1", "cat", "/etc/resolv.conf").contains("nameserver 10.0.0.53\n"))
        // `exec` binds them too.
        #expect(h.run("exec nf1 cat /etc/hosts") == Outcome(stdout: hosts, stderr: "", status: 0))
        #expect(h.output("exec nf1 cat /etc/resolv.conf").contains("nameserver 10.0.0.53"))
        try remove(h, "nf1")
        #expect(!FileManager.default.fileExists(atPath: "/etc/netns/nf1"))
    }

    /// `rm` of the containers, then waits until the kernel has destroyed their veths (it does
    /// so asynchronously), so that the next test's engine start does not see them.
    private func remove(_ h: ContainerHarness, _ names: String...) throws {
        let veths = try names.flatMap { try h.engine.container($0).attachments.compactMap(\.endpoint.hostInterface) }
        h.output("rm " + names.joined(separator: " "))
        #expect(try settles { Set(try shell(["ip", "-o", "link"]).output.split(separator: "\n").compactMap { line in
            line.split(separator: " ").dropFirst().first.map { String($0.dropLast().split(separator: "@")[0]) }
        }).isDisjoint(with: veths) })
    }

    /// The host name lives in a UTS namespace of the container's own, which `exec` enters.
    @Test func execHostnamePrintsTheContainersHostName() throws {
        let h = try harness()
        defer { h.removeDataRoot() }
        let id = h.output("run --name hn1 -h myhost")
        let hn2 = h.output("run --name hn2")
        #expect(h.output("exec hn1 hostname") == "myhost")
        #expect(h.output("exec hn2 hostname") == String(hn2.prefix(12)))
        #expect(FileManager.default.fileExists(atPath: "/run/dnet/uts/hn1"))
        // dnet's own host name is untouched.
        #expect(try shell(["hostname"]).output != "myhost\n")
        try remove(h, id, "hn2")
        #expect(!FileManager.default.fileExists(atPath: "/run/dnet/uts/hn1"))
    }

    /// On the default bridge a container reaches another by name only through `--link`.
    @Test func linkedContainersPingByAlias() throws {
        let h = try harness()
        defer { h.removeDataRoot() }
        h.output("run --name lk1")
        h.output("run --name lk2 --link lk1:alias1")
        let ping = h.run("exec lk2 ping -c1 -W1 alias1")
        #expect(ping.status == 0, "\(ping)")
        #expect(h.run("exec lk2 cat /etc/hosts").stdout.contains("\talias1 "))
        // The link goes one way (asking DNS for the name would wait for the host's resolver).
        #expect(!h.run("exec lk1 cat /etc/hosts").stdout.contains("alias1"))
        try remove(h, "lk2", "lk1")
    }

    @Test func netNoneHasOnlyLoopback() throws {
        let h = try harness()
        defer { h.removeDataRoot() }
        h.output("run --name n0 --net none")
        let links = try netns("n0", "ip", "-o", "link").split(separator: "\n")
        #expect(links.count == 1 && links[0].contains(": lo: <LOOPBACK,UP,LOWER_UP>"))
        #expect(try netns("n0", "ip", "route") == "")
        h.output("rm n0")
        #expect(try !namespaces().contains("n0"))
    }

    @Test func staticAddressAndMACAreHonoured() throws {
        let h = try harness()
        defer { h.removeDataRoot() }
        h.output("network create --subnet 10.91.0.0/24 fixed")
        h.output("run --name s1 --net fixed --ip 10.91.0.100 --mac-address 02:00:00:00:00:aa")
        #expect(try netns("s1", "ip", "-o", "-4", "addr", "show", "eth0").contains("inet 10.91.0.100/24"))
        #expect(try netns("s1", "ip", "-o", "link", "show", "eth0").contains("link/ether 02:00:00:00:00:aa"))
        #expect(h.output("inspect -f '{{.NetworkSettings.Networks.fixed.IPAddress}} {{.NetworkSettings.Networks.fixed.MacAddress}}' s1")
                == "10.91.0.100 02:00:00:00:00:aa")
        h.output("rm s1")
        h.output("network rm fixed")
    }

    @Test func connectAndDisconnectAddAndRemoveEth1() throws {
        let h = try harness()
        defer { h.removeDataRoot() }
        h.output("network create --subnet 10.92.0.0/24 zzz")
        h.output("network create --subnet 10.93.0.0/24 aaa")
        h.output("run --name g1 --net zzz")
        h.output("network connect aaa g1")
        #expect(try netns("g1", "ip", "-o", "-4", "addr", "show", "eth1").contains("inet 10.93.0.2/24"))
        let routes = try netns("g1", "ip", "route")
        #expect(routes.contains("default via 10.93.0.1 dev eth1") && !routes.contains("default via 10.92.0.1"), "\(routes)")
        h.output("network disconnect aaa g1")
        #expect(try shell(["ip", "netns", "exec", "g1", "ip", "link", "show", "eth1"]).status != 0)
        #expect(try netns("g1", "ip", "route").contains("default via 10.92.0.1 dev eth0"))
        h.output("rm g1")
        h.output("network rm zzz aaa")
    }

    @Test func ipv6ContainersReachEachOther() throws {
        let h = try harness()
        defer { h.removeDataRoot() }
        h.output("network create --ipv6 --subnet 10.97.0.0/24 --subnet fd00:97::/64 v6net")
        h.output("run --name v61 --net v6net")
        h.output("run --name v62 --net v6net --ip6 fd00:97::99")
        #expect(try netns("v61", "ip", "-o", "-6", "addr", "show", "eth0").contains("inet6 fd00:97::2/64"))
        #expect(try netns("v61", "ip", "-6", "route").contains("default via fd00:97::1 dev eth0"))
        // Duplicate address detection keeps a new address tentative for a moment.
        var status: Int32 = -1
        for _ in 0..<30 where status != 0 {
            status = h.run("exec v61 ping -6 -c1 -W1 fd00:97::99").status
            if status != 0 { usleep(100_000) }
        }
        #expect(status == 0)
        h.output("rm v61 v62")
        h.output("network rm v6net")
    }

    @Test func rmForgetsAContainerWhoseNamespaceWasDeletedBehindItsBack() throws {
        let backend = try NetlinkBackend()
        let h = ContainerHarness(backend: backend)
        defer { h.removeDataRoot() }
        h.output("network create --subnet 10.96.0.0/24 gone")
        h.output("run --name ghost --net gone --ip 10.96.0.9")
        let veth = try #require(try h.engine.container("ghost").attachments[0].endpoint.hostInterface)
        // dnet's cached socket in the namespace keeps it (and the veth) alive.
        #expect(try shell(["ip", "netns", "delete", "ghost"]).status == 0)
        #expect(h.output("rm ghost") == "ghost")
        backend.closeNamespaceSockets()
        #expect(try !shell(["ip", "link"]).output.contains(veth))
        h.output("run --name ghost2 --net gone --ip 10.96.0.9")
        h.output("rm ghost2")
        h.output("network rm gone")
    }

    /// What a failed command must leave as it was: `ip -d link` (timers aside), the named
    /// namespaces with their links, addresses and routes, and the engine's state.
    private struct Snapshot: Equatable {
        var links: String
        var namespaces: [String]
        var inside: [String]
        var networks: [NetworkRecord]
        var containers: [ContainerDetails]
        /// Every file under /etc/netns with its content.
        var nameFiles: [String]
    }

    private func nameFiles() -> [String] {
        let root = "/etc/netns"
        let paths = (FileManager.default.subpaths(atPath: root) ?? []).sorted()
        return paths.map { path in
            "\(path): " + ((try? String(contentsOfFile: "\(root)/\(path)", encoding: .utf8)) ?? "(folder)")
        }
    }

    private func snapshot(_ engine: Engine, hostLinksExact: Bool) throws -> Snapshot {
        let reader = try NetlinkBackend()
        defer { reader.closeNamespaceSockets() }
        var links = try links()
        if !hostLinksExact {
            // A veth re-created by an undo has a new index and host-side MAC (and so may the
            // bridge, which takes its ports' lowest MAC): compare what dnet decides.
            links = try reader.links(in: .host).map { "\($0.name) \($0.kind ?? "") \($0.master ?? "") \($0.alias ?? "") \($0.mtu) \($0.isUp) \($0.addresses)" }
                .sorted().joined(separator: "\n")
        }
        let names = try namespaces()
        let inside = try names.flatMap { name -> [String] in
            let links = try reader.links(in: .named(name)).map { "\(name) \($0.name) \($0.macAddress?.description ?? "") \($0.alias ?? "") \($0.mtu) \($0.isUp) \($0.addresses)" }
            let routes = try reader.routes(in: .named(name)).map { "\(name) \($0.destination) \($0.gateway?.description ?? "") \($0.device ?? "")" }
            return (links + routes).sorted()
        }
        return Snapshot(links: links, namespaces: names, inside: inside, networks: try engine.networks(),
                        containers: try engine.containers(), nameFiles: nameFiles())
    }

    /// Runs `line` on an engine whose kernel fails at step 1, 2, … in turn: each failure must
    /// leave the snapshot as it was, until the command succeeds. Returns its kernel step count.
    private func expectAtomic(_ h: ContainerHarness, _ line: String, hostLinksExact: Bool = true) throws -> Int {
        let engine = try h.engine
        let before = try snapshot(engine, hostLinksExact: hostLinksExact)
        for step in 1...10 {
            let failing = FailingBackend(try NetlinkBackend(), failingAtStep: step)
            let attempt = ContainerHarness(backend: failing, dataRoot: h.dataRoot)
            try attempt.engine.ensureStarted()
            #expect(failing.stepsAttempted == 0, "a restart on a consistent state changes nothing")
            let outcome = attempt.run(line)
            failing.closeNamespaceSockets()
            if !failing.hasFailed {
                #expect(outcome.status == 0, "\(line): \(outcome)")
                return step - 1
            }
            #expect(outcome.status != 0 && outcome.stderr.contains("injected failure at step \(step)"), "\(outcome)")
            let after = try snapshot(engine, hostLinksExact: hostLinksExact)
            #expect(after.links == before.links, "\(line), failing at step \(step): \(firstDifference(before.links, after.links))")
            #expect(after.namespaces == before.namespaces, "\(line), failing at step \(step)")
            #expect(after.inside == before.inside, "\(line), failing at step \(step)")
            #expect(after.networks == before.networks, "\(line), failing at step \(step)")
            #expect(after.containers == before.containers, "\(line), failing at step \(step)")
            #expect(after.nameFiles == before.nameFiles, "\(line), failing at step \(step)")
        }
        Issue.record("\(line) never succeeded")
        return -1
    }

    private func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n"), y = b.split(separator: "\n")
        for (l, r) in zip(x, y) where l != r { return "\(l)\n  became\n\(r)" }
        return "\(x.count) lines became \(y.count)"
    }

    /// `run`, `rm`, `network connect` and `network disconnect` failing at each of their kernel
    /// steps in turn leave links, namespaces and the store as they were; then they succeed.
    @Test func commandsFailingAtEachStepLeaveNothing() throws {
        let h = try harness()
        defer { h.removeDataRoot() }
        h.output("network create --subnet 10.94.0.0/24 zatom")
        h.output("network create --subnet 10.95.0.0/24 aatom")
        h.output("run --name before --net zatom")
        #expect(try expectAtomic(h, "run --name atomic --net zatom --ip 10.94.0.50 --dns 10.0.0.53") == 3)
        #expect(FileManager.default.fileExists(atPath: "/etc/netns/atomic/resolv.conf"))
        #expect(try namespaces().contains("atomic"))
        // aatom sorts first: the default route moves (delete the old route, add the veth).
        #expect(try expectAtomic(h, "network connect aatom before") == 2)
        #expect(try netns("before", "ip", "route").contains("default via 10.95.0.1 dev eth1"))
        #expect(try expectAtomic(h, "network disconnect aatom before", hostLinksExact: false) == 2)
        #expect(try netns("before", "ip", "route").contains("default via 10.94.0.1 dev eth0"))
        // A container without a main process: its UTS, then its network namespace (its veth
        // goes with the namespace; only a container that ran a process has its host end taken down first).
        #expect(try expectAtomic(h, "rm before") == 2)
        h.output("rm atomic")
        #expect(nameFiles().isEmpty)
        #expect(try namespaces().filter { $0 == "before" || $0 == "atomic" }.isEmpty)
        h.output("network rm zatom aatom")
    }
}
