import CSystem
import Glibc

/// Where dnet opens /proc/sys files: a procfs instance of its own, mounted nowhere, replaced
/// after `opensPerInstance` opens.
///
/// Why: every network namespace has its own `/proc/sys/net` directory, and procfs keeps the
/// dentry of each in one hash chain (same parent, same name) until that namespace dies. A walk
/// through `/proc/sys/net` compares against every one of them, so with a thousand containers
/// the walk that turns IPv6 off in a new container's namespace cost more than a millisecond,
/// ten times what it cost at the hundredth. A fresh instance has a dcache of its own: its
/// chain holds only the namespaces walked through it since it was made.
///
/// Falls back to /proc when the kernel cannot make an instance (before Linux 5.2, or without
/// the right to mount).
final class PrivateProcfs: @unchecked Sendable {
    static let shared = PrivateProcfs()

    /// Enough to make an instance's cost (about 0.1 ms) negligible per open, few enough to
    /// keep its hash chains short.
    let opensPerInstance: Int
    /// Makes an instance: the descriptor of its root, or -errno.
    private let makeRoot: @Sendable () -> Int32

    init(opensPerInstance: Int = 64, makeRoot: @escaping @Sendable () -> Int32 = { dnet_open_private_procfs() }) {
        self.opensPerInstance = opensPerInstance
        self.makeRoot = makeRoot
    }

    private struct State {
        var root: Int32 = -1
        var opens = 0
        var unavailable = false
    }
    private let state = Locked(State())

    deinit {
        state.withLock { s in if s.root >= 0 { close(s.root) } }
    }

    /// Opens `path` under /proc (`sys/net/ipv6/conf/default/disable_ipv6`) with `flags`; returns
    /// the descriptor, or -1 with errno set, as `open` does.
    func open(_ path: String, _ flags: Int32) -> Int32 {
        var failure: Int32 = 0
        let opened: Int32? = state.withLock { s in
            if s.unavailable { return nil }
            if s.root < 0 || s.opens >= opensPerInstance {
                if s.root >= 0 { close(s.root) }
                s.root = makeRoot()
                s.opens = 0
                if s.root < 0 {
                    s.unavailable = true
                    return nil
                }
            }
            s.opens += 1
            // Under the lock: a replacement must not close the root while this open walks it.
            let fd = openat(s.root, path, flags)
            failure = errno
            return fd
        }
        guard let opened else { return Glibc.open("/proc/" + path, flags) }
        if opened < 0 { errno = failure }
        return opened
    }
}
