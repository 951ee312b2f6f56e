/// A backend that forwards to another and makes its Nth step (counting from 1) fail
/// without forwarding it, to test that callers undo what they did. Reads always pass.
public final class FailingBackend: KernelBackend, @unchecked Sendable {
    private let base: KernelBackend
    /// The step number that fails.
    public let failingStep: Int
    private let counter = Locked(0)

    public init(_ base: KernelBackend, failingAtStep failingStep: Int) {
        precondition(failingStep >= 1, "steps count from 1")
        self.base = base
        self.failingStep = failingStep
    }

    /// How many steps were asked for so far, the failed one included.
    public var stepsAttempted: Int { counter.withLock { $0 } }

    /// True once the failing step has been reached.
    public var hasFailed: Bool { stepsAttempted >= failingStep }

    public func apply(_ step: KernelStep) throws {
        let number = counter.withLock { n -> Int in n += 1; return n }
        if number == failingStep {
            throw KernelError(action: step.action, cause: .injected(step: number))
        }
        try base.apply(step)
    }

    public func links(in namespace: NetworkNamespace) throws -> [LinkInfo] { try base.links(in: namespace) }
    public func routes(in namespace: NetworkNamespace) throws -> [RouteInfo] { try base.routes(in: namespace) }
    public func namespaces() throws -> [String] { try base.namespaces() }
    public func namespaceExists(_ name: String) throws -> Bool { try base.namespaceExists(name) }
    public func readFirewall(_ commands: String) throws -> String { try base.readFirewall(commands) }
    public func readSysctl(_ key: String, in namespace: NetworkNamespace) throws -> String {
        try base.readSysctl(key, in: namespace)
    }
    public func supportsLinkKind(_ kind: String) throws -> Bool { try base.supportsLinkKind(kind) }
    public func closeNamespaceSockets() { base.closeNamespaceSockets() }
}
