import Foundation
import Glibc

/// A blocking HTTP/1.1 client of one daemon address, keeping its connection open between
/// requests: what `dnet -H` uses to send its engine commands.
public final class DaemonClient {
    public let address: HostAddress
    private let tls: TLSClientContext?
    private var connection: HTTPConnection?

    /// `tls` (from `--tls`/`--tlsverify` or DOCKER_TLS_VERIFY-style settings) applies to TCP only.
    public init(address: HostAddress, tls: TLSFiles? = nil) throws {
        if case .fd = address { throw Self.notAClientAddress(address) }
        self.address = address
        if case .tcp = address, let tls {
            self.tls = try TLSClientContext(tls)
        } else {
            self.tls = nil
        }
    }

    /// A response: status and body.
    public struct Response {
        public var status: Int
        public var body: [UInt8]
    }

    /// Sends one request; on a connection the daemon closed meanwhile, tries once more on a
    /// new one.
    public func send(_ method: String, _ path: String, body: [UInt8]? = nil) throws -> Response {
        do {
            return try exchange(method, path, body: body)
        } catch let failure as DaemonFailure {
            throw failure
        } catch {
            connection = nil
            return try exchange(method, path, body: body)
        }
    }

    private struct StaleConnection: Error {}

    private func exchange(_ method: String, _ path: String, body: [UInt8]?) throws -> Response {
        let reused = connection != nil
        let connection = try self.connection ?? connect()
        self.connection = connection
        var head = "\(method) \(path) HTTP/1.1\r\nHost: dnet\r\nUser-Agent: dnet\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        head += "\r\n"
        guard connection.writeRaw(Array(head.utf8) + (body ?? [])) else {
            self.connection = nil
            if reused { throw StaleConnection() }
            throw DaemonFailure("lost the connection to the daemon at \(address)")
        }
        do {
            let (status, headers, responseBody) = try connection.readResponse()
            if headers["connection"]?.lowercased() == "close" {
                connection.close()
                self.connection = nil
            }
            return Response(status: status, body: responseBody)
        } catch {
            connection.close()
            self.connection = nil
            if reused { throw StaleConnection() }
            throw DaemonFailure("lost the connection to the daemon at \(address) (is it still running?)")
        }
    }

    private static func notAClientAddress(_ address: HostAddress) -> DaemonFailure {
        DaemonFailure("\(address) names sockets passed to `dnet daemon` by systemd; a client connects to unix:///path or tcp://host:port")
    }

    private func connect() throws -> HTTPConnection {
        let fd: Int32
        switch address {
        case .fd: throw Self.notAClientAddress(address)
        case .unix(let path):
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw DaemonFailure("cannot create a socket: \(String(cString: strerror(errno)))") }
            var sockaddress = sockaddr_un()
            sockaddress.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: sockaddress.sun_path) else {
                close(fd)
                throw DaemonFailure("the socket path \(path) is too long")
            }
            withUnsafeMutableBytes(of: &sockaddress.sun_path) { raw in
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            let result = withUnsafePointer(to: &sockaddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard result == 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw DaemonFailure("Cannot connect to the dnet daemon at \(address) (\(reason)). Is the daemon running?")
            }
            return HTTPConnection(stream: SocketStream(descriptor: fd), limits: .init(bodyBytes: 256 << 20))
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &list)
            guard status == 0, let first = list else {
                throw DaemonFailure("Cannot connect to the dnet daemon at \(address): \(String(cString: gai_strerror(status)))")
            }
            defer { freeaddrinfo(list) }
            fd = socket(first.pointee.ai_family, first.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), first.pointee.ai_protocol)
            guard fd >= 0, Glibc.connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
                let reason = String(cString: strerror(errno))
                if fd >= 0 { close(fd) }
                throw DaemonFailure("Cannot connect to the dnet daemon at \(address) (\(reason)). Is the daemon running?")
            }
            let stream: ByteStream = try tls.map { try $0.connect(fd, host: host) } ?? SocketStream(descriptor: fd)
            return HTTPConnection(stream: stream, limits: .init(bodyBytes: 256 << 20))
        }
    }
}
