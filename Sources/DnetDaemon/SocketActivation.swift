import Glibc

/// Listening sockets passed by a service manager (systemd socket activation, as
/// `sd_listen_fds` reads them): descriptors 3 … 2+LISTEN_FDS, meant for this process only
/// when LISTEN_PID is its pid. `-H fd://` takes them all, `-H fd://N` descriptor N.
enum SocketActivation {
    static let firstDescriptor: Int32 = 3

    /// The passed descriptors, marked close-on-exec; the variables are removed either way,
    /// so that programs the daemon starts never take the sockets for theirs.
    static func take() -> [Int32] {
        defer {
            unsetenv("LISTEN_PID")
            unsetenv("LISTEN_FDS")
            unsetenv("LISTEN_FDNAMES")
        }
        func variable(_ name: String) -> Int32? { getenv(name).flatMap { Int32(String(cString: $0)) } }
        guard let pid = variable("LISTEN_PID"), pid == getpid(), let count = variable("LISTEN_FDS"), count > 0 else {
            return []
        }
        let descriptors = Array(firstDescriptor..<firstDescriptor + count)
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return descriptors
    }

    /// The passed descriptors `-H fd://` (nil: all) or `-H fd://N` names, with dockerd's
    /// texts when there are none or N was not passed.
    static func select(_ wanted: Int32?, from passed: [Int32]) throws -> [Int32] {
        guard !passed.isEmpty else {
            throw DaemonFailure("no sockets found via socket activation: make sure the service was started by systemd (LISTEN_PID and LISTEN_FDS name the sockets passed to this process)")
        }
        guard let wanted else { return passed }
        guard passed.contains(wanted) else {
            let range = passed.count == 1 ? "fd 3" : "fds 3-\(passed.last!)"
            throw DaemonFailure("too few socket activated files passed in by systemd: fd://\(wanted) names fd \(wanted), and \(passed.count) \(passed.count == 1 ? "was" : "were") passed (\(range))")
        }
        return [wanted]
    }
}
