@testable import DnetEngine
import DnetIPAM
import DnetKernel
import Testing

/// Every command is atomic: with the Nth kernel step failing, for every N until the
/// command succeeds, the kernel and the store end as they were before (model kernel).
@Suite struct AtomicityTests {
    /// A command to run on an engine whose backend fails at some step.
    struct Command: CustomTestStringConvertible, Sendable {
        var name: String
        var minimumSteps: Int
        var run: @Sendable (Engine) throws -> Void
        var testDescription: String { name }
    }

    static let commands: [Command] = [
        Command(name: "network create (dual stack)", minimumSteps: 3) { engine in
            var request = EngineFixture.request("dual", subnet: "10.90.0.0/24")
            request.subnets.append("fd00:90::/64")
            request.enableIPv6 = true
            try engine.createNetwork(request)
        },
        Command(name: "network rm", minimumSteps: 1) { try $0.removeNetwork("a") },
        Command(name: "network prune", minimumSteps: 2) { _ = try $0.pruneNetworks { _ in true } },
        Command(name: "engine --mtu", minimumSteps: 3) { engine in
            var settings = engine.settings
            settings.mtu = 1400
            try engine.update(settings: settings)
        },
        Command(name: "engine --bip", minimumSteps: 3) { engine in
            var settings = engine.settings
            settings.bip = "10.91.0.1/24"
            try engine.update(settings: settings)
        },
    ]

    @Test(arguments: commands)
    func aFailingStepUndoesTheCommand(_ command: Command) throws {
        let (root, kernel, engine) = try EngineFixture.started()
        try engine.createNetwork(EngineFixture.request("a", subnet: "10.92.0.0/24"))
        try engine.createNetwork(EngineFixture.request("b", subnet: "10.93.0.0/24"))
        let links = kernel.dump, store = try StoreContent(root)

        var failingAt = 1
        while true {
            let failing = FailingBackend(kernel, failingAtStep: failingAt)
            let attempt = EngineFixture.engine(root, failing)
            do {
                try command.run(attempt)
                break
            } catch let error as EngineError {
                #expect(error.message.hasSuffix("injected failure at step \(failingAt)"), "step \(failingAt): \(error.message)")
                #expect(kernel.dump == links, "step \(failingAt)")
                #expect(try StoreContent(root) == store, "step \(failingAt)")
                #expect(failing.hasFailed)
            }
            failingAt += 1
            try #require(failingAt < 50, "the command never succeeded")
        }
        #expect(failingAt > command.minimumSteps, "the command ran fewer kernel steps than expected")
        #expect(try StoreContent(root) != store)
    }
}

/// What a rollback runs.
@Suite struct RollbackTests {
    /// A failed create deletes its bridge, and only that: the addresses go with it.
    @Test func aFailedCreateDeletesTheBridgeOnly() throws {
        let (root, kernel, _) = try EngineFixture.started()
        kernel.clearSteps()
        let failing = FailingBackend(kernel, failingAtStep: 3)
        var request = EngineFixture.request("dual", subnet: "10.94.0.0/24")
        request.subnets.append("fd00:94::/64")
        request.enableIPv6 = true
        #expect(throws: EngineError.self) { try EngineFixture.engine(root, failing).createNetwork(request) }
        let steps = kernel.steps
        guard case .createBridge(let spec)? = steps.first else {
            Issue.record("no bridge was created: \(steps)")
            return
        }
        #expect(steps == [.createBridge(spec), .addAddress(cidr("10.94.0.1/24"), link: spec.name, namespace: .host),
                          .deleteLink(name: spec.name, namespace: .host)])
    }

    @Test func addressUndoIsDroppedOnlyWhenItsLinkGoesLater() {
        let address = cidr("10.1.0.1/24")
        let steps: [KernelStep] = [
            .deleteAddress(address, link: "br-a", namespace: .host),
            .deleteAddress(address, link: "eth0", namespace: .host),
            .deleteAddress(address, link: "br-b", namespace: .named("c1")),
            .deleteLink(name: "br-a", namespace: .host),
            .deleteLink(name: "br-b", namespace: .host),
        ]
        #expect(KernelPlan.needed(steps) == Array(steps.dropFirst()))
        #expect(KernelPlan.needed([]) == [])
    }
}

/// How a failed kernel step reads.
@Suite struct KernelPlanErrorTests {
    @Test func aTakenLinkNameIsAConflictFoundByTheKernel() throws {
        let kernel = ModelKernel()
        kernel.addHostLink("eth0", kind: nil)
        let plan = KernelPlan(kernel)
        let error = #expect(throws: EngineError.self) { try plan.apply(.createBridge(BridgeSpec(name: "eth0"))) }
        #expect(error == .conflict("cannot create bridge eth0: a network interface with that name already exists"))
        let other = #expect(throws: EngineError.self) { try plan.apply(.deleteLink(name: "nosuch", namespace: .host)) }
        #expect(other?.kind == .system)
        #expect(other?.message.hasPrefix("cannot delete link nosuch: ") == true)
    }
}
