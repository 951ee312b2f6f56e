@testable import DnetEngine
import DnetKernel
import Testing

/// Root tests: the reconcile at engine start against the real kernel.
@Suite(.enabled(if: PrivateNetwork.isAvailable, "needs root inside the test sandbox (scripts/sandbox.sh, DNET_TEST_SANDBOX=1)"))
struct KernelReconcileTests {
    @Test func aBridgeDeletedBehindDnetsBackIsRecreated() throws {
        let net = try PrivateNetwork(), root = TemporaryDataRoot()
        let network = try EngineFixture.engine(root, net.backend)
            .createNetwork(EngineFixture.request("lost", subnet: "10.80.0.0/24", options: ["com.docker.network.driver.mtu": "1400"]))
        let name = try #require(network.bridgeName)
        defer { _ = try? EngineFixture.engine(root, net.backend).pruneNetworks { _ in true } }
        let address = "link/ether \(network.bridgeMACAddress) "
        #expect(net.link(name)?.contains(address) == true, "\(net.link(name) ?? "")")
        net.output("ip", "link", "del", name)
        net.output("ip", "link", "set", "dnet0", "down")
        #expect(net.link(name) == nil)

        try EngineFixture.engine(root, net.backend).ensureStarted()
        let text = try #require(net.link(name), "the bridge was not re-created")
        #expect(text.contains(" mtu 1400 ") && text.contains("alias dnet:\(network.id)"))
        #expect(text.contains(address), "made again with another MAC address: \(text)")
        #expect(net.addresses(of: name) == ["10.80.0.1/24"])
        #expect(net.link("dnet0")?.contains(",UP") == true)
    }

    @Test func aMarkedBridgeTheStoreDoesNotKnowIsRemoved() throws {
        let net = try PrivateNetwork(), root = TemporaryDataRoot()
        net.output("ip", "link", "add", "br-stale", "type", "bridge")
        net.output("ip", "link", "set", "br-stale", "alias", "dnet:" + Identifiers.randomID(), "up")
        try EngineFixture.engine(root, net.backend).ensureStarted()
        #expect(net.link("br-stale") == nil)
        #expect(net.bridgeNames == ["dnet0"])
    }

    @Test func unmarkedLinksNamedLikeDockersAreNeverTouched() throws {
        let net = try PrivateNetwork(), root = TemporaryDataRoot()
        net.output("ip", "link", "add", "docker0", "type", "bridge")
        net.output("ip", "addr", "add", "172.17.0.1/16", "dev", "docker0")
        net.output("ip", "link", "add", "br-0123456789ab", "type", "bridge")
        net.output("ip", "link", "set", "br-0123456789ab", "up")
        net.output("ip", "link", "add", "br-fedcba987654", "type", "bridge")
        net.output("ip", "link", "set", "br-fedcba987654", "alias", "docker:fedcba987654")
        let foreign = ["br-0123456789ab", "br-fedcba987654", "docker0"]
        func theirs() -> String {
            net.links.split(separator: "\n").map(String.init)
                .reduce(into: [String]()) { blocks, line in
                    if !line.hasPrefix(" ") { blocks.append(line) } else { blocks[blocks.count - 1] += "\n" + line }
                }
                .filter { block in foreign.contains { block.hasPrefix($0 + ":") } }
                .joined(separator: "\n")
        }
        let before = theirs(), addressesBefore = foreign.map(net.addresses(of:))

        let engine = EngineFixture.engine(root, net.backend)
        #expect(try engine.named("bridge")?.ipv4Subnet == "172.18.0.0/16") // docker0 holds 172.17
        try engine.createNetwork(EngineFixture.request("n1"))
        try engine.createNetwork(EngineFixture.request("n2"))
        try engine.removeNetwork("n1")
        _ = try engine.pruneNetworks { _ in true }
        var settings = engine.settings
        settings.mtu = 1400
        try engine.update(settings: settings)
        try EngineFixture.engine(root, net.backend, settings: settings).ensureStarted()

        #expect(theirs() == before)
        #expect(foreign.map(net.addresses(of:)) == addressesBefore)
        #expect(net.bridgeNames == (foreign + ["dnet0"]).sorted())
    }

    /// An engine starting while another is half-way through a create leaves its bridge be.
    @Test func aStartingEngineWaitsForACreateInFlight() throws {
        let net = try PrivateNetwork(), root = TemporaryDataRoot()
        try EngineFixture.engine(root, net.backend).ensureStarted()
        try ReconcileDuringCreate.check(root: root, kernel: net.backend) { net.link($0) }
    }

    @Test func aStartingEngineWaitsForAFailedCreateToBeUndone() throws {
        let net = try PrivateNetwork(), root = TemporaryDataRoot()
        try ReconcileDuringCreate.checkFailing(root: root, kernel: net.backend) { net.link($0) }
    }
}
