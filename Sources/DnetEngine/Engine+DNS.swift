import Foundation
import DnetDNS
import DnetIPAM
import DnetKernel

/// The embedded DNS server follows the state, as the firewall does: each transaction works
/// out which containers' records it changed (`embeddedDNSChange`), and once it has committed
/// the resident `dnet-dns` is told (`tellEmbeddedDNS`). That is not a kernel step: it cannot
/// be undone, so it comes after the commit, and a failure to reach the resident does not fail
/// the command. It prints a warning and leaves a mark in the resident's state directory, and
/// the next command sends the whole table instead, as it does when it finds the resident
/// killed. Each engine start sends the whole table (`syncEmbeddedDNS`).
///
/// A container is served when it has a namespace of its own and an address on a user-defined
/// network (bridge, macvlan or ipvlan; not the predefined `bridge`, `host` or `none`).
extension Engine {
    /// Where the resident keeps its control socket, pid file, lock and log.
    public static let embeddedDNSDirectory = "/run/dnet/dns"

    /// The file whose presence says the resident missed a change.
    static let embeddedDNSStaleMark = embeddedDNSDirectory + "/stale"

    /// Whether this engine serves names: only a persistent engine on the real kernel (a dry
    /// run, and a recording backend, make no namespaces for a server to listen in).
    var servesEmbeddedDNS: Bool { persist && backend is NetlinkBackend }

    /// The controller of the resident, `dnet-dns` beside the running executable; nil when
    /// this engine serves no names.
    var embeddedDNS: DNSController? {
        guard servesEmbeddedDNS else { return nil }
        if let controller = embeddedDNSController, controller.resolvConf == hostResolvConf { return controller }
        let controller = DNSController(stateDirectory: Self.embeddedDNSDirectory, resolvConf: hostResolvConf)
        embeddedDNSController = controller
        return controller
    }

    /// Whether the container's name files point at the embedded server: it is on a
    /// user-defined network (Docker's rule, whether or not it is also on the default bridge).
    static func usesEmbeddedDNS(_ details: ContainerDetails) -> Bool {
        details.container.ownsNamespace && details.attachments.contains { !$0.network.isPredefined }
    }

    /// What the resident needs to hear after a transaction.
    struct EmbeddedDNSChange {
        var upserting: [DNSContainer] = []
        /// Those of `upserting` that were not served before: their sockets go with the update.
        var newlyServed: Set<String> = []
        var removing: [String] = []
        /// The engine's settings changed (its `--dns` servers may have).
        var settingsChanged = false

        var isEmpty: Bool { upserting.isEmpty && removing.isEmpty && !settingsChanged }
    }

    /// The records `transaction` changed: the containers whose record or endpoints it put or
    /// deleted, compared with what they were (`transaction.original`); only those whose
    /// entry differs are sent.
    func embeddedDNSChange(_ transaction: StoreTransaction) throws -> EmbeddedDNSChange {
        guard servesEmbeddedDNS else { return EmbeddedDNSChange() }
        let original = transaction.original
        var change = EmbeddedDNSChange()
        change.settingsChanged = transaction.meta("settings") != original.meta("settings")
        var containers = Set(transaction.changedIDs(ContainerRecord.self))
        for id in transaction.changedIDs(EndpointRecord.self) {
            for view in [original, transaction] {
                if let endpoint = try view.get(EndpointRecord.self, id) { containers.insert(endpoint.containerID) }
            }
        }
        // The host's resolv.conf, read once for the whole change (not per container).
        let hostNdots = containers.isEmpty ? false : hostSetsNdots()
        for id in containers.sorted() {
            let old = try dnsEntry(of: id, in: original, hostNdots: hostNdots)
            let new = try dnsEntry(of: id, in: transaction, hostNdots: hostNdots)
            if old == new { continue }
            if let new {
                change.upserting.append(new)
                if old == nil { change.newlyServed.insert(id) }
            } else {
                change.removing.append(id)
            }
        }
        return change
    }

    /// Tells the resident about a committed change: an update; or the whole table when a
    /// change was missed before or the resident was killed (checked after every command, even
    /// one that changed nothing: a look at two files). Never throws: the command has committed.
    func tellEmbeddedDNS(_ change: EmbeddedDNSChange) {
        guard let controller = embeddedDNS else { return }
        do {
            // A change missed, or the resident killed: the whole table, whatever the command.
            if FileManager.default.fileExists(atPath: Self.embeddedDNSStaleMark) || controller.diedUnexpectedly {
                try controller.sync(try embeddedDNSTable())
                unlink(Self.embeddedDNSStaleMark)
                return
            }
            if change.settingsChanged { try controller.setDNSServers(Self.forwardable(settings.dns)) }
            if !change.upserting.isEmpty || !change.removing.isEmpty {
                try controller.update(upserting: change.upserting, removing: change.removing,
                                      newlyServed: change.newlyServed) { try self.embeddedDNSTable() }
            }
        } catch {
            embeddedDNSFailed(error)
        }
    }

    /// Before the start reconciles the kernel: a container whose named namespace is gone
    /// (`ip netns delete` behind dnet's back) is made again by the reconcile, but the resident's
    /// sockets keep the old namespace alive, and its veth with it, whose host end's name the
    /// new one needs. The resident gives those sockets up, and the old veths are waited for
    /// (the kernel destroys a namespace asynchronously). The start's sync gives new sockets.
    func releaseLostNamespacesFromEmbeddedDNS() {
        guard let controller = embeddedDNS, controller.isRunning else { return }
        do {
            let namespaces = Set(try backend.namespaces())
            let view = StoreTransaction(base: try store.read())
            var lost: [String] = [], veths: Set<String> = []
            for container in try view.all(ContainerRecord.self)
            where container.ownsNamespace && !namespaces.contains(container.namespace) {
                lost.append(container.id)
                veths.formUnion(try view.details(of: container).attachments.compactMap(\.endpoint.hostInterface))
            }
            guard !lost.isEmpty else { return }
            try controller.update(upserting: [], removing: lost) { DNSTable() }
            for _ in 0..<300 {
                if try backend.links(in: .host).allSatisfy({ !veths.contains($0.name) }) { break }
                usleep(10_000)
            }
        } catch {
            embeddedDNSFailed(error)
        }
    }

    /// At engine start: the resident serves exactly the state (started if a container needs
    /// it, stopped if none does).
    func syncEmbeddedDNS() {
        guard let controller = embeddedDNS else { return }
        do {
            try controller.sync(try embeddedDNSTable())
            unlink(Self.embeddedDNSStaleMark)
        } catch {
            embeddedDNSFailed(error)
        }
    }

    /// Everything the resident serves, from the store as committed.
    func embeddedDNSTable() throws -> DNSTable {
        let view = StoreTransaction(base: try store.read())
        let containers = try view.all(ContainerRecord.self).sorted { $0.id < $1.id }
        let hostNdots = hostSetsNdots()
        return DNSTable(containers: try containers.compactMap { try dnsEntry(of: $0, in: view, hostNdots: hostNdots) },
                        dnsServers: Self.forwardable(settings.dns))
    }

    /// The resident's entry for container `id` in one view of the store, nil when it is not
    /// served (gone, sharing another's namespace, or on no user-defined network).
    /// `hostNdots`: whether the host's resolv.conf sets ndots (`hostSetsNdots`).
    func dnsEntry(of id: String, in view: StoreTransaction, hostNdots: Bool) throws -> DNSContainer? {
        guard let container = try view.get(ContainerRecord.self, id) else { return nil }
        return try dnsEntry(of: container, in: view, hostNdots: hostNdots)
    }

    private func dnsEntry(of container: ContainerRecord, in view: StoreTransaction, hostNdots: Bool) throws -> DNSContainer? {
        guard container.ownsNamespace else { return nil }
        var endpoints: [DNSEndpoint] = []
        var links: [DNSLink] = []
        // In interface order: a name on several networks answers from the first (as Docker).
        for attachment in try view.details(of: container).attachments where !attachment.network.isPredefined {
            let endpoint = attachment.endpoint
            guard endpoint.ipv4 != nil || endpoint.ipv6 != nil else { continue }
            endpoints.append(DNSEndpoint(network: attachment.network.name, ipv4: endpoint.ipv4?.address.description,
                                         ipv6: endpoint.ipv6?.address.description, aliases: endpoint.aliases))
            for value in endpoint.links ?? [] {
                let parts = value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].hasPrefix("/") ? String(parts[0].dropFirst()) : parts[0]
                let alias = parts.count == 2 && !parts[1].isEmpty ? parts[1] : target
                guard !target.isEmpty, !links.contains(where: { $0.alias == alias }) else { continue }
                links.append(DNSLink(alias: alias, target: target))
            }
        }
        guard !endpoints.isEmpty else { return nil }
        return DNSContainer(id: container.id, name: container.name, namespacePath: "/run/netns/\(container.namespace)",
                            endpoints: endpoints, links: links, dnsServers: Self.forwardable(container.dns),
                            ndotsSet: container.dnsOptions.isEmpty ? hostNdots : Self.setsNdots(container.dnsOptions))
    }

    /// Whether the options of the host's resolv.conf set ndots: a container without
    /// `--dns-option`s takes them (Docker's `ndotsSet` looks at the options of the file the
    /// container would have had).
    private func hostSetsNdots() -> Bool {
        let host = (try? String(contentsOfFile: hostResolvConf, encoding: .utf8)) ?? ""
        return Self.setsNdots(NameFiles.resolvConfLines("options", in: host).last.map { Array($0.dropFirst()) } ?? [])
    }

    private static func setsNdots(_ options: [String]) -> Bool {
        options.contains { $0.hasPrefix("ndots:") }
    }

    /// The servers the resident forwards to: the IPv4 ones, as Docker's embedded server takes
    /// them (IPv6 ones stay in the container's resolv.conf, see `embeddedDNSResolvConf`).
    static func forwardable(_ servers: [String]) -> [String] {
        servers.filter { IPAddress($0)?.family == .ipv4 }
    }

    private func embeddedDNSFailed(_ error: Error) {
        try? FileManager.default.createDirectory(atPath: Self.embeddedDNSDirectory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        _ = FileManager.default.createFile(atPath: Self.embeddedDNSStaleMark, contents: nil)
        let text = "dnet: warning: the embedded DNS server missed a change (the next command resends everything): \(error)\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}

extension NameFiles {
    /// resolv.conf on a user-defined network, as Docker rewrites it for its embedded server:
    /// `nameserver 127.0.0.11` then the IPv6 nameservers of `built` (the file as it would be
    /// otherwise: the IPv4 ones are the server's to forward to), the same search domains,
    /// and the same options plus `ndots:0` unless they set ndots.
    static func embeddedDNSResolvConf(_ built: String) -> String {
        var servers = ["127.0.0.11"], search: [String] = [], options: [String] = []
        for line in built.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            switch words.first {
            case "nameserver" where words.count > 1:
                if IPAddress(words[1])?.family == .ipv6 { servers.append(words[1]) }
            case "search": search = Array(words.dropFirst())
            case "options": options = Array(words.dropFirst())
            default: break
            }
        }
        if !options.contains(where: { $0.hasPrefix("ndots:") }) { options.append("ndots:0") }
        var text = ""
        if !search.isEmpty, search.joined(separator: " ") != "." { text += "search \(search.joined(separator: " "))\n" }
        for server in servers { text += "nameserver \(server)\n" }
        text += "options \(options.joined(separator: " "))\n"
        return text
    }
}
