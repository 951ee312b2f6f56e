@testable import DnetEngine
import DnetIPAM
import DnetKernel
import Testing

/// `engine --mtu …`, `--bip …`, `-b …` at run time: the settings are stored, and the
/// default bridge follows them unless containers use it.
@Suite struct EngineUpdateTests {
    @Test func settingsAreStoredAtStartAndOnUpdate() throws {
        var settings = EngineSettings.modelKernel
        settings.dns = ["1.1.1.1"]
        settings.icc = false
        settings.defaultAddressPools = [try DefaultAddressPool(base: cidr("10.200.0.0/16"), size: 24)]
        let (root, _, engine) = try EngineFixture.started(settings: settings)
        #expect(try StoreContent(root).settings == settings)

        settings.mtu = 1450
        settings.dnsSearch = ["example.org"]
        try engine.update(settings: settings)
        #expect(engine.settings == settings)
        #expect(try StoreContent(root).settings == settings)
    }

    @Test func mtuChangeRecreatesTheDefaultBridge() throws {
        let (_, kernel, engine) = try EngineFixture.started()
        let old = try #require(try engine.named("bridge"))
        kernel.clearSteps()
        var settings = engine.settings
        settings.mtu = 1400
        try engine.update(settings: settings)
        let new = try #require(try engine.named("bridge"))
        #expect(new.id == old.id && new.mtu == 1400 && new.options["com.docker.network.driver.mtu"] == "1400")
        #expect(kernel.steps == [.deleteLink(name: "dnet0", namespace: .host)] + new.creationSteps)
        #expect(kernel.link("dnet0")?.mtu == 1400)
    }

    @Test func bipChangeRecreatesTheDefaultBridge() throws {
        let (_, kernel, engine) = try EngineFixture.started()
        kernel.clearSteps()
        var settings = engine.settings
        settings.bip = "10.55.0.1/24"
        try engine.update(settings: settings)
        let bridge = try #require(try engine.named("bridge"))
        #expect(bridge.ipv4 == "10.55.0.0/24 10.55.0.1")
        #expect(kernel.steps == [
            .deleteLink(name: "dnet0", namespace: .host),
            .createBridge(BridgeSpec(name: "dnet0", mtu: 1500, macAddress: bridge.bridgeMACAddress, alias: engine.mark(bridge.id), up: true)),
            .addAddress(cidr("10.55.0.1/24"), link: "dnet0", namespace: .host),
        ])
        // A bip that overlaps a custom network is refused, and nothing changes.
        let custom = try engine.createNetwork(EngineFixture.request("c", subnet: "10.60.0.0/16"))
        kernel.clearSteps()
        settings.bip = "10.60.0.1/24"
        let error = #expect(throws: EngineError.self) { try engine.update(settings: settings) }
        #expect(error?.message == "the default bridge's subnet 10.60.0.0/24 overlaps network \(custom.name)")
        #expect(kernel.steps.isEmpty)
        #expect(engine.settings.bip == "10.55.0.1/24")
    }

    @Test func settingsThatDoNotTouchTheKernelOnlyUpdateTheRecord() throws {
        let (_, kernel, engine) = try EngineFixture.started()
        kernel.clearSteps()
        var settings = engine.settings
        settings.icc = false
        settings.ipMasq = false
        settings.dns = ["9.9.9.9"]
        try engine.update(settings: settings)
        #expect(kernel.steps.isEmpty)
        let bridge = try #require(try engine.named("bridge"))
        #expect(bridge.options["com.docker.network.bridge.enable_icc"] == "false")
        #expect(bridge.options["com.docker.network.bridge.enable_ip_masquerade"] == "false")
    }

    @Test func changingTheDefaultBridgeIsRefusedWhileContainersUseIt() throws {
        let (root, kernel, engine) = try EngineFixture.started()
        try EngineFixture.addEndpoint(engine, network: try #require(try engine.named("bridge")))
        kernel.clearSteps()
        let store = try StoreContent(root), before = engine.settings
        for change in [{ (s: inout EngineSettings) in s.mtu = 1400 },
                       { (s: inout EngineSettings) in s.bip = "10.70.0.1/24" },
                       { (s: inout EngineSettings) in s.bridge = "none" }] {
            var settings = before
            change(&settings)
            let error = #expect(throws: EngineError.self) { try engine.update(settings: settings) }
            #expect(error?.message == "cannot change the default bridge (--bip, -b, --fixed-cidr, --mtu) while 1 container(s) use it: remove them first")
            #expect(error?.kind == .conflict)
        }
        #expect(engine.settings == before)
        #expect(kernel.steps.isEmpty)
        #expect(try StoreContent(root) == store)

        // Containers on other networks do not hold the default bridge.
        let (_, _, other) = try EngineFixture.started()
        try EngineFixture.addEndpoint(other, network: try other.createNetwork(EngineFixture.request("n")))
        var settings = other.settings
        settings.mtu = 1400
        try other.update(settings: settings)
        #expect(try other.named("bridge")?.mtu == 1400)
    }

    @Test func bridgeNoneRemovesTheDefaultBridgeAndBackMakesANewOne() throws {
        let (_, kernel, engine) = try EngineFixture.started()
        let old = try #require(try engine.named("bridge"))
        kernel.clearSteps()
        var settings = engine.settings
        settings.bridge = "none"
        try engine.update(settings: settings)
        #expect(kernel.steps == [.deleteLink(name: "dnet0", namespace: .host)])
        #expect(try engine.networks().map(\.name) == ["host", "none"])
        settings.bridge = nil
        try engine.update(settings: settings)
        let new = try #require(try engine.named("bridge"))
        #expect(new.id != old.id && new.ipv4 == "172.17.0.0/16 172.17.0.1")
        #expect(kernel.link("dnet0")?.alias == engine.mark(new.id))
    }

    @Test func invalidSettingsAreRefusedBeforeAnything() throws {
        let (root, kernel, engine) = try EngineFixture.started()
        kernel.clearSteps()
        let store = try StoreContent(root)
        var settings = engine.settings
        settings.dns = ["not-an-ip"]
        #expect(throws: EngineError.invalid("not-an-ip is not an ip address")) { try engine.update(settings: settings) }
        #expect(kernel.steps.isEmpty)
        #expect(try StoreContent(root) == store)
    }
}
