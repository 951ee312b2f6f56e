import Foundation
import DnetIPAM

/// A container's `hosts` and `resolv.conf`, in Docker's formats, kept where iproute2 looks
/// for them (`/etc/netns/<name>/`): `ip netns exec` and `dnet exec` bind them over `/etc`.
public struct NameFiles: Equatable {
    public var hosts: String
    public var resolvConf: String

    public init(hosts: String, resolvConf: String) {
        self.hosts = hosts
        self.resolvConf = resolvConf
    }

    /// The lines every container's hosts file starts with (Docker's `etchosts` defaults).
    static let localhostBlock = """
        127.0.0.1\tlocalhost
        ::1\tlocalhost ip6-localhost ip6-loopback
        fe00::0\tip6-localnet
        ff00::0\tip6-mcastprefix
        ff02::1\tip6-allnodes
        ff02::2\tip6-allrouters

        """

    /// Docker's fallback when the host names no usable nameserver.
    static let defaultNameservers = ["8.8.8.8", "8.8.4.4"]

    /// The hosts file: the localhost block, `--add-host` lines, `--link` lines (`ip` with the
    /// alias, the linked container's hostname and its name), then one line per own address
    /// with the host name (`fqdn short` when there is a domain).
    static func hosts(extraHosts: [(name: String, address: String)], links: [(address: String, names: [String])],
                      ownAddresses: [String], hostname: String, domainname: String) -> String {
        var text = localhostBlock
        for entry in extraHosts { text += "\(entry.address)\t\(entry.name)\n" }
        for link in links { text += "\(link.address)\t\(link.names.joined(separator: " "))\n" }
        let fqdn = domainname.isEmpty ? hostname : "\(hostname).\(domainname)"
        let short = String(hostname.prefix { $0 != "." })
        let names = fqdn == short ? fqdn : "\(fqdn) \(short)"
        for address in ownAddresses { text += "\(address)\t\(names)\n" }
        return text
    }

    /// The lines of a resolv.conf `text` that start with `keyword`, split into words.
    static func resolvConfLines(_ keyword: String, in text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
            .filter { $0.first == keyword }
    }

    /// resolv.conf as Docker builds it: with any of `dns`, `search`, `options` given, those
    /// (the others from the host's file); else the host's file without loopback nameservers,
    /// Google's when none is left.
    static func resolvConf(dns: [String], search: [String], options: [String], host: String) -> String {
        func fields(_ keyword: String) -> [[String]] { resolvConfLines(keyword, in: host) }
        let hostServers = fields("nameserver").compactMap { $0.count > 1 ? $0[1] : nil }.filter { !isLoopback($0) }
        if !dns.isEmpty || !search.isEmpty || !options.isEmpty {
            let servers = dns.isEmpty ? hostServers : dns
            let domains = search.isEmpty ? (fields("search").last.map { Array($0.dropFirst()) } ?? []) : search
            let opts = options.isEmpty ? (fields("options").last.map { Array($0.dropFirst()) } ?? []) : options
            var text = ""
            if !domains.isEmpty, domains.joined(separator: " ").trimmingCharacters(in: .whitespaces) != "." {
                text += "search \(domains.joined(separator: " "))\n"
            }
            for server in servers { text += "nameserver \(server)\n" }
            if !opts.isEmpty { text += "options \(opts.joined(separator: " "))\n" }
            return text
        }
        let lines = host.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var kept = lines.filter { line in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return !(words.first == "nameserver" && words.count > 1 && isLoopback(String(words[1])))
        }
        while kept.last == "" { kept.removeLast() }
        var text = kept.isEmpty ? "" : kept.joined(separator: "\n") + "\n"
        if hostServers.isEmpty {
            for server in defaultNameservers { text += "nameserver \(server)\n" }
        }
        return text
    }

    /// 127.0.0.0/8 and ::1: a nameserver the container's own loopback would not reach.
    static func isLoopback(_ text: String) -> Bool {
        guard let address = IPAddress(text) else { return false }
        return address.family == .ipv4 ? text.hasPrefix("127.") : address == IPAddress("::1")
    }
}

/// The folder of name files, one sub-folder per container; writes are atomic per file.
struct NameFilesFolder {
    let root: String

    func path(_ container: String) -> String { "\(root)/\(container)" }

    /// Whether both files are there.
    func isComplete(_ container: String) -> Bool {
        let folder = path(container)
        return FileManager.default.fileExists(atPath: folder + "/hosts")
            && FileManager.default.fileExists(atPath: folder + "/resolv.conf")
    }

    /// What is there now, or nil when the container has no folder.
    func read(_ container: String) -> NameFiles? {
        let folder = path(container)
        guard let hosts = try? String(contentsOfFile: folder + "/hosts", encoding: .utf8),
              let resolv = try? String(contentsOfFile: folder + "/resolv.conf", encoding: .utf8) else { return nil }
        return NameFiles(hosts: hosts, resolvConf: resolv)
    }

    func write(_ files: NameFiles, for container: String) throws {
        let folder = path(container)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(files.hosts.utf8).write(to: URL(fileURLWithPath: folder + "/hosts"), options: .atomic)
            try Data(files.resolvConf.utf8).write(to: URL(fileURLWithPath: folder + "/resolv.conf"), options: .atomic)
        } catch {
            throw EngineError.system("cannot write \(folder)/hosts and resolv.conf: \(error.localizedDescription)")
        }
    }

    /// The two files and the folder, three calls (`rm` of 1,000 containers makes 3,000); a
    /// folder that holds something else as well goes whole.
    func remove(_ container: String) throws {
        let folder = path(container)
        for file in ["hosts", "resolv.conf"] { unlink(folder + "/" + file) }
        if rmdir(folder) == 0 || errno == ENOENT { return }
        do { try FileManager.default.removeItem(atPath: folder) } catch {
            throw EngineError.system("cannot remove \(folder): \(error.localizedDescription)")
        }
    }
}
