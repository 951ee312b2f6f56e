/// The controller ↔ resident protocol on the unix control socket: frames of a 4-byte
/// big-endian length and UTF-8 text, lines split by newlines and fields by tabs. Requests:
///
///     hello                      → ok PID
///     table / update + body      → ok COUNT, then `need ID` for containers without sockets
///     remove ID...               → ok COUNT
///     sockets ID [NETNS_PATH INODE]  (+ UDP and TCP fds, SCM_RIGHTS) → ok
///     status                     → ok PID CONTAINERS SOCKETS RSS_KIB
///     stop                       → ok (then the process exits)
///
/// Body lines: `servers IP...`, `container ID NAME`, then for that container `dns IP...`,
/// `ndots`, `link ALIAS TARGET`, `endpoint NETWORK IPV4|- IPV6|- ALIAS...`. Errors: `error MESSAGE`.
enum ControlProtocol {
    /// Frames above this are refused (about 50 times a 1,000-container table).
    static let maxFrame = 16 << 20

    static func frame(_ text: String) -> [UInt8] {
        let body = Array(text.utf8)
        let n = UInt32(body.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + body
    }

    static func line(_ fields: [String]) -> String { fields.joined(separator: "\t") + "\n" }

    static func lines(_ text: [UInt8]) -> [[String]] {
        text.split(separator: 0x0A).map { $0.split(separator: 0x09, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Checks that a field can travel: not empty, no tab or newline.
    static func checked(_ field: String, _ what: String) throws(DNSError) -> String {
        guard !field.isEmpty, !field.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A }) else {
            throw DNSError("invalid \(what) for the DNS server: \"\(field)\"")
        }
        return field
    }

    static func checkedAddress(_ text: String, _ what: String) throws(DNSError) -> String {
        guard DNSAddress.parse(text) != nil else { throw DNSError("invalid \(what) for the DNS server: \"\(text)\"") }
        return text
    }

    /// The body lines for `containers` (and the default servers when given).
    static func encode(containers: [DNSContainer], servers: [String]?) throws(DNSError) -> String {
        var out = ""
        if let servers {
            var fields = ["servers"]
            for server in servers { fields.append(try checkedAddress(server, "DNS server")) }
            out += line(fields)
        }
        for c in containers {
            out += line(["container", try checked(c.id, "container id"), try checked(c.name, "container name")])
            if !c.dnsServers.isEmpty {
                var fields = ["dns"]
                for server in c.dnsServers { fields.append(try checkedAddress(server, "DNS server")) }
                out += line(fields)
            }
            if c.ndotsSet { out += line(["ndots"]) }
            for link in c.links {
                out += line(["link", try checked(link.alias, "link alias"), try checked(link.target, "link target")])
            }
            for e in c.endpoints {
                var fields = ["endpoint", try checked(e.network, "network name"),
                              try e.ipv4.map { a throws(DNSError) in try checkedAddress(a, "IPv4 address") } ?? "-",
                              try e.ipv6.map { a throws(DNSError) in try checkedAddress(a, "IPv6 address") } ?? "-"]
                for alias in e.aliases { fields.append(try checked(alias, "alias")) }
                out += line(fields)
            }
        }
        return out
    }

    /// Reads body lines back (after the command line).
    static func decode(_ lines: ArraySlice<[String]>) throws(DNSError) -> (containers: [DNSContainer], servers: [String]?) {
        var containers: [DNSContainer] = []
        var servers: [String]?
        for fields in lines {
            guard let word = fields.first else { continue }
            switch word {
            case "servers":
                servers = Array(fields.dropFirst())
            case "container":
                guard fields.count == 3 else { throw DNSError("bad container line") }
                containers.append(DNSContainer(id: fields[1], name: fields[2], namespacePath: "", endpoints: []))
            case "dns", "link", "endpoint", "ndots":
                guard !containers.isEmpty else { throw DNSError("\(word) line before any container") }
                let last = containers.count - 1
                if word == "dns" {
                    containers[last].dnsServers = Array(fields.dropFirst())
                } else if word == "ndots" {
                    containers[last].ndotsSet = true
                } else if word == "link" {
                    guard fields.count == 3 else { throw DNSError("bad link line") }
                    containers[last].links.append(DNSLink(alias: fields[1], target: fields[2]))
                } else {
                    guard fields.count >= 4 else { throw DNSError("bad endpoint line") }
                    containers[last].endpoints.append(DNSEndpoint(
                        network: fields[1], ipv4: fields[2] == "-" ? nil : fields[2],
                        ipv6: fields[3] == "-" ? nil : fields[3], aliases: Array(fields.dropFirst(4))))
                }
            default:
                throw DNSError("unknown line \"\(word)\"")
            }
        }
        return (containers, servers)
    }
}
