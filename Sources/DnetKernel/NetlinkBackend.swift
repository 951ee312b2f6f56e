import CNetlink
import DnetIPAM
import Glibc

/// The real backend: rtnetlink through libnl, one socket per namespace, kept open.
///
/// The host socket is opened in the namespace of the thread that creates the backend.
/// A named namespace's socket is opened on the namespace thread inside it and cached
/// (a few of them, least recently used first out), so a container's creation and join
/// share one; a cached socket is dropped when its name has been rebound to another
/// namespace, and all of them by `closeNamespaceSockets()`: an open socket keeps its
/// namespace alive. Requests name links directly where the kernel allows it, so no
/// step refills a cache of the kernel's state.
public final class NetlinkBackend: KernelBackend, @unchecked Sendable {
    final class NamespaceEntry {
        let socket: NetlinkSocket
        let identity: NamespaceDirectory.Identity
        /// Whether interfaces created in the namespace start with IPv6 off.
        var ipv6DisabledByDefault: Bool
        var lastUse: UInt64 = 0

        init(socket: NetlinkSocket, identity: NamespaceDirectory.Identity, ipv6DisabledByDefault: Bool) {
            self.socket = socket
            self.identity = identity
            self.ipv6DisabledByDefault = ipv6DisabledByDefault
        }
    }

    struct State {
        var namespaces: [String: NamespaceEntry] = [:]
        var clock: UInt64 = 0
        var directoryPrepared = false
        var utsDirectoryPrepared = false
        /// ifindex of host links used as masters or parents, checked on use.
        var hostIndex: [String: UInt32] = [:]
        var kindSupport: [String: Bool] = [:]
        var nftables: Nftables?
    }

    let host: NetlinkSocket
    let directory: NamespaceDirectory
    let utsDirectory = UTSNamespaceDirectory.standard
    let socketCacheCapacity: Int
    let state = Locked(State())
    /// The host's /proc/sys/net/ipv6/conf, opened once (-1 without IPv6), for the setting
    /// written on each new veth.
    let hostIPv6Conf: Int32
    /// The network namespace of the thread that made the backend (its host), kept open:
    /// /proc/sys/net is the namespace of the thread that looks a path up, so host settings
    /// written from a thread elsewhere are written from a thread that enters it.
    let hostNamespace: Int32
    let hostNamespaceInode: UInt64
    /// With DNET_STEP_TIMES=FILE (benchmarks), each step's duration in microseconds and its
    /// action, a line each, appended to FILE.
    static let stepTimes: Int32? = getenv("DNET_STEP_TIMES").flatMap { path in
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        return fd >= 0 ? fd : nil
    }

    /// - Parameters:
    ///   - namespaceDirectory: where named namespaces are bound (iproute2's `/run/netns`).
    ///   - socketCacheCapacity: how many namespace sockets stay open at most.
    public init(namespaceDirectory: String = "/run/netns", socketCacheCapacity: Int = 16) throws {
        precondition(socketCacheCapacity >= 1)
        host = try NetlinkSocket(action: "open a netlink socket")
        directory = NamespaceDirectory(path: namespaceDirectory)
        self.socketCacheCapacity = socketCacheCapacity
        hostIPv6Conf = open("/proc/sys/net/ipv6/conf", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        hostNamespace = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        hostNamespaceInode = Self.currentNamespaceInode()
    }

    private static func currentNamespaceInode() -> UInt64 {
        var info = stat()
        return stat("/proc/thread-self/ns/net", &info) == 0 ? UInt64(info.st_ino) : 0
    }

    /// Runs `body` in the backend's host namespace: here when this thread is in it.
    func inHostNamespace<T>(_ body: () throws -> T) throws -> T {
        if hostNamespace < 0 || Self.currentNamespaceInode() == hostNamespaceInode { return try body() }
        return try NamespaceThread.run(inNamespaceAt: "/proc/self/fd/\(hostNamespace)", body)
    }

    deinit {
        if hostIPv6Conf >= 0 { close(hostIPv6Conf) }
        if hostNamespace >= 0 { close(hostNamespace) }
    }

    public func apply(_ step: KernelStep) throws {
        try Self.timed(step.action) { try perform(step) }
    }

    /// Runs `body`, logging its duration under `action` when DNET_STEP_TIMES is set (the
    /// engine times its own phases, such as telling the embedded DNS server, the same way).
    public static func timed<T>(_ action: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
        guard let log = stepTimes else { return try body() }
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        defer {
            clock_gettime(CLOCK_MONOTONIC, &end)
            let micros = (end.tv_sec - start.tv_sec) * 1_000_000 + (end.tv_nsec - start.tv_nsec) / 1000
            let line = "\(micros)\t\(action())\n"
            _ = line.withCString { Glibc.write(log, $0, strlen($0)) }
        }
        return try body()
    }

    private func perform(_ step: KernelStep) throws {
        let action = step.action
        switch step {
        case .createBridge(let spec): try createBridge(spec, action: action)
        case .createHostLink(let spec): try createHostLink(spec, action: action)
        case .deleteLink(let name, let ns): try deleteLink(name, in: ns, action: action)
        case .setLinkUp(let name, let up, let ns): try changeLink(name, in: ns, up: up, action: action)
        case .setMTU(let name, let mtu, let ns): try changeLink(name, in: ns, mtu: mtu, action: action)
        case .addAddress(let address, let link, let ns):
            try changeAddress(address, link: link, in: ns, add: true, action: action)
        case .deleteAddress(let address, let link, let ns):
            try changeAddress(address, link: link, in: ns, add: false, action: action)
        case .createNamespace(let name, let disableIPv6): try createNamespace(name, disableIPv6: disableIPv6, action: action)
        case .deleteNamespace(let name): try deleteNamespace(name)
        case .createUTSNamespace(let name, let hostname):
            try state.withLock { s in
                if !s.utsDirectoryPrepared {
                    try NamespaceDirectory(path: utsDirectory.path).prepare()
                    s.utsDirectoryPrepared = true
                }
            }
            try utsDirectory.create(name, hostname: hostname)
        case .deleteUTSNamespace(let name): try utsDirectory.delete(name)
        case .addContainerVeth(let spec): try addContainerVeth(spec, action: action)
        case .addContainerSublink(let spec): try addContainerSublink(spec, action: action)
        case .addRoute(let route, let ns): try changeRoute(route, in: ns, add: true, action: action)
        case .deleteRoute(let route, let ns): try changeRoute(route, in: ns, add: false, action: action)
        case .writeSysctl(let key, let value, let ns): try writeSysctl(key, value, in: ns, action: action)
        case .firewall(let script): try nftables(action: action).run(script.text, action: action)
        case .dockerUser(let rules): try changeDockerUser(rules, action: action)
        }
    }

    public func closeNamespaceSockets() {
        state.withLock { $0.namespaces = [:] }
    }

    public func namespaces() throws -> [String] {
        try directory.list()
    }

    /// libnftables, opened on first use (a dnet that never touches the firewall never loads it).
    private func nftables(action: String) throws -> Nftables {
        try state.withLock { s in
            if let nft = s.nftables { return nft }
            let nft = try Nftables()
            s.nftables = nft
            return nft
        }
    }

    /// dnet's rules in Docker's DOCKER-USER chain: the marked ones found by their comments,
    /// the changes made in one nft transaction. No chain, nothing to do.
    private func changeDockerUser(_ rules: DockerUserRules, action: String) throws {
        let nft = try nftables(action: action)
        guard let listing = try? nft.run("list chain \(DockerUserRules.chain)", action: action, handles: true) else { return }
        let marked = DockerUserRules.marked(inListing: listing, prefix: "dnet:")
        var commands: [String] = []
        for (handle, mark) in marked where rules.remove.contains(mark) || (rules.removeOthers && !rules.accept.values.contains(mark)) {
            guard let handle else { continue }
            commands.append("delete rule \(DockerUserRules.chain) handle \(handle)")
        }
        let present = Set(marked.map(\.mark))
        for (bridge, mark) in rules.accept.sorted(by: { $0.key < $1.key }) where !present.contains(mark) {
            commands += DockerUserRules.insertions(bridge, mark: mark)
        }
        if !commands.isEmpty { try nft.run(commands.joined(separator: "\n") + "\n", action: action) }
    }

    /// Runs nft commands that only read (`list table inet dnet`) and returns their output.
    public func readFirewall(_ script: String) throws -> String {
        try nftables(action: "read firewall rules").run(script, action: "read firewall rules")
    }

    public func namespaceExists(_ name: String) throws -> Bool {
        try directory.contains(name)
    }

    public func readSysctl(_ key: String, in namespace: NetworkNamespace) throws -> String {
        let action = "read sysctl \(key)" + KernelStep.suffix(namespace)
        switch namespace {
        case .host: return try inHostNamespace { try Sysctl.read(key, action: action) }
        case .named(let name):
            try directory.validate(name, action: action)
            return try NamespaceThread.run(inNamespaceAt: directory.path(of: name)) { try Sysctl.read(key, action: action) }
        }
    }

    // MARK: - Namespaces and their sockets

    func socket(for namespace: NetworkNamespace, action: @autoclosure () -> String) throws -> NetlinkSocket {
        switch namespace {
        case .host: return host
        case .named(let name): return try entry(for: name, action: action()).socket
        }
    }

    /// The cached socket of namespace `name`, reopened when the name now binds another namespace.
    func entry(for name: String, action: @autoclosure () -> String) throws -> NamespaceEntry {
        try directory.validate(name, action: action())
        let current: NamespaceDirectory.Identity
        do {
            current = try directory.identity(of: name, action: action())
        } catch let error as KernelError where error.errno == ENOENT {
            throw KernelError(action: error.action, cause: error.cause, kernelMessage: "no namespace named \(name)")
        }
        let cached = state.withLock { s -> NamespaceEntry? in
            guard let entry = s.namespaces[name], entry.identity == current else { return nil }
            s.clock += 1
            entry.lastUse = s.clock
            return entry
        }
        if let cached { return cached }
        let (socket, identity, ipv6Off) = try directory.openSocket(in: name)
        let entry = NamespaceEntry(socket: socket, identity: identity, ipv6DisabledByDefault: ipv6Off)
        remember(entry, as: name)
        return entry
    }

    func remember(_ entry: NamespaceEntry, as name: String) {
        state.withLock { s in
            s.clock += 1
            entry.lastUse = s.clock
            s.namespaces[name] = entry
            if s.namespaces.count > socketCacheCapacity,
               let oldest = s.namespaces.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                s.namespaces[oldest] = nil
            }
        }
    }

    func createNamespace(_ name: String, disableIPv6: Bool, action: String) throws {
        try state.withLock { s in
            if !s.directoryPrepared {
                try directory.prepare()
                s.directoryPrepared = true
            }
        }
        let (socket, identity) = try directory.create(name, disableIPv6: disableIPv6)
        do {
            let up = NetlinkMessage.link(Int32(RTM_NEWLINK), flags: 0, up: true)
            up.put(Int(IFLA_IFNAME), string: "lo")
            try socket.send(up, action: action)
        } catch {
            try? directory.delete(name)
            throw error
        }
        remember(NamespaceEntry(socket: socket, identity: identity, ipv6DisabledByDefault: disableIPv6), as: name)
    }

    func deleteNamespace(_ name: String) throws {
        _ = state.withLock { $0.namespaces.removeValue(forKey: name) }
        try directory.delete(name)
    }

    func writeSysctl(_ key: String, _ value: String, in namespace: NetworkNamespace, action: String) throws {
        switch namespace {
        case .host:
            try inHostNamespace { try Sysctl.write(key, value, action: action) }
        case .named(let name):
            let entry = try entry(for: name, action: action)
            try NamespaceThread.run(inNamespaceAt: directory.path(of: name)) { try Sysctl.write(key, value, action: action) }
            if Sysctl.path(key) == "/proc/sys/net/ipv6/conf/default/disable_ipv6" {
                state.withLock { _ in entry.ipv6DisabledByDefault = value.trimmingWhitespace == "1" }
            }
        }
    }

    // MARK: - Checks done before asking the kernel

    static func validateInterfaceName(_ name: String, action: @autoclosure () -> String) throws {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 15, name != ".", name != "..",
              !bytes.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") || $0 <= 32 }) else {
            throw KernelError(action: action(), cause: .invalid(
                "\"\(name)\" is not a valid interface name (1 to 15 characters, no \"/\", \":\" or spaces)"))
        }
    }

    static func validateAlias(_ alias: String?, action: @autoclosure () -> String) throws {
        guard let alias else { return }
        guard alias.utf8.count <= 255 else {
            throw KernelError(action: action(), cause: .invalid("an interface alias has at most 255 bytes"))
        }
    }
}
