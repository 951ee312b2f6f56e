import DnetIPAM
import DnetKernel
import Foundation
import Testing

/// The real backend against the kernel, inside the test sandbox only. Each test makes
/// its own uniquely named links, namespaces and subnet, and removes them even on failure.
@Suite(.enabled(if: Sandbox.isActive, "needs root inside the test sandbox (DNET_TEST_SANDBOX=1)"))
struct NetlinkBackendTests {
    let kernel: NetlinkBackend

    init() throws {
        kernel = try NetlinkBackend()
    }

    @Test func bridgeHasItsMTUAddressAliasAndIsUp() throws {
        let tag = Sandbox.tag(), bridge = "dkb\(tag)"
        defer { Sandbox.cleanUp(links: [bridge]) }
        try kernel.createBridge(BridgeSpec(name: bridge, mtu: 1400, macAddress: MACAddress("02:42:0a:c9:00:01"),
                                           alias: "dnet:\(tag)"))
        try kernel.addAddress(try CIDR.parse("10.201.0.1/24"), to: bridge)

        let details = Sandbox.output("ip", "-d", "link", "show", bridge)
        #expect(details.contains("mtu 1400"))
        #expect(details.contains(",UP"))
        #expect(details.contains("link/ether 02:42:0a:c9:00:01"))
        #expect(details.contains("alias dnet:\(tag)"))
        #expect(details.contains("bridge forward_delay 0 "))
        #expect(details.contains("stp_state 0"))
        #expect(Sandbox.output("ip", "addr", "show", bridge).contains("inet 10.201.0.1/24 brd 10.201.0.255 scope global \(bridge)"))

        let listed = try #require(try kernel.links(in: .host).first { $0.name == bridge })
        #expect(listed.kind == "bridge")
        #expect(listed.alias == "dnet:\(tag)")
        #expect(listed.mtu == 1400)
        #expect(listed.isUp)
        #expect(listed.macAddress?.description == "02:42:0a:c9:00:01")
        #expect(listed.addresses.contains(try CIDR.parse("10.201.0.1/24")))
        #expect(try kernel.markedLinks(prefix: "dnet:\(tag)").map(\.name) == [bridge])
        #expect(try kernel.prefixesInUse().contains(try CIDR.parse("10.201.0.0/24")))
        #expect(try kernel.routes(in: .host).contains {
            $0.destination.description == "10.201.0.0/24" && $0.device == bridge && $0.gateway == nil
        })

        try kernel.setMTU(1300, of: bridge)
        try kernel.setLink(bridge, up: false)
        let changed = Sandbox.output("ip", "link", "show", bridge)
        #expect(changed.contains("mtu 1300"))
        #expect(!changed.contains(",UP"))

        let again = #expect(throws: KernelError.self) { try kernel.createBridge(BridgeSpec(name: bridge)) }
        #expect(again?.message == "cannot create bridge \(bridge): File exists")
        #expect(again?.isAlreadyExists == true)

        try kernel.deleteLink(bridge)
        #expect(Sandbox.run("ip", "link", "show", bridge).status != 0)
        let gone = #expect(throws: KernelError.self) { try kernel.deleteLink(bridge) }
        #expect(gone?.isNotFound == true)
    }

    /// As Docker's: a random address of the bridge's own, which ports joining and leaving do
    /// not change (the kernel's pick follows the lowest port address).
    @Test func aBridgeKeepsARandomAddressOfItsOwnWhilePortsComeAndGo() throws {
        let tag = Sandbox.tag(), bridges = ["dkm\(tag)", "dkn\(tag)"], port = "dkp\(tag)"
        defer { Sandbox.cleanUp(links: bridges + [port]) }
        for bridge in bridges { try kernel.createBridge(BridgeSpec(name: bridge, alias: "dnet:\(tag)")) }
        let addresses = try bridges.map { bridge in
            try #require(try kernel.links(in: .host).first { $0.name == bridge }?.macAddress)
        }
        #expect(addresses[0] != addresses[1])
        for address in addresses {
            #expect(address.bytes[0] & 0x03 == 0x02, "locally administered unicast: \(address)")
        }

        // A port with the lowest possible address joins, comes up, and leaves.
        _ = Sandbox.output("ip", "link", "add", port, "address", "02:00:00:00:00:01", "type", "veth", "peer", "name", "\(port)b")
        _ = Sandbox.output("ip", "link", "set", port, "master", bridges[0], "up")
        #expect(Sandbox.output("ip", "link", "show", bridges[0]).contains("link/ether \(addresses[0])"))
        _ = Sandbox.output("ip", "link", "del", port)
        #expect(Sandbox.output("ip", "link", "show", bridges[0]).contains("link/ether \(addresses[0])"))
    }

    @Test func badNamesAreRefusedBeforeTheKernel() {
        let long = #expect(throws: KernelError.self) { try kernel.createBridge(BridgeSpec(name: "br-0123456789abc")) }
        #expect(long?.message.hasPrefix("cannot create bridge br-0123456789abc: \"br-0123456789abc\" is not a valid interface name") == true)
        #expect(throws: KernelError.self) { try kernel.createNamespace("../etc", disableIPv6: true) }
        let escape = #expect(throws: KernelError.self) { try kernel.writeSysctl("net/../../../etc/x", "1") }
        #expect(escape?.message == "cannot set sysctl net/../../../etc/x=1: \"net/../../../etc/x\" is not a sysctl name")
    }

    @Test func namespaceIsNamedLikeIproute2sWithLoopbackUp() throws {
        let ns = "dkn\(Sandbox.tag())"
        defer { Sandbox.cleanUp(namespaces: [ns]) }
        try kernel.createNamespace(ns, disableIPv6: true)
        #expect(try kernel.namespaces().contains(ns))
        #expect(Sandbox.output("ip", "netns", "list").contains(ns))
        #expect(Sandbox.output("ip", "-n", ns, "link", "show", "lo").contains("LOOPBACK,UP"))
        #expect(Sandbox.output("ip", "netns", "exec", ns, "cat", "/proc/sys/net/ipv6/conf/default/disable_ipv6") == "1\n")
        #expect(try kernel.readSysctl("net.ipv6.conf.default.disable_ipv6", in: .named(ns)) == "1")
        try kernel.writeSysctl("net.ipv4.ip_forward", "1", in: .named(ns))
        #expect(Sandbox.output("ip", "netns", "exec", ns, "cat", "/proc/sys/net/ipv4/ip_forward") == "1\n")

        let twice = #expect(throws: KernelError.self) { try kernel.createNamespace(ns, disableIPv6: false) }
        #expect(twice?.message == "cannot create namespace \(ns): File exists")

        try kernel.deleteNamespace(ns)
        #expect(try !kernel.namespaces().contains(ns))
        #expect(!Sandbox.output("ip", "netns", "list").contains(ns))
        #expect(throws: KernelError.self) { try kernel.deleteNamespace(ns) }
    }

    @Test func vethJoinSetsAddressRouteMTUMACAndTurnsIPv6Off() throws {
        let tag = Sandbox.tag(), bridge = "dkb\(tag)", host = "dkv\(tag)", ns = "dkn\(tag)"
        defer { Sandbox.cleanUp(links: [host, bridge], namespaces: [ns]) }
        try kernel.createBridge(BridgeSpec(name: bridge, mtu: 1400, alias: "dnet:\(tag)"))
        try kernel.addAddress(try CIDR.parse("10.202.0.1/24"), to: bridge)
        try kernel.createNamespace(ns, disableIPv6: true)
        try kernel.addContainerVeth(ContainerVethSpec(
            hostName: host, bridge: bridge,
            interface: ContainerInterface(namespace: ns, name: "eth0", mtu: 1400, macAddress: MACAddress("02:42:0a:ca:00:02"),
                                          addresses: [try CIDR.parse("10.202.0.2/24")], gateway: IPAddress("10.202.0.1"),
                                          disableIPv6: true, alias: "dnet:e\(tag)")))

        let inside = Sandbox.output("ip", "-n", ns, "-d", "link", "show", "eth0")
        #expect(inside.contains("mtu 1400"))
        #expect(inside.contains(",UP"))
        #expect(inside.contains("link/ether 02:42:0a:ca:00:02"))
        #expect(inside.contains("alias dnet:e\(tag)"))
        #expect(inside.contains("veth"))
        let addresses = Sandbox.output("ip", "-n", ns, "addr", "show", "eth0")
        #expect(addresses.contains("inet 10.202.0.2/24 brd 10.202.0.255 scope global eth0"))
        #expect(!addresses.contains("inet6"))
        #expect(Sandbox.output("ip", "-n", ns, "route").contains("default via 10.202.0.1 dev eth0"))
        #expect(Sandbox.output("ip", "netns", "exec", ns, "cat", "/proc/sys/net/ipv6/conf/eth0/disable_ipv6") == "1\n")

        let outside = Sandbox.output("ip", "-d", "link", "show", host)
        #expect(outside.contains("master \(bridge)"))
        #expect(outside.contains(",UP"))
        #expect(outside.contains("mtu 1400"))
        #expect(outside.contains("alias dnet:e\(tag)"))
        #expect(Sandbox.output("cat", "/proc/sys/net/ipv6/conf/\(host)/disable_ipv6") == "1\n")
        #expect(!Sandbox.output("ip", "addr", "show", host).contains("inet6"))

        let hostEnd = try #require(try kernel.links(in: .host).first { $0.name == host })
        #expect(hostEnd.kind == "veth")
        #expect(hostEnd.master == bridge)
        #expect(hostEnd.alias == "dnet:e\(tag)")
        let peer = try #require(try kernel.links(in: .named(ns)).first { $0.name == "eth0" })
        #expect(peer.addresses == [try CIDR.parse("10.202.0.2/24")])
        #expect(try kernel.routes(in: .named(ns)).contains {
            $0.destination.prefixLength == 0 && $0.gateway == IPAddress("10.202.0.1") && $0.device == "eth0"
        })

        // Removing the container's interface takes the host end with it.
        try kernel.deleteLink("eth0", in: .named(ns))
        #expect(Sandbox.run("ip", "link", "show", host).status != 0)
        #expect(Sandbox.run("ip", "-n", ns, "link", "show", "eth0").status != 0)
    }

    @Test func deletingANamespaceTakesItsInterfacesAndTheirHostEnds() throws {
        let tag = Sandbox.tag(), bridge = "dkb\(tag)", host = "dkv\(tag)", ns = "dkn\(tag)"
        defer { Sandbox.cleanUp(links: [host, bridge], namespaces: [ns]) }
        try kernel.createBridge(BridgeSpec(name: bridge))
        try kernel.createNamespace(ns, disableIPv6: true)
        try kernel.addContainerVeth(ContainerVethSpec(
            hostName: host, bridge: bridge,
            interface: ContainerInterface(namespace: ns, name: "eth0", addresses: [try CIDR.parse("10.209.0.2/24")])))
        #expect(try kernel.links(in: .named(ns)).map(\.name).sorted() == ["eth0", "lo"])
        try kernel.deleteNamespace(ns)
        #expect(!FileManager.default.fileExists(atPath: "/run/netns/\(ns)"))
        // The kernel frees the namespace asynchronously once nothing (no socket, no thread) holds it.
        var hostEndGone = false
        for _ in 0..<100 where !hostEndGone {
            hostEndGone = Sandbox.run("ip", "link", "show", host).status != 0
            if !hostEndGone { usleep(50_000) }
        }
        #expect(hostEndGone, "the host end of a deleted namespace's veth is gone within 5 s")
    }

    @Test func aCachedSocketDoesNotKeepANamespaceThatOthersDeletedAlive() throws {
        let tag = Sandbox.tag(), bridge = "dkb\(tag)", host = "dkv\(tag)", ns = "dkn\(tag)"
        defer { Sandbox.cleanUp(links: [host, bridge], namespaces: [ns]) }
        try kernel.createBridge(BridgeSpec(name: bridge))
        try kernel.createNamespace(ns, disableIPv6: true)
        try kernel.addContainerVeth(ContainerVethSpec(
            hostName: host, bridge: bridge, interface: ContainerInterface(namespace: ns, name: "eth0")))
        Sandbox.output("ip", "netns", "del", ns)
        // A namespace of the same name made by someone else is not confused with the old one.
        Sandbox.output("ip", "netns", "add", ns)
        #expect(try kernel.links(in: .named(ns)).map(\.name) == ["lo"])
        // The old namespace, still held by the cached socket, goes once the sockets are closed.
        kernel.closeNamespaceSockets()
        var hostEndGone = false
        for _ in 0..<100 where !hostEndGone {
            hostEndGone = Sandbox.run("ip", "link", "show", host).status != 0
            if !hostEndGone { usleep(50_000) }
        }
        #expect(hostEndGone)
    }

    @Test func ipv6InterfaceInANamespaceWithIPv6OffByDefault() throws {
        let tag = Sandbox.tag(), bridge = "dkb\(tag)", host = "dkv\(tag)", ns = "dkn\(tag)"
        defer { Sandbox.cleanUp(links: [host, bridge], namespaces: [ns]) }
        try kernel.createBridge(BridgeSpec(name: bridge))
        try kernel.addAddress(try CIDR.parse("fd00:204::1/64"), to: bridge)
        try kernel.createNamespace(ns, disableIPv6: true)
        try kernel.addContainerVeth(ContainerVethSpec(
            hostName: host, bridge: bridge,
            interface: ContainerInterface(namespace: ns, name: "eth0",
                                          addresses: [try CIDR.parse("10.204.0.2/24"), try CIDR.parse("fd00:204::2/64")],
                                          gatewayIPv6: IPAddress("fd00:204::1"), disableIPv6: false)))
        #expect(Sandbox.output("ip", "netns", "exec", ns, "cat", "/proc/sys/net/ipv6/conf/eth0/disable_ipv6") == "0\n")
        #expect(Sandbox.output("ip", "-n", ns, "-6", "addr", "show", "eth0").contains("inet6 fd00:204::2/64 scope global"))
        #expect(Sandbox.output("ip", "-n", ns, "-6", "route").contains("default via fd00:204::1 dev eth0"))
        #expect(Sandbox.output("cat", "/proc/sys/net/ipv6/conf/\(host)/disable_ipv6") == "0\n")
        #expect(Sandbox.run("ip", "netns", "exec", ns, "ping", "-6", "-c1", "-W2", "fd00:204::1").status == 0)
    }

    @Test func twoJoinedNamespacesPingEachOther() throws {
        let tag = Sandbox.tag(), bridge = "dkb\(tag)"
        let namespaces = ["dkn\(tag)a", "dkn\(tag)b"], hosts = ["dkv\(tag)a", "dkv\(tag)b"]
        defer { Sandbox.cleanUp(links: hosts + [bridge], namespaces: namespaces) }
        try kernel.createBridge(BridgeSpec(name: bridge))
        try kernel.addAddress(try CIDR.parse("10.203.0.1/24"), to: bridge)
        for (i, ns) in namespaces.enumerated() {
            try kernel.createNamespace(ns, disableIPv6: true)
            try kernel.addContainerVeth(ContainerVethSpec(
                hostName: hosts[i], bridge: bridge,
                interface: ContainerInterface(namespace: ns, name: "eth0", addresses: [try CIDR.parse("10.203.0.\(i + 2)/24")],
                                              gateway: IPAddress("10.203.0.1"))))
        }
        #expect(Sandbox.run("ip", "netns", "exec", namespaces[0], "ping", "-c1", "-W1", "10.203.0.3").status == 0)
        #expect(Sandbox.run("ip", "netns", "exec", namespaces[1], "ping", "-c1", "-W1", "10.203.0.2").status == 0)
        #expect(Sandbox.run("ip", "netns", "exec", namespaces[1], "ping", "-c1", "-W1", "10.203.0.1").status == 0)
    }

    @Test func macvlanContainersOnAParentVethReachEachOther() throws {
        let tag = Sandbox.tag(), parent = "dkp\(tag)"
        let namespaces = ["dkn\(tag)a", "dkn\(tag)b"]
        defer { Sandbox.cleanUp(links: [parent], namespaces: namespaces) }
        Sandbox.output("ip", "link", "add", parent, "type", "veth", "peer", "name", "dkq\(tag)")
        Sandbox.output("ip", "link", "set", parent, "up")
        Sandbox.output("ip", "link", "set", "dkq\(tag)", "up")
        for (i, ns) in namespaces.enumerated() {
            try kernel.createNamespace(ns, disableIPv6: true)
            try kernel.addContainerSublink(ContainerSublinkSpec(
                parent: parent, mode: .macvlan("bridge"),
                interface: ContainerInterface(namespace: ns, name: "eth0", mtu: 1400,
                                              macAddress: MACAddress("02:42:0a:cd:00:0\(i + 2)"),
                                              addresses: [try CIDR.parse("10.205.0.\(i + 2)/24")],
                                              gateway: IPAddress("10.205.0.1"), alias: "dnet:m\(tag)")))
        }
        let details = Sandbox.output("ip", "-n", namespaces[0], "-d", "link", "show", "eth0")
        #expect(details.contains("macvlan mode bridge"))
        #expect(details.contains("mtu 1400"))
        #expect(details.contains("link/ether 02:42:0a:cd:00:02"))
        #expect(details.contains("alias dnet:m\(tag)"))
        #expect(Sandbox.output("ip", "-n", namespaces[0], "route").contains("default via 10.205.0.1 dev eth0"))
        #expect(Sandbox.run("ip", "netns", "exec", namespaces[0], "ping", "-c1", "-W1", "10.205.0.3").status == 0)

        try kernel.deleteLink("eth0", in: .named(namespaces[1]))
        #expect(Sandbox.run("ip", "-n", namespaces[1], "link", "show", "eth0").status != 0)
        #expect(Sandbox.run("ip", "link", "show", parent).status == 0)
    }

    @Test func routesAreAddedAndDeletedInANamespace() throws {
        let tag = Sandbox.tag(), bridge = "dkb\(tag)", host = "dkv\(tag)", ns = "dkn\(tag)"
        defer { Sandbox.cleanUp(links: [host, bridge], namespaces: [ns]) }
        try kernel.createBridge(BridgeSpec(name: bridge))
        try kernel.createNamespace(ns, disableIPv6: true)
        try kernel.addContainerVeth(ContainerVethSpec(
            hostName: host, bridge: bridge,
            interface: ContainerInterface(namespace: ns, name: "eth0", addresses: [try CIDR.parse("10.206.0.2/24")])))
        let route = RouteSpec(destination: try CIDR.parse("10.99.0.0/16"), gateway: IPAddress("10.206.0.254"), device: "eth0")
        try kernel.addRoute(route, in: .named(ns))
        #expect(Sandbox.output("ip", "-n", ns, "route").contains("10.99.0.0/16 via 10.206.0.254 dev eth0"))
        let twice = #expect(throws: KernelError.self) { try kernel.addRoute(route, in: .named(ns)) }
        #expect(twice?.message == "cannot add route 10.99.0.0/16 via 10.206.0.254 dev eth0 in namespace \(ns): File exists")
        try kernel.deleteRoute(route, in: .named(ns))
        #expect(!Sandbox.output("ip", "-n", ns, "route").contains("10.99.0.0/16"))
        let unreachable = #expect(throws: KernelError.self) {
            try kernel.addRoute(.defaultRoute(via: IPAddress("192.0.2.1")!), in: .named(ns))
        }
        #expect(unreachable?.errno != nil)
    }

    @Test func aJoinThatFailsHalfwayLeavesNothingBehind() throws {
        let tag = Sandbox.tag(), bridge = "dkb\(tag)", host = "dkv\(tag)", ns = "dkn\(tag)"
        defer { Sandbox.cleanUp(links: [host, bridge], namespaces: [ns]) }
        try kernel.createBridge(BridgeSpec(name: bridge))
        try kernel.createNamespace(ns, disableIPv6: true)
        let address = try CIDR.parse("10.207.0.2/24")
        let error = #expect(throws: KernelError.self) {
            try kernel.addContainerVeth(ContainerVethSpec(
                hostName: host, bridge: bridge,
                interface: ContainerInterface(namespace: ns, name: "eth0", addresses: [address, address])))
        }
        #expect(error?.message == "cannot add address 10.207.0.2/24 to eth0 in namespace \(ns): File exists (ipv4: Address already assigned)")
        #expect(Sandbox.run("ip", "link", "show", host).status != 0)
        #expect(Sandbox.run("ip", "-n", ns, "link", "show", "eth0").status != 0)

        let noBridge = #expect(throws: KernelError.self) {
            try kernel.addContainerVeth(ContainerVethSpec(
                hostName: host, bridge: "dkx\(tag)", interface: ContainerInterface(namespace: ns, name: "eth0")))
        }
        #expect(noBridge?.isNotFound == true)
        #expect(noBridge?.message == "cannot create veth \(host) with peer eth0 in namespace \(ns): No such device (no link named dkx\(tag))")
        #expect(Sandbox.run("ip", "link", "show", host).status != 0)

        let noNamespace = #expect(throws: KernelError.self) {
            try kernel.addAddress(try CIDR.parse("10.207.0.9/24"), to: "eth0", in: .named("dkz\(tag)"))
        }
        #expect(noNamespace?.message == "cannot add address 10.207.0.9/24 to eth0 in namespace dkz\(tag): No such file or directory (no namespace named dkz\(tag))")
    }

    @Test func missingKernelSupportIsReportedClearly() throws {
        let tag = Sandbox.tag(), parent = "dkp\(tag)", ns = "dkn\(tag)"
        defer { Sandbox.cleanUp(links: [parent, "dkd\(tag)", "\(parent).7"], namespaces: [ns]) }
        #expect(try kernel.supportsLinkKind("bridge"))
        #expect(try kernel.supportsLinkKind("veth"))
        #expect(try kernel.supportsLinkKind("macvlan"))
        Sandbox.output("ip", "link", "add", parent, "type", "veth", "peer", "name", "dkq\(tag)")
        try kernel.createNamespace(ns, disableIPv6: true)

        if try !kernel.supportsLinkKind("dummy") {
            let error = #expect(throws: KernelError.self) {
                try kernel.createHostLink(HostLinkSpec(name: "dkd\(tag)", kind: .dummy))
            }
            #expect(error?.isUnsupported == true)
            #expect(error?.message == "cannot create dummy link dkd\(tag): the kernel has no dummy support (Unknown device type)")
        }
        if try !kernel.supportsLinkKind("vlan") {
            let error = #expect(throws: KernelError.self) {
                try kernel.createHostLink(HostLinkSpec(name: "\(parent).7", kind: .vlan(parent: parent, id: 7)))
            }
            #expect(error?.message == "cannot create vlan link \(parent).7: the kernel has no vlan support (Unknown device type)")
        }
        if try !kernel.supportsLinkKind("ipvlan") {
            let error = #expect(throws: KernelError.self) {
                try kernel.addContainerSublink(ContainerSublinkSpec(
                    parent: parent, mode: .ipvlan("l2"), interface: ContainerInterface(namespace: ns, name: "eth0")))
            }
            #expect(error?.message == "cannot create ipvlan eth0 in namespace \(ns) on \(parent): the kernel has no ipvlan support (Unknown device type)")
            #expect(Sandbox.run("ip", "-n", ns, "link", "show", "eth0").status != 0)
        }
    }

    @Test(arguments: 1...5)
    func undoingTheStepsDoneBeforeAnInjectedFailureRestoresTheKernel(failingStep: Int) throws {
        let tag = Sandbox.tag(), bridge = "dkb\(tag)", host = "dkv\(tag)", ns = "dkn\(tag)"
        defer { Sandbox.cleanUp(links: [host, bridge], namespaces: [ns]) }
        let before = snapshot(tag)
        let plan: [KernelStep] = [
            .createBridge(BridgeSpec(name: bridge, mtu: 1450, alias: "dnet:\(tag)")),
            .addAddress(try CIDR.parse("10.208.0.1/24"), link: bridge, namespace: .host),
            .createNamespace(name: ns, disableIPv6: true),
            .addContainerVeth(ContainerVethSpec(hostName: host, bridge: bridge, interface: ContainerInterface(
                namespace: ns, name: "eth0", addresses: [try CIDR.parse("10.208.0.2/24")], gateway: IPAddress("10.208.0.1")))),
            .addRoute(RouteSpec(destination: try CIDR.parse("10.98.0.0/16"), gateway: IPAddress("10.208.0.1")), namespace: .named(ns)),
        ]
        let failing = FailingBackend(kernel, failingAtStep: failingStep)
        var done: [KernelStep] = []
        do {
            for step in plan {
                try failing.apply(step)
                done.append(step)
            }
            Issue.record("step \(failingStep) should have failed")
        } catch let error as KernelError {
            #expect(error.cause == .injected(step: failingStep))
            for step in done.reversed() { try kernel.apply(try #require(step.undo)) }
        }
        #expect(done.count == failingStep - 1)
        #expect(snapshot(tag) == before)
    }

    /// The links and namespaces carrying `tag`, as iproute2 lists them.
    private func snapshot(_ tag: String) -> [String] {
        let links = Sandbox.output("ip", "-br", "link").split(separator: "\n").filter { $0.contains(tag) }
        let namespaces = Sandbox.output("ip", "netns", "list").split(separator: "\n").filter { $0.contains(tag) }
        return (links + namespaces).map(String.init)
    }
}
