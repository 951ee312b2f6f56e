import DnetIPAM
import DnetKernel
import Testing

@Suite struct FailingBackendTests {
    static let plan: [KernelStep] = [
        .createBridge(BridgeSpec(name: "br-f")),
        .addAddress(try! CIDR.parse("10.9.0.1/24"), link: "br-f", namespace: .host),
        .createNamespace(name: "f1", disableIPv6: true),
        .addRoute(.defaultRoute(via: IPAddress("10.9.0.1")!), namespace: .named("f1")),
    ]

    @Test(arguments: 1...4)
    func failsExactlyTheNthStepAndForwardsTheOthers(failing: Int) throws {
        let recorder = DryRunBackend()
        let failing = FailingBackend(recorder, failingAtStep: failing)
        var failure: KernelError?
        for step in Self.plan {
            do { try failing.apply(step) } catch let error as KernelError { failure = error; break }
        }
        let error = try #require(failure)
        #expect(error.cause == .injected(step: failing.failingStep))
        #expect(error.message == "cannot \(Self.plan[failing.failingStep - 1].action): injected failure at step \(failing.failingStep)")
        #expect(recorder.steps == Array(Self.plan.prefix(failing.failingStep - 1)))
        #expect(failing.stepsAttempted == failing.failingStep)
        #expect(failing.hasFailed)
    }

    @Test func stepsAfterTheFailingOneGoThrough() throws {
        let recorder = DryRunBackend()
        let failing = FailingBackend(recorder, failingAtStep: 1)
        #expect(throws: KernelError.self) { try failing.apply(Self.plan[0]) }
        try failing.apply(Self.plan[1])
        #expect(recorder.steps == [Self.plan[1]])
    }
}
