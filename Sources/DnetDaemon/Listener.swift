import Foundation
import Glibc

/// A listening socket made from a `-H` address, or passed by the service manager. A unix
/// socket file is created mode 0660, group `dnet` where that group exists; a stale one (no
/// daemon answers on it) is replaced, a live one refused.
final class Listener {
    /// Where it listens: for a passed socket, what `getsockname` says.
    let address: HostAddress
    let descriptor: Int32
    /// The descriptor number for a socket passed by the service manager, which owns its file.
    let passedDescriptor: Int32?
    /// Set once the daemon stops, so the accept loop ends quietly.
    private var isClosed = false
    /// True while the accept loop uses the descriptor: then it closes it, once woken.
    private var acceptorOwnsDescriptor = false
    private let state = NSLock()
    /// Written to on `close`, to wake a blocked `accept`.
    private let wake: (read: Int32, write: Int32)

    /// Binds `address` (`unix://` or `tcp://`).
    init(_ address: HostAddress) throws {
        self.address = address
        passedDescriptor = nil
        switch address {
        case .unix(let path): descriptor = try Self.bindUnix(path)
        case .tcp(let host, let port): descriptor = try Self.bindTCP(host, port)
        case .fd: throw DaemonFailure("\(address) is not an address to bind")
        }
        wake = try Self.wakePipe()
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    private static func wakePipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw DaemonFailure("cannot create a pipe: \(errorText())") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    /// Takes a socket passed by the service manager: it must be a listening stream socket,
    /// unix or TCP.
    init(passed descriptor: Int32) throws {
        func refuse(_ reason: String) -> DaemonFailure {
            DaemonFailure("cannot listen on systemd activated file fd \(descriptor): \(reason)")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw refuse(Self.errorText()) }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else { throw refuse("it is not a socket") }
        func option(_ name: Int32) -> Int32 {
            var value: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            return getsockopt(descriptor, SOL_SOCKET, name, &value, &length) == 0 ? value : -1
        }
        guard option(SO_TYPE) == Int32(SOCK_STREAM.rawValue) else { throw refuse("it is not a stream socket") }
        guard option(SO_ACCEPTCONN) == 1 else {
            throw refuse("it is not listening (the socket unit needs Accept=no, the default)")
        }
        address = try Self.localAddress(descriptor).get()
        wake = try Self.wakePipe()
        self.descriptor = descriptor
        passedDescriptor = descriptor
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    /// The address a passed socket is bound to.
    private static func localAddress(_ descriptor: Int32) -> Result<HostAddress, DaemonFailure> {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard status == 0 else { return .failure(DaemonFailure("cannot read the address of fd \(descriptor): \(errorText())")) }
        switch Int32(storage.ss_family) {
        case AF_UNIX:
            let path = withUnsafeBytes(of: &storage) { raw -> String in
                let bytes = raw[MemoryLayout<sa_family_t>.size..<Int(length)]
                return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            return .success(.unix(path: path))
        case AF_INET, AF_INET6:
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST)), port = [CChar](repeating: 0, count: Int(NI_MAXSERV))
            let result = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    getnameinfo($0, length, &host, socklen_t(host.count), &port, socklen_t(port.count), NI_NUMERICHOST | NI_NUMERICSERV)
                }
            }
            guard result == 0 else { return .failure(DaemonFailure("cannot read the address of fd \(descriptor)")) }
            return .success(.tcp(host: String(cString: host), port: Int(String(cString: port)) ?? 0))
        default:
            return .failure(DaemonFailure("cannot listen on systemd activated file fd \(descriptor): it is neither a unix nor a TCP socket"))
        }
    }

    var isTCP: Bool {
        if case .tcp = address { return true }
        return false
    }

    /// How the daemon names it: the address, and the descriptor it came as.
    var label: String {
        passedDescriptor.map { "\(address) (systemd fd \($0))" } ?? address.description
    }

    /// Stops accepting and removes a unix socket's file (not a passed one's: the service
    /// manager owns it, and passes it again on the next start). The socket is never shut
    /// down, as that would stop a passed one for the service manager too: a blocked
    /// `accept` is woken through a pipe instead.
    func close() {
        state.lock()
        guard !isClosed else { return state.unlock() }
        isClosed = true
        let owned = acceptorOwnsDescriptor
        state.unlock()
        if case .unix(let path) = address, passedDescriptor == nil { unlink(path) }
        if owned {
            var byte: UInt8 = 1
            _ = write(wake.write, &byte, 1)
        } else {
            release()
        }
    }

    /// The next connection, or nil once closed.
    func accept() -> Int32? {
        state.lock()
        if isClosed {
            let owned = acceptorOwnsDescriptor
            acceptorOwnsDescriptor = false
            state.unlock()
            if owned { release() }
            return nil
        }
        acceptorOwnsDescriptor = true
        state.unlock()
        while true {
            var polled = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
                          pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&polled, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0, polled[1].revents == 0 else { break }
            let fd = Glibc.accept(descriptor, nil, nil)
            if fd >= 0 {
                // Not inherited by the programs that commands start.
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                return fd
            }
            if errno == EMFILE || errno == ENFILE { usleep(50_000) }
            if [EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED, EMFILE, ENFILE].contains(errno) { continue }
            break
        }
        state.lock()
        acceptorOwnsDescriptor = false
        let closed = isClosed
        state.unlock()
        if closed { release() }
        return nil
    }

    private func release() {
        Glibc.close(descriptor)
        Glibc.close(wake.read)
        Glibc.close(wake.write)
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }

    private static func unixAddress(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw DaemonFailure("the socket path \(path) is too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    /// True when something accepts connections on the unix socket at `path`.
    static func unixSocketIsLive(_ path: String) -> Bool {
        guard var address = try? unixAddress(path) else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return result == 0
    }

    private static func bindUnix(_ path: String) throws -> Int32 {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFSOCK else {
                throw DaemonFailure("cannot listen on unix://\(path): the file exists and is not a socket")
            }
            if unixSocketIsLive(path) {
                throw DaemonFailure("cannot listen on unix://\(path): another daemon is already listening on it")
            }
            unlink(path)
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty { try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        var address = try unixAddress(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw DaemonFailure("cannot create a unix socket: \(errorText())") }
        // The mode is right from the start: no moment where others could connect.
        let oldMask = umask(0o117)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(oldMask)
        guard bound == 0 else {
            let text = errorText()
            Glibc.close(fd)
            throw DaemonFailure("cannot listen on unix://\(path): \(text)")
        }
        chmod(path, 0o660)
        if let group = getgrnam("dnet") { chown(path, 0, group.pointee.gr_gid) }
        guard listen(fd, 128) == 0 else {
            let text = errorText()
            Glibc.close(fd)
            unlink(path)
            throw DaemonFailure("cannot listen on unix://\(path): \(text)")
        }
        return fd
    }

    private static func bindTCP(_ host: String, _ port: Int) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw DaemonFailure("cannot listen on tcp://\(host):\(port): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        let info = first.pointee
        let fd = socket(info.ai_family, info.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.ai_protocol)
        guard fd >= 0 else { throw DaemonFailure("cannot create a TCP socket: \(errorText())") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.ai_addr, info.ai_addrlen) == 0, listen(fd, 128) == 0 else {
            let text = errorText()
            Glibc.close(fd)
            throw DaemonFailure("cannot listen on tcp://\(host):\(port): \(text)")
        }
        return fd
    }
}
