import Foundation
import DnetDNS
import DnetIPAM
import DnetKernel

/// The engine: networks (and, later, containers) kept in the store and made real in the
/// kernel. Every public operation is one store transaction plus a kernel plan: it either
/// completes, or leaves kernel and state exactly as they were.
public final class Engine {
    public private(set) var settings: EngineSettings
    public let dataRoot: String
    let backend: KernelBackend
    /// False for a dry run: the store changes only in memory, never on disk.
    let persist: Bool
    private var storeInstance: Store?
    private var started = false
    /// Where containers' `hosts` and `resolv.conf` go (`<root>/<name>/`): iproute2's
    /// `/etc/netns`; nil writes none (a dry run).
    public var nameFilesRoot: String?
    /// The host's resolv.conf, which containers without `--dns` options take theirs from.
    public var hostResolvConf = "/etc/resolv.conf"
    /// The host's own routes and addresses that are not dnet's, read once per process.
    private var hostPrefixesCache: [CIDR]?
    /// The embedded DNS server's controller, made on first use (see `embeddedDNS`).
    var embeddedDNSController: DNSController?
    /// Whether `network rm` leaves the bridge's deletion to a thread of its own once the
    /// change is committed (the daemon, which answers at once; see `DeferredDeletions`).
    public var defersBridgeDeletion = false
    var deferredDeletionsInstance: DeferredDeletions?

    /// The deferred deletions, for a persistent engine on the real kernel that defers them.
    var deferredDeletions: DeferredDeletions? {
        guard defersBridgeDeletion, persist, backend is NetlinkBackend else { return nil }
        if deferredDeletionsInstance == nil, let own = try? NetlinkBackend() {
            deferredDeletionsInstance = DeferredDeletions(backend: own)
        }
        return deferredDeletionsInstance
    }

    /// Returns once every deferred deletion is done (a daemon that stops).
    public func finishDeferredDeletions() {
        deferredDeletionsInstance?.waitForAll()
    }

    public init(settings: EngineSettings, dataRoot: String, backend: KernelBackend, persist: Bool = true) {
        self.settings = settings
        self.dataRoot = dataRoot
        self.backend = backend
        self.persist = persist
        self.nameFilesRoot = persist ? "/etc/netns" : nil
    }

    var store: Store {
        get throws {
            if let storeInstance { return storeInstance }
            let store = try Store(dataRoot: dataRoot, inMemoryCopy: !persist)
            storeInstance = store
            return store
        }
    }

    /// Runs `body` as one atomic command: one store transaction and one kernel plan. A throw
    /// anywhere (the body, or the commit) undoes the kernel steps and drops the changes.
    func transact<T>(_ body: (StoreTransaction, KernelPlan) throws -> T) throws -> T {
        try ensureStarted()
        return try transactWithoutStart(body)
    }

    /// `followFirewall`: the firewall takes in what the body changed (see `firewallSteps`);
    /// a body that rewrites the firewall itself says no.
    private func transactWithoutStart<T>(followFirewall: Bool = true,
                                         _ body: (StoreTransaction, KernelPlan) throws -> T) throws -> T {
        let plan = KernelPlan(backend, journal: persist ? CreationJournal(dataRoot: dataRoot) : nil)
        // A socket kept in a namespace keeps it alive: after `rm` in another process (an
        // `--rm` remover, a daemon) the namespace and its veth would live on.
        defer { backend.closeNamespaceSockets() }
        var leftovers: [String] = []
        var dnsChange = EmbeddedDNSChange()
        do {
            // The kernel steps are undone still under the store's lock: another process
            // never sees them half-done, not even while they are being taken back.
            let result = try store.write(undo: { leftovers = plan.rollback() }) { transaction in
                let result = try body(transaction, plan)
                if followFirewall {
                    for step in try firewallSteps(transaction) { try plan.apply(step) }
                }
                dnsChange = try embeddedDNSChange(transaction)
                return result
            }
            // Steps left for after the commit are there only when deletions are deferred.
            let later = plan.commit()
            if !later.isEmpty { deferredDeletions?.apply(later) }
            // Not a kernel step (it cannot be undone): told once the change is for good.
            NetlinkBackend.timed("tell embedded DNS") { tellEmbeddedDNS(dnsChange) }
            return result
        } catch {
            if leftovers.isEmpty { throw error }
            throw EngineError.system("\(error); and undoing what was done failed too: \(leftovers.joined(separator: "; "))")
        }
    }

    /// Brings the kernel in line with the state (see `Reconciler`), then creates the
    /// predefined networks on first use and keeps the default bridge in line with the
    /// settings. Runs once per process, on the first command that needs it.
    public func ensureStarted() throws {
        guard !started else { return }
        try settings.validate()
        releaseLostNamespacesFromEmbeddedDNS()
        try transactWithoutStart(followFirewall: false) { transaction, plan in
            // Reconcile first: it reads the kernel, which a dry run does not change, so it
            // must not see the predefined networks' steps as missing work.
            try Reconciler(engine: self, transaction: transaction, plan: plan).run()
            try PredefinedNetworks(engine: self, transaction: transaction, plan: plan).ensure()
            try transaction.putSettings(settings)
            // A dry run shows what its commands change, not the tables a start would make.
            if persist {
                for step in try firewallRewrite(transaction) { try plan.apply(step) }
            }
        }
        started = true
        syncEmbeddedDNS()
    }

    /// Changes the engine's settings at run time (`engine --mtu 1400`). The default bridge
    /// follows `--bip`, `-b` and `--mtu`.
    public func update(settings newSettings: EngineSettings) throws {
        try newSettings.validate()
        try ensureStarted()
        let old = settings
        settings = newSettings
        do {
            try transactWithoutStart(followFirewall: false) { transaction, plan in
                try PredefinedNetworks(engine: self, transaction: transaction, plan: plan).ensure()
                try transaction.putSettings(newSettings)
                if persist {
                    for step in try firewallRewrite(transaction, force: true) { try plan.apply(step) }
                }
            }
        } catch {
            settings = old
            throw error
        }
    }

    /// Route destinations and addresses on the host that dnet did not make: a pool subnet
    /// overlapping one of them is skipped.
    func hostPrefixes(excluding networks: [NetworkRecord]) throws -> [CIDR] {
        if let hostPrefixesCache { return hostPrefixesCache }
        let ours = Set(networks.compactMap(\.bridgeName))
        let links = try backend.links(in: .host)
        let foreignLinks = links.filter { link in !ours.contains(link.name) && !(link.alias?.hasPrefix("dnet:") ?? false) }
        let foreignNames = Set(foreignLinks.map(\.name))
        var prefixes = foreignLinks.flatMap(\.addresses)
        for route in try backend.routes(in: .host) where route.destination.prefixLength > 0 {
            if let device = route.device, !foreignNames.contains(device) { continue }
            prefixes.append(route.destination)
        }
        hostPrefixesCache = prefixes
        return prefixes
    }
}

extension StoreTransaction {
    func networks() throws -> [NetworkRecord] { try all(NetworkRecord.self) }

    func putSettings(_ settings: EngineSettings) throws {
        let data = try StoreTransaction.encoder.encode(settings)
        setMeta("settings", String(decoding: data, as: UTF8.self))
    }

    /// The next-fit cursor of the address pools (Docker does not reuse a freed pool subnet
    /// until the search wraps).
    var poolCursor: Int {
        get { meta("pool-cursor").flatMap(Int.init) ?? 0 }
        set { setMeta("pool-cursor", String(newValue)) }
    }
}

extension Engine {
    /// The interface alias that marks a kernel link as dnet's, made for `objectID` (a network
    /// or an endpoint). One data root per network namespace: the marks do not say which.
    public func mark(_ objectID: String) -> String { markPrefix + objectID }

    /// What every mark starts with.
    public var markPrefix: String { "dnet:" }
}
