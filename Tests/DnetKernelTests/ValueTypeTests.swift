import DnetIPAM
import DnetKernel
import Glibc
import Testing

@Suite struct ValueTypeTests {
    @Test func routeSpecReadsLikeIpRoute() throws {
        let gateway = try #require(IPAddress("10.9.0.1"))
        #expect(RouteSpec.defaultRoute(via: gateway, device: "eth0").description == "default via 10.9.0.1 dev eth0")
        #expect(RouteSpec.defaultRoute(via: try #require(IPAddress("fd00::1"))).destination.description == "::/0")
        #expect(RouteSpec(destination: try CIDR.parse("10.8.0.9/16"), device: "eth1").description == "10.8.0.0/16 dev eth1")
    }

    @Test func kernelErrorsReadAsActionAndReason() {
        let exists = KernelError(action: "create bridge br-x", cause: .system(errno: EEXIST))
        #expect(exists.message == "cannot create bridge br-x: File exists")
        #expect(exists.isAlreadyExists)
        let missing = KernelError(action: "create ipvlan eth0 in namespace c1 on p0",
                                  cause: .unsupported(feature: "ipvlan"), kernelMessage: "Unknown device type")
        #expect(missing.message == "cannot create ipvlan eth0 in namespace c1 on p0: the kernel has no ipvlan support (Unknown device type)")
        #expect(missing.isUnsupported)
        let gone = KernelError(action: "delete link x", cause: .system(errno: ENODEV))
        #expect(gone.isNotFound)
        let refused = KernelError(action: "add route default via 10.9.0.1", cause: .system(errno: EINVAL),
                                  kernelMessage: "Nexthop has invalid gateway")
        #expect(refused.message == "cannot add route default via 10.9.0.1: Invalid argument (Nexthop has invalid gateway)")
    }

    @Test func stepsKnowTheirUndo() throws {
        let bridge = KernelStep.createBridge(BridgeSpec(name: "br-a"))
        #expect(bridge.undo == .deleteLink(name: "br-a", namespace: .host))
        let address = try CIDR.parse("10.1.0.1/24")
        #expect(KernelStep.addAddress(address, link: "br-a", namespace: .host).undo
                == .deleteAddress(address, link: "br-a", namespace: .host))
        #expect(KernelStep.createNamespace(name: "c1", disableIPv6: true).undo == .deleteNamespace(name: "c1"))
        let veth = ContainerVethSpec(hostName: "veth1", bridge: "br-a", interface: ContainerInterface(namespace: "c1", name: "eth0"))
        #expect(KernelStep.addContainerVeth(veth).undo == .deleteLink(name: "veth1", namespace: .host))
        let macvlan = ContainerSublinkSpec(parent: "p0", mode: .macvlan("bridge"), interface: ContainerInterface(namespace: "c1", name: "eth1"))
        #expect(KernelStep.addContainerSublink(macvlan).undo == .deleteLink(name: "eth1", namespace: .named("c1")))
        #expect(KernelStep.setMTU(name: "br-a", mtu: 1400, namespace: .host).undo == nil)
    }
}
