import CNetlink
import Glibc

/// A routing netlink socket, bound for life to the network namespace of the thread
/// that opened it. An `nl_sock` is not thread-safe: every use holds its lock.
final class NetlinkSocket: @unchecked Sendable {
    private let handle: OpaquePointer
    private let lock = Locked(())

    /// Opens a socket in the calling thread's network namespace.
    init(action: @autoclosure () -> String) throws {
        var error: Int32 = 0
        guard let handle = dnet_nl_open_route_socket(&error) else {
            throw KernelError(action: action(), cause: .netlink(Self.text(ofLibnlError: error)))
        }
        self.handle = handle
    }

    deinit { nl_socket_free(handle) }

    /// What the kernel answered to one request.
    struct Answer {
        /// The ifindex of a link in the answer (GETLINK reply, or an echoed RTM_NEWLINK).
        var index: Int32
        /// That link's IFLA_LINK: for a veth, its peer's ifindex.
        var link: Int32
    }

    /// Sends `message` and waits for the kernel's answer; a refusal becomes a
    /// `KernelError` for `action`. `kind` names the device kind being created, so that
    /// EOPNOTSUPP reads as missing kernel support.
    @discardableResult
    func send(_ message: NetlinkMessage, action: @autoclosure () -> String, creatingKind kind: String? = nil) throws -> Answer {
        var outcome = dnet_nl_outcome()
        lock.withLock { _ in dnet_nl_transact(handle, message.raw, &outcome) }
        if outcome.libnl_error != 0 {
            throw KernelError(action: action(), cause: .netlink(Self.text(ofLibnlError: outcome.libnl_error)))
        }
        if outcome.error != 0 {
            let kernelMessage = withUnsafeBytes(of: outcome.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if outcome.error == EOPNOTSUPP, let kind {
                throw KernelError(action: action(), cause: .unsupported(feature: kind), kernelMessage: kernelMessage)
            }
            throw KernelError(action: action(), cause: .system(errno: outcome.error), kernelMessage: kernelMessage)
        }
        return Answer(index: outcome.ifindex, link: outcome.link)
    }

    /// Lends the raw socket to libnl's dump helpers (caches), under the lock.
    func withHandle<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T {
        try lock.withLock { _ in try body(handle) }
    }

    static func text(ofLibnlError code: Int32) -> String {
        String(cString: nl_geterror(code))
    }
}
