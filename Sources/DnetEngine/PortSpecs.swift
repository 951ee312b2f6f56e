import DnetIPAM

/// One host binding of a published container port (`HostConfig.PortBindings` values).
public struct PortBinding: Codable, Equatable, Sendable {
    /// Empty for every address.
    public var hostIP: String
    /// Empty for a port the engine would choose; may be a range (`8000-8010`).
    public var hostPort: String

    public init(hostIP: String, hostPort: String) {
        self.hostIP = hostIP
        self.hostPort = hostPort
    }
}

/// `-p/--publish` and `--expose` values parsed as the docker CLI parses them
/// (go-connections' `nat.ParsePortSpec`), with its error texts. dnet records them; making
/// them reachable is the firewall's work, which does not exist yet.
public enum PortSpecs {
    /// The bindings by container port (`80/tcp`), and every exposed port (published ones included).
    public static func parse(publish: [String], expose: [String]) throws -> (bindings: [String: [PortBinding]], exposed: Set<String>) {
        var bindings: [String: [PortBinding]] = [:]
        var exposed = Set<String>()
        for raw in publish {
            for (port, binding) in try parsePublish(raw) {
                bindings[port, default: []].append(binding)
                exposed.insert(port)
            }
        }
        for raw in expose {
            if raw.contains(":") { throw EngineError.invalid("invalid port format for --expose: \(raw)") }
            let (proto, port) = splitProtoPort(raw)
            let range: ClosedRange<Int>
            do { range = try portRange(port) } catch let error as EngineError {
                throw EngineError.invalid("invalid range format for --expose: \(raw), error: \(error.message)")
            }
            for number in range { exposed.insert("\(number)/\(proto)") }
        }
        return (bindings, exposed)
    }

    /// One `-p` value: `[ip:[hostPort]:]containerPort[/proto]`, ports or ranges.
    static func parsePublish(_ raw: String) throws -> [(String, PortBinding)] {
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let n = parts.count
        var ip = n >= 3 ? parts[..<(n - 2)].joined(separator: ":") : ""
        var hostPort = n >= 2 ? parts[n - 2] : ""
        let (proto, containerPort) = splitProtoPort(parts[n - 1])
        if ip.hasPrefix("[") {
            guard ip.hasSuffix("]") else { throw EngineError.invalid("invalid IP address \(ip): missing ']' in address") }
            ip = String(ip.dropFirst().dropLast())
        }
        if !ip.isEmpty && IPAddress(ip) == nil {
            throw EngineError.invalid("invalid IP address: \(ip)")
        }
        guard !containerPort.isEmpty else { throw EngineError.invalid("no port specified: \(raw)<empty>") }
        guard let container = try? portRange(containerPort) else {
            throw EngineError.invalid("invalid containerPort: \(containerPort)")
        }
        var host: ClosedRange<Int>?
        if !hostPort.isEmpty {
            guard let parsed = try? portRange(hostPort) else { throw EngineError.invalid("invalid hostPort: \(hostPort)") }
            host = parsed
        }
        if let host, host.count != container.count, container.count != 1 {
            throw EngineError.invalid("invalid ranges specified for container and host Ports: \(containerPort) and \(hostPort)")
        }
        guard ["tcp", "udp", "sctp"].contains(proto) else { throw EngineError.invalid("invalid proto: \(proto)") }
        return container.enumerated().map { offset, port in
            if let host {
                // One container port with a host range: the range to choose from.
                hostPort = container.count == 1 && host.count > 1
                    ? "\(host.lowerBound)-\(host.upperBound)" : String(host.lowerBound + offset)
            }
            return ("\(port)/\(proto)", PortBinding(hostIP: ip, hostPort: hostPort))
        }
    }

    /// `80/udp` → ("udp", "80"); no protocol is tcp. The protocol is lowercased.
    static func splitProtoPort(_ raw: String) -> (String, String) {
        let parts = raw.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if raw.isEmpty || parts[0].isEmpty { return ("", "") }
        if parts.count == 1 || parts[1].isEmpty { return ("tcp", parts[0]) }
        return (parts[1].lowercased(), parts[0])
    }

    /// `80` or `8000-8010`, each a 16-bit number (Go's `strconv.ParseUint(s, 10, 16)` texts).
    static func portRange(_ text: String) throws -> ClosedRange<Int> {
        guard !text.isEmpty else { throw EngineError.invalid("empty string specified for ports") }
        func number(_ s: Substring) throws -> Int {
            guard !s.isEmpty, s.allSatisfy(\.isASCII), s.allSatisfy(\.isNumber) else {
                throw EngineError.invalid("strconv.ParseUint: parsing \"\(s)\": invalid syntax")
            }
            guard let value = Int(s), value <= 65535 else {
                throw EngineError.invalid("strconv.ParseUint: parsing \"\(s)\": value out of range")
            }
            return value
        }
        guard let dash = text.firstIndex(of: "-") else {
            let port = try number(Substring(text))
            return port...port
        }
        let start = try number(text[..<dash]), end = try number(text[text.index(after: dash)...])
        guard end >= start else { throw EngineError.invalid("invalid range specified for port: \(text)") }
        return start...end
    }
}
