import Foundation
import Glibc

/// A listening socket made from a `-H` address. A unix socket file is created mode 0660,
/// group `dnet` where that group exists; a stale one (no daemon answers on it) is replaced,
/// a live one refused.
final class Listener {
    let address: HostAddress
    let descriptor: Int32
    /// Set once the daemon stops, so the accept loop ends quietly.
    private(set) var isClosed = false

    init(_ address: HostAddress) throws {
        self.address = address
        switch address {
        case .unix(let path): descriptor = try Self.bindUnix(path)
        case .tcp(let host, let port): descriptor = try Self.bindTCP(host, port)
        }
    }

    /// Closes the socket and removes a unix socket's file.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        shutdown(descriptor, Int32(SHUT_RDWR))
        Glibc.close(descriptor)
        if case .unix(let path) = address { unlink(path) }
    }

    /// The next connection, or nil once closed.
    func accept() -> Int32? {
        while !isClosed {
            let fd = Glibc.accept(descriptor, nil, nil)
            if fd >= 0 {
                // Not inherited by the programs that commands start.
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                return fd
            }
            if errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE {
                if errno == EMFILE || errno == ENFILE { usleep(50_000) }
                continue
            }
            return nil
        }
        return nil
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
