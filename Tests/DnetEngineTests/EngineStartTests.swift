@testable import DnetEngine
import DnetIPAM
import DnetKernel
import Testing

/// The engine's first start: the predefined networks and the default bridge's address.
@Suite struct EngineStartTests {
    @Test func firstStartCreatesThePredefinedNetworks() throws {
        let (_, kernel, engine) = try EngineFixture.started()
        let networks = try engine.networks()
        #expect(networks.map(\.name) == ["bridge", "host", "none"])
        #expect(networks.map(\.driver) == ["bridge", "host", "null"])
        #expect(networks.allSatisfy { $0.isPredefined && $0.type == "builtin" && $0.id.count == 64 })

        let bridge = networks[0]
        #expect(bridge.bridgeName == "dnet0")
        #expect(bridge.ipv4 == "172.17.0.0/16 172.17.0.1")
        #expect(bridge.mtu == 1500)
        #expect(bridge.options["com.docker.network.bridge.name"] == "dnet0")
        #expect(bridge.options["com.docker.network.bridge.default_bridge"] == "true")
        #expect(bridge.options["com.docker.network.driver.mtu"] == "1500")
        #expect(kernel.steps == bridge.creationSteps)
        let link = try #require(kernel.link("dnet0"))
        #expect(link.kind == "bridge" && link.alias == "dnet:\(bridge.id)" && link.mtu == 1500 && link.isUp)
        #expect(link.addresses == [cidr("172.17.0.1/16")])
    }

    @Test func secondStartChangesNothing() throws {
        let (root, kernel, engine) = try EngineFixture.started()
        let before = try engine.networks()
        kernel.clearSteps()
        let again = EngineFixture.engine(root, kernel)
        #expect(try again.networks() == before)
        #expect(kernel.steps.isEmpty)
    }

    struct HostCase: CustomTestStringConvertible, Sendable {
        var addresses: [String] = []
        var routes: [String] = []
        var expected: String
        var testDescription: String { "addresses \(addresses) routes \(routes) → \(expected)" }
    }

    /// Docker's pools in order, skipping any that a host address or route overlaps.
    @Test(arguments: [
        HostCase(expected: "172.17.0.1/16"),
        HostCase(addresses: ["172.17.200.9/24"], expected: "172.18.0.1/16"),
        HostCase(addresses: ["172.17.0.9/16"], routes: ["172.18.0.0/16"], expected: "172.19.0.1/16"),
        HostCase(routes: ["172.16.0.0/12"], expected: "192.168.0.1/20"),
        HostCase(addresses: ["192.168.0.7/24"], routes: ["172.16.0.0/12"], expected: "192.168.16.1/20"),
        HostCase(routes: ["192.168.0.0/16", "0.0.0.0/0"], expected: "172.17.0.1/16"),
        HostCase(addresses: ["10.0.0.5/8", "fd00::5/64"], expected: "172.17.0.1/16"),
    ])
    func defaultBridgeTakesTheFirstPoolTheHostDoesNotUse(_ host: HostCase) throws {
        let root = TemporaryDataRoot(), kernel = ModelKernel()
        kernel.addHostLink("eth0", kind: nil, addresses: host.addresses)
        for route in host.routes { kernel.addRoute(route, device: "eth0") }
        let engine = EngineFixture.engine(root, kernel)
        let bridge = try #require(try engine.named("bridge"))
        #expect(bridge.gatewayPrefixes == [cidr(host.expected)])
        #expect(kernel.link("dnet0")?.addresses == [cidr(host.expected)])
    }

    @Test func noFreePoolAsksForBip() throws {
        let root = TemporaryDataRoot(), kernel = ModelKernel()
        kernel.addHostLink("eth0", kind: nil)
        kernel.addRoute("172.16.0.0/12", device: "eth0")
        kernel.addRoute("192.168.0.0/16", device: "eth0")
        let error = #expect(throws: EngineError.self) { try EngineFixture.engine(root, kernel).ensureStarted() }
        #expect(error?.message == "no subnet for the default bridge: could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network; give one with --bip")
        #expect(kernel.steps.isEmpty)
        #expect(try StoreContent(root).records.isEmpty)

        var settings = EngineSettings.modelKernel
        settings.bip = "10.44.0.1/24"
        let engine = EngineFixture.engine(root, kernel, settings: settings)
        #expect(try engine.named("bridge")?.ipv4 == "10.44.0.0/24 10.44.0.1")
    }

    @Test func bipGivesTheBridgeItsAddress() throws {
        var settings = EngineSettings.modelKernel
        settings.bip = "10.66.0.7/24"
        settings.mtu = 1400
        let (_, kernel, engine) = try EngineFixture.started(settings: settings)
        let bridge = try #require(try engine.named("bridge"))
        #expect(bridge.ipv4 == "10.66.0.0/24 10.66.0.7")
        #expect(kernel.link("dnet0")?.addresses == [cidr("10.66.0.7/24")])
        #expect(kernel.link("dnet0")?.mtu == 1400)
        #expect(bridge.options["com.docker.network.driver.mtu"] == "1400")
    }

    @Test func fixedCIDRBecomesTheBridgeIPRange() throws {
        var settings = EngineSettings.modelKernel
        settings.bip = "10.66.0.1/16"
        settings.fixedCIDR = "10.66.8.0/24"
        let (_, _, engine) = try EngineFixture.started(settings: settings)
        let bridge = try #require(try engine.named("bridge"))
        #expect(bridge.addresses.dockerConfig.first?.ipRange == cidr("10.66.8.0/24"))

        settings.fixedCIDR = "10.99.0.0/24"
        let error = #expect(throws: EngineError.self) { try engine.update(settings: settings) }
        #expect(error?.message == "fixed-cidr 10.99.0.0/24 is not inside the default bridge's subnet 10.66.0.0/16")
    }

    @Test func bridgeNoneMakesNoDefaultBridge() throws {
        var settings = EngineSettings.modelKernel
        settings.bridge = "none"
        let (_, kernel, engine) = try EngineFixture.started(settings: settings)
        #expect(try engine.networks().map(\.name) == ["host", "none"])
        #expect(kernel.steps.isEmpty)
        // With no default bridge, the first custom network takes the first pool.
        let network = try engine.createNetwork(EngineFixture.request("n1"))
        #expect(network.ipv4 == "172.17.0.0/16 172.17.0.1")
    }

    @Test func anExistingBridgeGivenWithDashBIsAdoptedAsItIs() throws {
        let root = TemporaryDataRoot(), kernel = ModelKernel()
        kernel.addHostLink("br-ext", kind: "bridge", addresses: ["192.168.77.1/24"])
        var settings = EngineSettings.modelKernel
        settings.bridge = "br-ext"
        let engine = EngineFixture.engine(root, kernel, settings: settings)
        let bridge = try #require(try engine.named("bridge"))
        #expect(bridge.bridgeName == "br-ext" && bridge.isExternalBridge)
        #expect(bridge.ipv4 == "192.168.77.0/24 192.168.77.1")
        #expect(kernel.steps.isEmpty)
        #expect(kernel.link("br-ext")?.alias == nil)
        // Reconcile at a later start leaves it alone too.
        #expect(try EngineFixture.engine(root, kernel, settings: settings).networks().count == 3)
        #expect(kernel.steps.isEmpty)
    }

    @Test func anExistingBridgeWithoutAddressGetsTheGateway() throws {
        let root = TemporaryDataRoot(), kernel = ModelKernel()
        kernel.addHostLink("br-ext", kind: "bridge")
        var settings = EngineSettings.modelKernel
        settings.bridge = "br-ext"
        try EngineFixture.engine(root, kernel, settings: settings).ensureStarted()
        #expect(kernel.steps == [.addAddress(cidr("172.17.0.1/16"), link: "br-ext", namespace: .host)])
    }

    @Test func dashBNeedsAnExistingBridge() throws {
        let root = TemporaryDataRoot(), kernel = ModelKernel()
        kernel.addHostLink("eth0", kind: nil)
        for name in ["br-missing", "eth0"] {
            var settings = EngineSettings.modelKernel
            settings.bridge = name
            let error = #expect(throws: EngineError.self) {
                try EngineFixture.engine(root, kernel, settings: settings).ensureStarted()
            }
            #expect(error?.message == "bridge \(name) given with -b does not exist or is not a bridge: create it first (ip link add \(name) type bridge)")
        }
        #expect(kernel.steps.isEmpty)
    }

    @Test func settingsAreCheckedWithDockersTexts() throws {
        var settings = EngineSettings.modelKernel
        settings.bridge = "br0"
        settings.bip = "10.1.0.1/24"
        #expect(throws: EngineError.invalid("You specified -b & --bip, mutually exclusive options. Please specify only one")) {
            try settings.validate()
        }
        settings = EngineSettings.modelKernel
        settings.mtu = 20
        #expect(throws: EngineError.invalid("invalid mtu: 20: must be between 68 and 65535")) { try settings.validate() }
        settings = EngineSettings.modelKernel
        settings.bip = "10.1.0.0/24"
        #expect(throws: EngineError.invalid("invalid bip: 10.1.0.0/24: it is the network address; give the bridge's own address, e.g. 10.1.0.1/24")) {
            try settings.validate()
        }
    }
}
