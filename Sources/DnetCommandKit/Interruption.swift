import Glibc

/// A flag set from a SIGINT handler and polled by long-running work (loops, sleep, waits).
public final class Interruption: @unchecked Sendable {
    // Written from a signal handler: a plain aligned word is enough for one writer and polling readers.
    private let flag = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)

    public init() { flag.pointee = 0 }

    public var isRequested: Bool { flag.pointee != 0 }
    public func request() { flag.pointee = 1 }
    public func clear() { flag.pointee = 0 }

    /// The raw flag, for a C signal handler to set.
    public var rawFlag: UnsafeMutablePointer<sig_atomic_t> { flag }
}
