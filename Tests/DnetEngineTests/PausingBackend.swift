import DnetKernel
import Foundation

/// A backend that forwards to another, and at the first step that `pausesAt` picks (once
/// it has been applied, or just before with `before`), signals `paused` and holds the
/// command there for `pause` seconds: a command caught half-way, with the store's lock
/// held, for another engine to run into.
final class PausingBackend: KernelBackend, @unchecked Sendable {
    private let base: KernelBackend
    private let pausesAt: (KernelStep) -> Bool
    private let before: Bool
    private let pause: TimeInterval
    private let lock = NSLock()
    private var done = false
    /// Signalled once, when the command is held.
    let paused = DispatchSemaphore(value: 0)
    /// When the held command went on.
    private(set) var resumedAt: Date?
    /// The step it was held at.
    private(set) var heldStep: KernelStep?

    init(_ base: KernelBackend, pause: TimeInterval, before: Bool = false, at pausesAt: @escaping (KernelStep) -> Bool) {
        self.base = base
        self.pause = pause
        self.before = before
        self.pausesAt = pausesAt
    }

    func apply(_ step: KernelStep) throws {
        if !before { try base.apply(step) }
        let hold = lock.withLock { () -> Bool in
            guard !done, pausesAt(step) else { return false }
            done = true
            heldStep = step
            return true
        }
        if hold {
            paused.signal()
            Thread.sleep(forTimeInterval: pause)
            lock.withLock { resumedAt = Date() }
        }
        if before { try base.apply(step) }
    }

    func links(in namespace: NetworkNamespace) throws -> [LinkInfo] { try base.links(in: namespace) }
    func routes(in namespace: NetworkNamespace) throws -> [RouteInfo] { try base.routes(in: namespace) }
    func namespaces() throws -> [String] { try base.namespaces() }
    func readSysctl(_ key: String, in namespace: NetworkNamespace) throws -> String { try base.readSysctl(key, in: namespace) }
    func supportsLinkKind(_ kind: String) throws -> Bool { try base.supportsLinkKind(kind) }
    func closeNamespaceSockets() { base.closeNamespaceSockets() }
}

/// Runs `body` on a thread of its own (not a Swift concurrency thread, which must not block).
final class Worker<T>: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private var result: Result<T, Error>?
    /// When `body` returned.
    private(set) var finishedAt: Date?

    init(_ body: @escaping () throws -> T) {
        let thread = Thread { [self] in
            result = Result { try body() }
            finishedAt = Date()
            finished.signal()
        }
        thread.start()
    }

    /// Waits for the body and returns its result.
    func wait() throws -> T {
        finished.wait()
        finished.signal()
        return try result!.get()
    }
}

extension KernelStep {
    var isBridgeCreation: Bool {
        if case .createBridge = self { return true }
        return false
    }

    var isLinkDeletion: Bool {
        if case .deleteLink = self { return true }
        return false
    }
}
