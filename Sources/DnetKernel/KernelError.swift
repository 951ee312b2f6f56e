import Glibc

/// A kernel step that failed, with a message a user can act on:
/// `cannot create bridge br-x: File exists`.
public struct KernelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Why the step failed.
    public enum Cause: Equatable, Sendable {
        /// The kernel or a system call refused with this errno.
        case system(errno: Int32)
        /// The kernel lacks a device kind or feature (`ipvlan`, `vlan`, `dummy`, …).
        case unsupported(feature: String)
        /// The request was refused before reaching the kernel (a name too long, …).
        case invalid(String)
        /// libnl failed locally (out of memory, socket trouble).
        case netlink(String)
        /// A `FailingBackend` made this step fail on purpose.
        case injected(step: Int)
    }

    /// What was being done, as a phrase: `create bridge br-x`.
    public var action: String
    public var cause: Cause
    /// The kernel's own explanation (netlink extended ack), when it gave one.
    public var kernelMessage: String?

    public init(action: String, cause: Cause, kernelMessage: String? = nil) {
        self.action = action
        self.cause = cause
        self.kernelMessage = kernelMessage.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The errno behind a system failure.
    public var errno: Int32? {
        if case .system(let e) = cause { return e }
        return nil
    }

    /// The object to create is already there (EEXIST).
    public var isAlreadyExists: Bool { errno == EEXIST }

    /// The object named is not there (no such device, file, address or route).
    public var isNotFound: Bool {
        guard let e = errno else { return false }
        return e == ENODEV || e == ENOENT || e == ESRCH || e == EADDRNOTAVAIL
    }

    /// The kernel lacks what the step needs.
    public var isUnsupported: Bool {
        if case .unsupported = cause { return true }
        return false
    }

    public var message: String {
        let reason: String
        switch cause {
        case .system(let e):
            let text = String(cString: strerror(e))
            reason = kernelMessage.map { "\(text) (\($0))" } ?? text
        case .unsupported(let feature):
            let base = "the kernel has no \(feature) support"
            reason = kernelMessage.map { "\(base) (\($0))" } ?? base
        case .invalid(let text), .netlink(let text):
            reason = text
        case .injected(let step):
            reason = "injected failure at step \(step)"
        }
        return "cannot \(action): \(reason)"
    }

    public var description: String { message }
}
