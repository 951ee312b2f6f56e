@testable import DnetEngine
import DnetKernel
import Testing

/// Root tests: with the real backend's Nth step failing, for every N until the command
/// succeeds, `ip -d link`, the addresses, `ip netns` and the store equal what they were.
@Suite(.enabled(if: PrivateNetwork.isAvailable, "needs root inside the test sandbox (scripts/sandbox.sh, DNET_TEST_SANDBOX=1)"))
struct KernelAtomicityTests {
    struct Snapshot: Equatable {
        var links: String
        var addresses: String
        var namespaces: String
        var store: StoreContent

        init(_ net: PrivateNetwork, _ root: TemporaryDataRoot) throws {
            links = net.links
            addresses = net.addresses
            namespaces = net.namespaces
            store = try StoreContent(root)
        }
    }

    @Test(arguments: AtomicityTests.commands)
    func aFailingStepLeavesKernelAndStoreAsTheyWere(_ command: AtomicityTests.Command) throws {
        let net = try PrivateNetwork(), root = TemporaryDataRoot()
        let engine = EngineFixture.engine(root, net.backend)
        defer { _ = try? EngineFixture.engine(root, net.backend).pruneNetworks { _ in true } }
        try engine.createNetwork(EngineFixture.request("a", subnet: "10.92.0.0/24"))
        try engine.createNetwork(EngineFixture.request("b", subnet: "10.93.0.0/24"))
        let before = try Snapshot(net, root)

        var failingAt = 1
        while true {
            let failing = FailingBackend(net.backend, failingAtStep: failingAt)
            do {
                try command.run(EngineFixture.engine(root, failing))
                break
            } catch let error as EngineError {
                #expect(error.message.hasSuffix("injected failure at step \(failingAt)"), "step \(failingAt): \(error.message)")
                let after = try Snapshot(net, root)
                #expect(after.links == before.links, "step \(failingAt)")
                #expect(after.addresses == before.addresses, "step \(failingAt)")
                #expect(after.namespaces == before.namespaces, "step \(failingAt)")
                #expect(after.store == before.store, "step \(failingAt)")
            }
            failingAt += 1
            try #require(failingAt < 50, "the command never succeeded")
        }
        #expect(failingAt > command.minimumSteps, "the command ran fewer kernel steps than expected")
        let after = try Snapshot(net, root)
        #expect(after.store != before.store && (after.links != before.links || after.addresses != before.addresses))
    }
}
