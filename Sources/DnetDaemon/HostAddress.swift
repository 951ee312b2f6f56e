import Foundation

/// A `-H` address as dockerd and the docker CLI write it: `unix:///path`, `tcp://HOST:PORT`,
/// or (daemon only) `fd://` / `fd://N` for sockets passed by the service manager.
public enum HostAddress: Equatable, CustomStringConvertible {
    case unix(path: String)
    case tcp(host: String, port: Int)
    /// Sockets passed by systemd socket activation: all of them (nil), or descriptor N only.
    case fd(descriptor: Int32?)

    /// dnet's default socket, as dockerd's is `/var/run/docker.sock`.
    public static let defaultSocket = "/run/dnet.sock"

    /// Parses `text` with Docker's defaults: `unix://` alone is the default socket; `tcp://`
    /// without a host is 127.0.0.1 (dnet binds loopback unless told otherwise); without a
    /// port it is 2375, or 2376 with TLS.
    public static func parse(_ text: String, tls: Bool = false) throws -> HostAddress {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("unix://") {
            let path = String(trimmed.dropFirst("unix://".count))
            guard path.isEmpty || path.hasPrefix("/") else {
                throw DaemonFailure("invalid unix socket address \(text): the path must be absolute")
            }
            return .unix(path: path.isEmpty ? defaultSocket : path)
        }
        if trimmed.hasPrefix("/") { return .unix(path: trimmed) }
        if trimmed.hasPrefix("fd://") {
            let number = String(trimmed.dropFirst("fd://".count))
            if number.isEmpty || number == "*" { return .fd(descriptor: nil) }
            guard let descriptor = Int32(number), descriptor >= 3 else {
                throw DaemonFailure("failed to parse systemd fd address: should be a number of 3 or more: \(text)")
            }
            return .fd(descriptor: descriptor)
        }
        guard trimmed.hasPrefix("tcp://") else {
            throw DaemonFailure("invalid host address \(text): use unix:///path, tcp://host:port or fd://")
        }
        var rest = String(trimmed.dropFirst("tcp://".count))
        if rest.hasSuffix("/") { rest.removeLast() }
        var host = rest, portText = ""
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw DaemonFailure("invalid host address \(text)") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = String(after.dropFirst()) } else if !after.isEmpty {
                throw DaemonFailure("invalid host address \(text)")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            portText = String(rest[rest.index(after: colon)...])
        }
        if host.isEmpty { host = "127.0.0.1" }
        let port: Int
        if portText.isEmpty {
            port = tls ? 2376 : 2375
        } else {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw DaemonFailure("invalid host address \(text): bad port \(portText)")
            }
            port = value
        }
        return .tcp(host: host, port: port)
    }

    /// True for a unix socket and for loopback TCP addresses (127.0.0.0/8, ::1, localhost).
    /// Passed sockets (`fd://`) count as local here: their real address is checked once the
    /// daemon has them.
    public var isLoopback: Bool {
        switch self {
        case .unix, .fd: return true
        case .tcp(let host, _):
            return host == "localhost" || host == "::1" || host.hasPrefix("127.") || host.hasPrefix("::ffff:127.")
        }
    }

    public var description: String {
        switch self {
        case .unix(let path): return "unix://" + path
        case .tcp(let host, let port): return "tcp://" + (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        case .fd(let descriptor): return "fd://" + (descriptor.map { String($0) } ?? "")
        }
    }
}

/// A daemon or client failure with a message a user can act on.
public struct DaemonFailure: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
