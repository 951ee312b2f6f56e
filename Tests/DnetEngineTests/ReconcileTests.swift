@testable import DnetEngine
import DnetIPAM
import DnetKernel
import Testing

/// The reconcile at engine start, against the model kernel.
@Suite struct ReconcileTests {
    @Test func aMissingBridgeOfAKnownNetworkIsRecreated() throws {
        let (root, kernel, engine) = try EngineFixture.started()
        let network = try engine.createNetwork(EngineFixture.request("lost", subnet: "10.80.0.0/24"))
        kernel.removeLink(network.bridgeName!)
        kernel.removeLink("dnet0")
        kernel.clearSteps()
        let restarted = EngineFixture.engine(root, kernel)
        try restarted.ensureStarted()
        let bridge = try #require(try restarted.named("bridge"))
        #expect(Set(kernel.steps) == Set(network.creationSteps + bridge.creationSteps))
        #expect(kernel.link(network.bridgeName!)?.addresses == [cidr("10.80.0.1/24")])
        #expect(kernel.link(network.bridgeName!)?.alias == "dnet:" + network.id)
        #expect(kernel.link("dnet0")?.alias == "dnet:" + bridge.id)
    }

    @Test func aKnownBridgeGetsItsAddressAndUpStateBack() throws {
        let (root, kernel, engine) = try EngineFixture.started()
        let network = try engine.createNetwork(EngineFixture.request("n", subnet: "10.81.0.0/24"))
        let name = network.bridgeName!
        try kernel.apply(.deleteAddress(cidr("10.81.0.1/24"), link: name, namespace: .host))
        try kernel.apply(.setLinkUp(name: name, up: false, namespace: .host))
        kernel.clearSteps()
        try EngineFixture.engine(root, kernel).ensureStarted()
        #expect(kernel.steps == [.addAddress(cidr("10.81.0.1/24"), link: name, namespace: .host),
                                 .setLinkUp(name: name, up: true, namespace: .host)])
        #expect(kernel.link(name)?.isUp == true)
    }

    @Test func aMarkedBridgeTheStoreDoesNotKnowIsRemoved() throws {
        let (root, kernel, _) = try EngineFixture.started()
        kernel.addHostLink("br-stale", kind: "bridge", alias: "dnet:" + Identifiers.randomID(), addresses: ["10.82.0.1/24"])
        kernel.clearSteps()
        try EngineFixture.engine(root, kernel).ensureStarted()
        #expect(kernel.steps == [.deleteLink(name: "br-stale", namespace: .host)])
        #expect(kernel.link("br-stale") == nil)
    }

    @Test func unmarkedLinksAreNeverTouchedWhateverTheirNames() throws {
        let root = TemporaryDataRoot(), kernel = ModelKernel()
        kernel.addHostLink("docker0", kind: "bridge", addresses: ["172.17.0.1/16"], up: false)
        kernel.addHostLink("br-0123456789ab", kind: "bridge", addresses: ["172.18.0.1/16"])
        kernel.addHostLink("br-other", kind: "bridge", alias: "not dnet's", addresses: ["10.83.0.1/24"])
        let before = kernel.dump.filter { $0.name != "lo" }
        let engine = EngineFixture.engine(root, kernel)
        // Their addresses count as the host's: the default bridge goes around them.
        #expect(try engine.named("bridge")?.ipv4Subnet == "172.19.0.0/16")
        try engine.createNetwork(EngineFixture.request("n"))
        _ = try engine.pruneNetworks { _ in true }
        try EngineFixture.engine(root, kernel).ensureStarted()
        #expect(kernel.dump.filter { before.map(\.name).contains($0.name) } == before)
    }

    /// A store made afresh (a deleted data root) while the old `dnet0` is still in the
    /// kernel: the stale bridge goes and the new one takes its place.
    @Test func aStaleDefaultBridgeDoesNotBlockTheStart() throws {
        let (_, kernel, first) = try EngineFixture.started()
        let old = try #require(try first.named("bridge"))
        kernel.clearSteps()
        let freshRoot = TemporaryDataRoot()
        let engine = EngineFixture.engine(freshRoot, kernel)
        let new = try #require(try engine.named("bridge"))
        #expect(new.id != old.id)
        #expect(kernel.steps == [.deleteLink(name: "dnet0", namespace: .host)] + new.creationSteps)
        #expect(kernel.link("dnet0")?.alias == "dnet:" + new.id)
    }

    /// An unmarked device squatting on the default bridge's name is not taken over: the
    /// start fails with a message that says what is in the way.
    @Test func anUnmarkedDeviceNamedLikeTheDefaultBridgeIsLeftAlone() throws {
        let root = TemporaryDataRoot(), kernel = ModelKernel()
        kernel.addHostLink("dnet0", kind: "bridge", addresses: ["10.84.0.1/24"])
        let error = #expect(throws: EngineError.self) { try EngineFixture.engine(root, kernel).ensureStarted() }
        #expect(error?.message == "cannot create bridge dnet0: a network interface with that name already exists")
        #expect(error?.kind == .conflict)
        #expect(kernel.steps.isEmpty)
        #expect(kernel.link("dnet0")?.addresses == [cidr("10.84.0.1/24")])
    }
}

/// An engine starting while another one is half-way through a `network create` (bridge
/// made, not yet committed) must not take the new bridge for a leftover: its reconcile
/// waits for the store's lock, which the create holds across its kernel steps.
@Suite struct ReconcileDuringCreateTests {
    @Test func aStartingEngineWaitsForACreateInFlight() throws {
        let (root, kernel, _) = try EngineFixture.started()
        try ReconcileDuringCreate.check(root: root, kernel: kernel) { name in kernel.link(name) }
    }

    @Test func aStartingEngineWaitsForAFailedCreateToBeUndone() throws {
        let (root, kernel, _) = try EngineFixture.started()
        try ReconcileDuringCreate.checkFailing(root: root, kernel: kernel) { name in kernel.link(name) }
    }
}

/// The scenarios, shared with the root tests; `link` returns a bridge as the kernel has it.
enum ReconcileDuringCreate {
    static func check<L>(root: TemporaryDataRoot, kernel: KernelBackend, link: (String) -> L?) throws {
        let pausing = PausingBackend(kernel, pause: 0.5) { $0.isBridgeCreation }
        let creator = EngineFixture.engine(root, pausing)
        try creator.ensureStarted()
        let create = Worker { try creator.createNetwork(EngineFixture.request("inflight")) }
        pausing.paused.wait()
        let starter = EngineFixture.engine(root, kernel)
        let start = Worker { try starter.ensureStarted() }

        let network = try create.wait()
        try start.wait()
        #expect(start.finishedAt! >= pausing.resumedAt!, "the second engine's start did not wait for the create")
        #expect(link(network.bridgeName!) != nil, "the reconcile removed the bridge of a create in flight")
        #expect(try starter.networks().map(\.name).contains("inflight"))
    }

    /// A create that fails undoes its kernel steps before it lets go of the lock: a start
    /// meanwhile neither sees the half-made bridge nor takes it away from the undo.
    static func checkFailing<L>(root: TemporaryDataRoot, kernel: KernelBackend, link: (String) -> L?) throws {
        let pausing = PausingBackend(kernel, pause: 0.5, before: true) { $0.isLinkDeletion }
        let failing = FailingBackend(pausing, failingAtStep: 2)
        let creator = EngineFixture.engine(root, failing)
        try EngineFixture.engine(root, kernel).ensureStarted()
        let create = Worker { try creator.createNetwork(EngineFixture.request("failing", subnet: "10.95.0.0/24")) }
        pausing.paused.wait()
        let starter = EngineFixture.engine(root, kernel)
        let start = Worker { try starter.ensureStarted() }

        let error = #expect(throws: EngineError.self) { try create.wait() }
        guard case .deleteLink(let bridge, _)? = pausing.heldStep else {
            Issue.record("the undo deleted no link")
            return
        }
        #expect(error?.message == "cannot add address 10.95.0.1/24 to \(bridge): injected failure at step 2")
        try start.wait()
        #expect(start.finishedAt! >= pausing.resumedAt!, "the second engine's start did not wait for the undo")
        #expect(try !starter.networks().map(\.name).contains("failing"))
        #expect(link(bridge) == nil)
    }
}
