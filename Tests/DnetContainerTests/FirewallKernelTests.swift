import Foundation
import Testing
import DnetEngine
import DnetKernel

/// The firewall with real traffic: an "outside" host (a namespace of the test's own, joined
/// to the sandbox's host namespace by a veth, 192.0.2.2 ↔ 192.0.2.1), containers serving
/// with busybox httpd and a python UDP echo. Every "cannot reach" is paired with a pair
/// that can, so that no negative passes because nothing works.
extension ContainerKernelTests {
    /// The outside host, and a document root for the web servers.
    final class OutsideHost {
        let namespace = "fw-out-\(getpid())"
        let docroot = FileManager.default.temporaryDirectory.path + "/dnet-fw-www-\(UUID().uuidString)"

        init(_ shell: ([String]) throws -> (output: String, status: Int32)) throws {
            for argv in [["ip", "netns", "add", namespace],
                         ["ip", "link", "add", "dnetfw0", "type", "veth", "peer", "name", "eth0", "netns", namespace],
                         ["ip", "addr", "add", "192.0.2.1/24", "dev", "dnetfw0"], ["ip", "link", "set", "dnetfw0", "up"],
                         ["ip", "-n", namespace, "addr", "add", "192.0.2.2/24", "dev", "eth0"],
                         ["ip", "-n", namespace, "link", "set", "eth0", "up"], ["ip", "-n", namespace, "link", "set", "lo", "up"]] {
                let r = try shell(argv)
                guard r.status == 0 else { throw ShellFailure(argv: argv) }
            }
            try FileManager.default.createDirectory(atPath: docroot, withIntermediateDirectories: true)
            try "hello from a container\n".write(toFile: docroot + "/index.html", atomically: true, encoding: .utf8)
        }

        func remove(_ shell: ([String]) throws -> (output: String, status: Int32)) {
            _ = try? shell(["ip", "netns", "del", namespace])
            _ = try? shell(["ip", "link", "del", "dnetfw0"])
            try? FileManager.default.removeItem(atPath: docroot)
        }
    }

    struct ShellFailure: Error { var argv: [String] }

    private func fetch(_ url: String, from namespace: String? = nil) throws -> String {
        let argv = ["curl", "-s", "-m", "3", url]
        return try shell(namespace.map { ["ip", "netns", "exec", $0] + argv } ?? argv).output
    }

    private func reaches(_ container: String, _ address: String) throws -> Bool {
        try shell(["ip", "netns", "exec", container, "ping", "-c1", "-W1", "-q", address]).status == 0
    }

    private func udpEcho(_ address: String, _ port: String, from namespace: String) throws -> String {
        let client = "import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.settimeout(3);"
            + "s.sendto(b'ping',('\(address)',\(port)));print(s.recvfrom(100)[0].decode())"
        return try shell(["ip", "netns", "exec", namespace, "python3", "-c", client]).output
    }

    private func ruleset() -> String { (try? shell(["nft", "list", "table", "inet", "dnet"]).output) ?? "" }

    @Test func publishedPortsMasqueradeIsolationInternalAndICC() throws {
        let outside = try OutsideHost(shell)
        let dnet = ContainerHarness(backend: try NetlinkBackend())
        let containers = ["web", "auto", "echo", "a1", "b1", "i1", "i2", "n1", "n2", "m1"]
        defer {
            dnet.cleanUp(containers: containers, networks: ["fa", "fb", "fi", "fn", "fm"])
            outside.remove(shell)
        }
        dnet.output("network create --subnet 10.71.0.0/24 fa")
        dnet.output("network create --subnet 10.72.0.0/24 fb")
        dnet.output("network create --internal --subnet 10.73.0.0/24 fi")
        dnet.output("network create -o com.docker.network.bridge.enable_icc=false --subnet 10.74.0.0/24 fn")
        dnet.output("network create -o com.docker.network.bridge.enable_ip_masquerade=false --subnet 10.76.0.0/24 fm")
        dnet.output("run --net fa --name web -p 8080:80 -- busybox httpd -f -p 80 -h \(outside.docroot)")
        dnet.output("run --net fa --name auto -P --expose 80 -- busybox httpd -f -p 80 -h \(outside.docroot)")
        let echo = "import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind((\"\",53))\nwhile True:\n d,a=s.recvfrom(100);s.sendto(d.upper(),a)"
        dnet.output("run --net fa --name echo -p 5353:53/udp -- python3 -c '\(echo)'")
        for (name, net) in [("a1", "fa"), ("b1", "fb"), ("i1", "fi"), ("i2", "fi"), ("n1", "fn"), ("n2", "fn"), ("m1", "fm")] {
            dnet.output("run --net \(net) --name \(name)")
        }
        let rules = ruleset()

        // Published: from the outside at the host's address, and from the host at 127.0.0.1.
        var page = ""
        for _ in 0..<50 where page.isEmpty { page = try fetch("http://192.0.2.1:8080/", from: outside.namespace); usleep(100_000) }
        #expect(page == "hello from a container\n", "\(rules)")
        #expect(try fetch("http://127.0.0.1:8080/") == "hello from a container\n", "\(rules)")
        // -P with --expose: a port from 32768 up, which `port` reports and which answers.
        let mapped = dnet.output("port auto")
        #expect(mapped == "80/tcp -> 0.0.0.0:32768", "\(mapped)")
        #expect(dnet.output("port auto 80") == "0.0.0.0:32768")
        #expect(dnet.run("port auto 81").stderr == "Error: No public port '81/tcp' published for auto\n")
        // ps and inspect show them as Docker does.
        #expect(dnet.output("ps -f name=^/web$ --format {{.Ports}}") == "0.0.0.0:8080->80/tcp")
        #expect(dnet.output("inspect -f '{{json .NetworkSettings.Ports}}' auto") == #"{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"32768"}]}"#)
        #expect(try fetch("http://192.0.2.1:32768/", from: outside.namespace) == "hello from a container\n", "\(rules)")
        // UDP.
        var echoed = ""
        for _ in 0..<10 where echoed.isEmpty { echoed = try udpEcho("192.0.2.1", "5353", from: outside.namespace); usleep(100_000) }
        #expect(echoed == "PING\n", "\(rules)")
        // host_binding_ipv4: a network's default host address for its containers' bindings.
        dnet.output("network create -o com.docker.network.bridge.host_binding_ipv4=127.0.0.1 --subnet 10.77.0.0/24 fl")
        dnet.output("run --net fl --name local -p 8085:80 -- busybox httpd -f -p 80 -h \(outside.docroot)")
        #expect(dnet.output("port local") == "80/tcp -> 127.0.0.1:8085")
        var local = ""
        for _ in 0..<50 where local.isEmpty { local = try fetch("http://127.0.0.1:8085/"); usleep(100_000) }
        #expect(local == "hello from a container\n", "\(ruleset())")
        #expect(try fetch("http://192.0.2.1:8085/", from: outside.namespace) == "")
        dnet.output("rm -f local")
        dnet.output("network rm fl")
        // A host port taken: Docker's text, and nothing made.
        let taken = dnet.run("run --net fb --name dup -p 8080:80")
        #expect(taken.stderr.hasPrefix("driver failed programming external connectivity on endpoint dup ("), "\(taken)")
        #expect(taken.stderr.hasSuffix("): Bind for 0.0.0.0:8080 failed: port is already allocated\n"), "\(taken)")
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []).contains("dup"))

        // Masquerade: the outside has no route to the containers' subnets, so only a packet
        // that left with the host's address gets an answer; without masquerade, none does.
        #expect(try reaches("a1", "192.0.2.2"), "\(rules)")
        #expect(!(try reaches("m1", "192.0.2.2")), "\(rules)")

        // Isolation: a1 does not reach b1 on another network, but reaches web on its own and
        // its gateway; b1 reaches its own gateway.
        #expect(!(try reaches("a1", "10.72.0.2")), "\(rules)")
        #expect(try reaches("a1", "10.71.0.2"))
        #expect(try reaches("a1", "10.71.0.1"))
        #expect(try reaches("b1", "10.72.0.1"))

        // --internal: no way out, but each other and the gateway (a host address).
        #expect(!(try reaches("i1", "192.0.2.2")), "\(rules)")
        #expect(try reaches("i1", "10.73.0.3"))
        #expect(try reaches("i1", "10.73.0.1"))

        // enable_icc=false: not each other, but the gateway; on fa (icc on) a1 reaches web.
        #expect(!(try reaches("n1", "10.74.0.3")), "\(rules)")
        #expect(try reaches("n1", "10.74.0.1"))

        // Everything removed: dnet's sets and maps hold nothing but the default bridge.
        for name in containers { dnet.output("rm -f \(name)") }
        for name in ["fa", "fb", "fi", "fn", "fm"] { dnet.output("network rm \(name)") }
        let left = ruleset()
        #expect(!left.contains("10.7") && !left.contains("br-") && !left.contains("veth"), "\(left)")
        let ports = left.components(separatedBy: "map ports {").last?.components(separatedBy: "}").first ?? ""
        #expect(!ports.contains("elements"), "\(left)")
        #expect(left.contains("\"dnet0\""), "\(left)")
    }

    /// Next to a Docker engine: its FORWARD policy is DROP and its DOCKER-USER chain comes
    /// first (set up here with iptables as Docker does it). dnet's accept rules there, one
    /// pair per bridge marked with its network, let its containers out; without them, not.
    @Test func dockersDropPolicyIsPassedThroughDockerUser() throws {
        let outside = try OutsideHost(shell)
        let iptables = [["iptables", "-N", "DOCKER-USER"], ["iptables", "-A", "DOCKER-USER", "-j", "RETURN"],
                        ["iptables", "-I", "FORWARD", "-j", "DOCKER-USER"], ["iptables", "-P", "FORWARD", "DROP"]]
        for argv in iptables { #expect(try shell(argv).status == 0, "\(argv)") }
        let dataRoot = FileManager.default.temporaryDirectory.path + "/dnet-du-\(UUID().uuidString)"
        var dnet = ContainerHarness(backend: try NetlinkBackend(), dataRoot: dataRoot)
        defer {
            dnet.cleanUp(containers: ["d1"], networks: ["du"])
            for argv in [["iptables", "-P", "FORWARD", "ACCEPT"], ["iptables", "-D", "FORWARD", "-j", "DOCKER-USER"],
                         ["iptables", "-F", "DOCKER-USER"], ["iptables", "-X", "DOCKER-USER"]] { _ = try? shell(argv) }
            outside.remove(shell)
        }
        let id = dnet.output("network create --subnet 10.78.0.0/24 du")
        dnet.output("run --net du --name d1")
        let bridge = "br-\(id.prefix(12))"
        var rules = try shell(["iptables", "-S", "DOCKER-USER"]).output
        #expect(rules.contains("-A DOCKER-USER -i \(bridge) -m comment --comment \"dnet:\(id)\" -j ACCEPT"), "\(rules)")
        #expect(rules.contains("-A DOCKER-USER -o \(bridge) -m comment --comment \"dnet:\(id)\" -j ACCEPT"), "\(rules)")
        #expect(rules.contains("-A DOCKER-USER -i dnet0 "), "\(rules)")
        #expect(try reaches("d1", "192.0.2.2"), "\(rules)")

        // Without them Docker's policy drops the container's traffic; a restart puts them back.
        for flag in ["-i", "-o"] {
            #expect(try shell(["iptables", "-D", "DOCKER-USER", flag, bridge, "-m", "comment", "--comment", "dnet:\(id)", "-j", "ACCEPT"]).status == 0)
        }
        #expect(!(try reaches("d1", "192.0.2.2")))
        dnet = ContainerHarness(backend: try NetlinkBackend(), dataRoot: dataRoot)
        #expect(dnet.output("ps --format {{.Names}}") == "d1")
        let restored = try shell(["iptables", "-S", "DOCKER-USER"]).output
        #expect(try reaches("d1", "192.0.2.2"), "\(restored)")

        // The network's rules go with it; dnet0's stay, Docker's own RETURN too.
        dnet.output("rm -f d1")
        dnet.output("network rm du")
        rules = try shell(["iptables", "-S", "DOCKER-USER"]).output
        #expect(!rules.contains(bridge) && rules.contains("-i dnet0 ") && rules.contains("-A DOCKER-USER -j RETURN"), "\(rules)")
    }

    /// A restart makes dnet's tables anew from the state: rules deleted behind its back
    /// come back, and a container's published port answers again.
    @Test func aRestartRewritesTheTablesFromTheState() throws {
        let dataRoot = FileManager.default.temporaryDirectory.path + "/dnet-fw-\(UUID().uuidString)"
        let first = ContainerHarness(backend: try NetlinkBackend(), dataRoot: dataRoot)
        let docroot = FileManager.default.temporaryDirectory.path + "/dnet-fw-www-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: docroot, withIntermediateDirectories: true)
        try "again\n".write(toFile: docroot + "/index.html", atomically: true, encoding: .utf8)
        defer {
            first.cleanUp(containers: ["keep"], networks: ["fr"])
            try? FileManager.default.removeItem(atPath: docroot)
        }
        first.output("network create --subnet 10.75.0.0/24 fr")
        first.output("run --net fr --name keep -p 8090:80 -- busybox httpd -f -p 80 -h \(docroot)")
        var page = ""
        for _ in 0..<50 where page.isEmpty { page = try fetch("http://127.0.0.1:8090/"); usleep(100_000) }
        #expect(page == "again\n")
        #expect(try shell(["nft", "delete", "table", "inet", "dnet"]).status == 0)
        #expect(try fetch("http://127.0.0.1:8090/") == "")

        let second = ContainerHarness(backend: try NetlinkBackend(), dataRoot: dataRoot)
        #expect(second.output("ps --format {{.Names}}") == "keep")
        #expect(ruleset().contains("tcp . 8090 : 10.75.0.2 . 80"), "\(ruleset())")
        #expect(try fetch("http://127.0.0.1:8090/") == "again\n")
    }
}
