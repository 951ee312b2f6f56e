@testable import DnetEngine
import DnetIPAM
import DnetKernel
import Foundation
import Testing

/// Root tests: the bridges the engine makes, as `ip` sees them.
@Suite(.enabled(if: PrivateNetwork.isAvailable, "needs root inside the test sandbox (scripts/sandbox.sh, DNET_TEST_SANDBOX=1)"))
struct KernelBridgeTests {
    @Test func eachBridgeHasItsMTUGatewayMarkAndIsUp() throws {
        let net = try PrivateNetwork(), root = TemporaryDataRoot()
        var settings = EngineSettings()
        settings.mtu = 1450
        let engine = EngineFixture.engine(root, net.backend, settings: settings)
        defer { _ = try? engine.pruneNetworks { _ in true } }

        let pooled = try engine.createNetwork(EngineFixture.request("pooled"))
        let custom = try engine.createNetwork(EngineFixture.request("custom", subnet: "10.9.0.0/24", options: [
            "com.docker.network.driver.mtu": "1400", "com.docker.network.bridge.name": "front0"]))
        var dualRequest = EngineFixture.request("dual", subnet: "10.10.0.0/24")
        dualRequest.subnets.append("fd00:10::/64")
        dualRequest.enableIPv6 = true
        let dual = try engine.createNetwork(dualRequest)
        let bridge = try #require(try engine.named("bridge"))

        for (network, mtu) in [(bridge, 1450), (pooled, 1500), (custom, 1400), (dual, 1500)] {
            let name = try #require(network.bridgeName)
            let text = try #require(net.link(name), "no device \(name)")
            #expect(text.contains(" mtu \(mtu) "), "\(text)")
            #expect(text.contains("alias dnet:\(network.id)"), "\(text)")
            #expect(text.range(of: #"<[A-Z_,-]*\bUP\b"#, options: .regularExpression) != nil, "not up: \(text)")
            #expect(text.contains("bridge forward_delay 0 ") && text.contains(" stp_state 0 "), "\(text)")
            #expect(net.addresses(of: name) == network.gatewayPrefixes.map(\.description))
        }
        #expect(bridge.bridgeName == "dnet0" && custom.bridgeName == "front0")
        #expect(net.addresses(of: "front0") == ["10.9.0.1/24"])
        #expect(net.addresses(of: dual.bridgeName!) == ["10.10.0.1/24", "fd00:10::1/64"])

        for network in [pooled, custom, dual] {
            try engine.removeNetwork(network.name)
            #expect(net.link(network.bridgeName!) == nil, "network rm left \(network.bridgeName!)")
        }
        #expect(net.bridgeNames == ["dnet0"])
    }

    @Test func pruneAndEngineUpdatesFollowInTheKernel() throws {
        let net = try PrivateNetwork(), root = TemporaryDataRoot()
        let engine = EngineFixture.engine(root, net.backend)
        defer { _ = try? engine.pruneNetworks { _ in true } }
        let a = try engine.createNetwork(EngineFixture.request("a"))
        let b = try engine.createNetwork(EngineFixture.request("b"))
        #expect(net.bridgeNames == [a.bridgeName!, b.bridgeName!, "dnet0"].sorted())
        #expect(try engine.pruneNetworks { _ in true }.map(\.name) == ["a", "b"])
        #expect(net.bridgeNames == ["dnet0"])

        var settings = engine.settings
        settings.mtu = 1300
        settings.bip = "10.77.0.1/24"
        try engine.update(settings: settings)
        let text = try #require(net.link("dnet0"))
        let id = try #require(try engine.named("bridge")).id
        #expect(text.contains(" mtu 1300 ") && text.contains("alias dnet:\(id)"))
        #expect(net.addresses(of: "dnet0") == ["10.77.0.1/24"])

        settings.bridge = "none"
        settings.bip = nil
        try engine.update(settings: settings)
        #expect(net.bridgeNames.isEmpty)
    }
}
