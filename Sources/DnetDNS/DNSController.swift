import CDNS
import Glibc

/// The engine's side of the embedded DNS server: starts the resident `dnet-dns` process
/// when needed, tells it the records, hands it sockets on 127.0.0.11:53 opened inside each
/// served container's namespace, restarts it (and resends everything) when it died, and
/// stops it when no container needs it. Every call is synchronous and safe to make from
/// several processes at once (starting is serialised by a lock file).
public final class DNSController {
    /// Where the resident keeps its control socket, pid file, lock and log.
    public let stateDirectory: String
    /// The `dnet-dns` executable.
    public let executablePath: String
    private let user: String
    public let resolvConf: String

    /// What the resident reports about itself.
    public struct Status: Equatable, Sendable {
        public var pid: Int32
        public var containers: Int
        /// Containers whose sockets it holds.
        public var sockets: Int
        public var residentKiB: Int
    }

    /// - Parameters:
    ///   - executablePath: defaults to `dnet-dns` next to the running executable.
    ///   - user: whom the resident runs as once its control socket is open.
    ///   - resolvConf: where the resident finds the host's nameservers.
    public init(stateDirectory: String, executablePath: String? = nil, user: String = "nobody",
                resolvConf: String = "/etc/resolv.conf") {
        self.stateDirectory = stateDirectory
        self.executablePath = executablePath ?? Self.besideSelf("dnet-dns")
        self.user = user
        self.resolvConf = resolvConf
    }

    /// How long the resident may take to answer before it counts as hung (stopped with
    /// SIGSTOP, say): it is then killed and replaced, and told everything again.
    public var answerTimeout: Int = 5 {
        didSet { cachedConnection = nil }
    }
    /// One connection for the life of the controller: a script of a thousand commands
    /// connects once. Dropped when a request fails.
    private var cachedConnection: ControlConnection?

    private var socketPath: String { stateDirectory + "/" + DNSResident.controlSocketName }
    private var pidPath: String { stateDirectory + "/" + DNSResident.pidFileName }

    /// Whether a resident answers on the control socket.
    public var isRunning: Bool { (try? ControlConnection(path: socketPath)) != nil }

    /// Whether a resident was killed (or crashed): its pid file is there, its process is not
    /// (`stop` removes the pid file). Costs a file read, not a connection.
    public var diedUnexpectedly: Bool {
        guard let pid = readPid() else { return false }
        return !Self.isResident(pid)
    }

    /// The resident's report, or nil when none runs.
    public func status() throws(DNSError) -> Status? {
        guard let connection = connection() else { return nil }
        let reply = try request("status", over: connection)
        let fields = reply.first ?? []
        guard fields.count == 5, let pid = Int32(fields[1]), let containers = Int(fields[2]),
              let sockets = Int(fields[3]), let rss = Int(fields[4]) else { throw DNSError("embedded DNS server: bad status reply") }
        return Status(pid: pid, containers: containers, sockets: sockets, residentKiB: rss)
    }

    /// Makes the resident serve exactly `table`: starts it if needed, replaces its records,
    /// and gives it sockets for containers it holds none for. An empty table stops it. A
    /// resident that does not answer is killed and replaced.
    public func sync(_ table: DNSTable) throws(DNSError) {
        guard !table.containers.isEmpty else { return try stop() }
        let body = try ControlProtocol.encode(containers: table.containers, servers: table.dnsServers)
        do {
            try sync(body: body, table: table)
        } catch where error.isNoAnswer || error.isLost {
            // Hung: replaced. Gone since the connection was made: a new one is made.
            if error.isNoAnswer { killResident() }
            try sync(body: body, table: table)
        }
    }

    private func sync(body: String, table: DNSTable) throws(DNSError) {
        let connection = try connectOrStart()
        let reply = try request("table\n" + body, over: connection)
        try giveSockets(for: reply, from: table.containers, over: connection)
    }

    /// Applies a change: adds or replaces `upserting`, takes out the containers with ids in
    /// `removing`. The sockets of `newlyServed` (ids among `upserting` that the resident did
    /// not serve before) are opened first and go along with the update, so that the whole
    /// change costs one round trip. When no resident runs (never started, killed, hung),
    /// `table` is asked for everything and sent in full instead. Stops the resident when it
    /// serves nobody after.
    public func update(upserting: [DNSContainer], removing: [String] = [], newlyServed: Set<String> = [],
                       table: () throws -> DNSTable) throws {
        guard let connection = connection() else { return try sync(table()) }
        do {
            try apply(upserting: upserting, removing: removing, newlyServed: newlyServed, over: connection)
        } catch {
            guard error.isLost || error.isNoAnswer else { throw error }
            // It died under us, or hangs: start afresh with everything.
            if error.isNoAnswer { killResident() }
            try sync(table())
        }
    }

    private func apply(upserting: [DNSContainer], removing: [String], newlyServed: Set<String>,
                       over connection: ControlConnection) throws(DNSError) {
        if !removing.isEmpty {
            var fields = ["remove"]
            for id in removing { fields.append(try ControlProtocol.checked(id, "container id")) }
            let reply = try request(fields.joined(separator: "\t"), over: connection)
            if upserting.isEmpty, reply.first?.count == 2, reply.first?[1] == "0" { return try stop() }
        }
        guard !upserting.isEmpty else { return }
        // Sockets first, then the update, all written before the first answer is read.
        var firstError: DNSError?
        var sent = 0
        for container in upserting where newlyServed.contains(container.id) {
            do {
                try sendSockets(for: container, over: connection)
                sent += 1
            } catch where !error.isLost {
                if firstError == nil { firstError = error }
            }
        }
        try send("update\n" + ControlProtocol.encode(containers: upserting, servers: nil), over: connection)
        for _ in 0..<sent { _ = try receive(over: connection) }
        let reply = try receive(over: connection)
        // Whatever still has no sockets (a resident that lost them): one more round each.
        do {
            try giveSockets(for: reply, from: upserting, over: connection)
        } catch where !error.isLost && !error.isNoAnswer {
            if firstError == nil { firstError = error }
        }
        if let firstError { throw firstError }
    }

    /// Sets the engine's `--dns` servers (for containers without their own) on a running resident.
    public func setDNSServers(_ servers: [String]) throws(DNSError) {
        guard let connection = connection() else { return }
        _ = try request("update\n" + ControlProtocol.encode(containers: [], servers: servers), over: connection)
    }

    /// Stops the resident (killing it if it does not answer) and removes its files.
    public func stop() throws(DNSError) {
        let pid = readPid()
        if let connection = connection() {
            _ = try? request("stop", over: connection)
        } else if let pid, Self.isResident(pid) {
            kill(pid, SIGKILL)
        }
        cachedConnection = nil
        if let pid {
            // Not our child (it was double-forked): wait until it is gone.
            for _ in 0..<200 where Self.isResident(pid) { usleep(10_000) }
            if Self.isResident(pid) { kill(pid, SIGKILL) }
        }
        unlink(socketPath)
        unlink(pidPath)
    }

    /// Opens a UDP socket and a listening TCP socket for clients of `address`:`port` inside
    /// the network namespace at `path` (`/run/netns/NAME`), from a thread of its own that
    /// enters the namespace and ends. As Docker's, they listen at ports of their own, and rules
    /// of dnet's in the namespace (nftables table `ip dnet_dns`) rewrite `port` to theirs and
    /// back: a program in the container may bind port 53 on all its addresses. The caller owns
    /// the descriptors.
    public static func openSockets(inNamespaceAt path: String, address: String = "127.0.0.11", port: UInt16 = 53) throws(DNSError) -> (udp: Int32, tcp: Int32) {
        guard let bytes = DNSAddress.parse(address), bytes.count == 4 else { throw DNSError("not an IPv4 address: \(address)") }
        let ipv4 = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        var udp: Int32 = -1, tcp: Int32 = -1, stage: Int32 = 0
        let result = dnsc_open_sockets_in_namespace(path, ipv4, port, &udp, &tcp, &stage)
        guard result == 0 else {
            let step = ["start a thread", "open the namespace", "enter the namespace", "create a socket", "bind \(address)", "listen",
                        "redirect \(address):\(port) with nftables"][Int(stage)]
            throw DNSError("cannot \(step) for the DNS server in \(path): \(String(cString: strerror(-result)))")
        }
        return (udp, tcp)
    }

    // MARK: - Internals

    private func giveSockets(for reply: [[String]], from containers: [DNSContainer], over connection: ControlConnection) throws(DNSError) {
        var firstError: DNSError?
        for fields in reply.dropFirst() where fields.count == 2 && fields[0] == "need" {
            guard let container = containers.first(where: { $0.id == fields[1] }) else { continue }
            do {
                try sendSockets(for: container, over: connection)
                _ = try receive(over: connection)
            } catch where !error.isLost && !error.isNoAnswer {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
    }

    /// Opens `container`'s sockets and sends them (the answer is left to read).
    private func sendSockets(for container: DNSContainer, over connection: ControlConnection) throws(DNSError) {
        let (udp, tcp) = try Self.openSockets(inNamespaceAt: container.namespacePath)
        defer { close(udp); close(tcp) }
        // The namespace's identity: the resident lets go of sockets whose namespace lost its name.
        var info = stat()
        let path = try ControlProtocol.checked(container.namespacePath, "namespace path")
        let identity = stat(path, &info) == 0 ? "\t\(path)\t\(info.st_ino)" : ""
        try send("sockets\t\(container.id)\(identity)", fds: [udp, tcp], over: connection)
    }

    /// The cached connection, or a new one; nil when no resident answers.
    private func connection() -> ControlConnection? {
        if cachedConnection == nil { cachedConnection = try? ControlConnection(path: socketPath, timeout: answerTimeout) }
        return cachedConnection
    }

    private func request(_ text: String, fds: [Int32] = [], over connection: ControlConnection) throws(DNSError) -> [[String]] {
        try send(text, fds: fds, over: connection)
        return try receive(over: connection)
    }

    // A failed send or receive (even an `error` answer, which may leave later answers of a
    // pipelined exchange unread) leaves the connection out of step: it is not used again.
    private func send(_ text: String, fds: [Int32] = [], over connection: ControlConnection) throws(DNSError) {
        do { try connection.send(text, fds: fds) } catch { cachedConnection = nil; throw error }
    }

    private func receive(over connection: ControlConnection) throws(DNSError) -> [[String]] {
        do { return try connection.receive() } catch { cachedConnection = nil; throw error }
    }

    /// Kills a resident that does not answer, and removes its files.
    private func killResident() {
        cachedConnection = nil
        if let pid = readPid(), Self.isResident(pid) {
            kill(pid, SIGKILL)
            for _ in 0..<200 where Self.isResident(pid) { usleep(10_000) }
        }
        unlink(socketPath)
        unlink(pidPath)
    }

    /// A connection to the resident, starting one when none answers.
    private func connectOrStart() throws(DNSError) -> ControlConnection {
        if let connection = connection() { return connection }
        var prefix = stateDirectory.hasPrefix("/") ? "" : "."
        for part in stateDirectory.split(separator: "/") {
            prefix += "/" + part
            mkdir(prefix, 0o755)
        }
        chmod(stateDirectory, 0o700)
        let lock = open(stateDirectory + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw DNSError("cannot open \(stateDirectory)/lock: \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        flock(lock, LOCK_EX)
        // Another process may have started it while we waited for the lock.
        if let connection = connection() { return connection }
        if let pid = readPid(), Self.isResident(pid) {
            // Alive but deaf: it goes, and its sockets with it, before a new one binds.
            kill(pid, SIGKILL)
            for _ in 0..<200 where Self.isResident(pid) { usleep(10_000) }
        }
        unlink(socketPath)
        unlink(pidPath)
        try start()
        let connection = try ControlConnection(path: socketPath, timeout: answerTimeout)
        cachedConnection = connection
        return connection
    }

    private func start() throws(DNSError) {
        guard access(executablePath, X_OK) == 0 else { throw DNSError("cannot run the DNS server \(executablePath): \(String(cString: strerror(errno)))") }
        var pipe: [Int32] = [-1, -1]
        guard dnsc_pipe(&pipe) == 0 else { throw DNSError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        let logPath = stateDirectory + "/dnet-dns.log"
        let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        let arguments = [executablePath, "--state-dir", stateDirectory, "--user", user, "--resolv-conf", resolvConf]
        var argv = arguments.map { strdup($0) } + [nil]
        let result = dnsc_spawn_daemon(executablePath, &argv, pipe[1], log >= 0 ? log : 2)
        for p in argv { free(p) }
        close(pipe[1])
        if log >= 0 { close(log) }
        defer { close(pipe[0]) }
        guard result == 0 else { throw DNSError("cannot start the DNS server: \(String(cString: strerror(-result)))") }
        var line: [UInt8] = []
        var poller = pollfd(fd: pipe[0], events: Int16(POLLIN), revents: 0)
        let deadline = dnsc_now_ms() + 10_000
        while !line.contains(0x0A) {
            let wait = deadline - dnsc_now_ms()
            guard wait > 0, poll(&poller, 1, Int32(wait)) > 0 else { break }
            var chunk = [UInt8](repeating: 0, count: 64)
            let n = chunk.withUnsafeMutableBytes { read(pipe[0], $0.baseAddress, 64) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            line += chunk[0..<n]
        }
        guard line.starts(with: Array("ready ".utf8)) else {
            let said = (readFile(logPath) ?? []).split(separator: 0x0A).last.map { String(decoding: $0, as: UTF8.self) } ?? "no output"
            throw DNSError("the DNS server did not start (\(said))")
        }
    }

    private func readPid() -> Int32? {
        guard let text = readFile(pidPath) else { return nil }
        return Int32(String(decoding: text.filter { $0 != 0x0A }, as: UTF8.self))
    }

    /// Whether `pid` is a live dnet-dns (not a zombie, not a recycled pid).
    static func isResident(_ pid: Int32) -> Bool {
        guard pid > 0, let stat = readFile("/proc/\(pid)/stat"),
              let close = stat.lastIndex(of: 0x29), close + 2 < stat.count else { return false }
        let name = stat.split(separator: 0x28, maxSplits: 1).last?.prefix { $0 != 0x29 } ?? []
        return stat[close + 2] != 0x5A && name.elementsEqual("dnet-dns".utf8)  // 'Z'
    }

    private static func besideSelf(_ name: String) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, 4095)
        guard n > 0 else { return name }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return name }
        return String(path[..<slash]) + "/" + name
    }
}

/// One blocking connection to the resident's control socket.
final class ControlConnection {
    private let fd: Int32
    private var input: [UInt8] = []
    /// Where answers are received, made once for the connection's life (not per answer).
    private var chunk = [UInt8](repeating: 0, count: 65_536)

    /// `timeout`: seconds a send or an answer may take.
    init(path: String, timeout: Int = 5) throws(DNSError) {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw DNSError("cannot create a socket: \(String(cString: strerror(errno)))") }
        var address = try unixAddress(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw DNSError("cannot reach the DNS server at \(path): \(reason)")
        }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Sends one request, with descriptors attached to its first byte.
    func send(_ text: String, fds: [Int32] = []) throws(DNSError) {
        let frame = ControlProtocol.frame(text)
        var sent = 0
        while sent < frame.count {
            let n = frame.withUnsafeBytes { raw in
                fds.withUnsafeBufferPointer { dnsc_send_with_fds(fd, raw.baseAddress! + sent, raw.count - sent, $0.baseAddress, sent == 0 ? Int32(fds.count) : 0) }
            }
            if n == -Int(EAGAIN) { throw DNSError.noAnswer }
            guard n > 0 else { throw DNSError.lost("while sending: \(String(cString: strerror(Int32(-n))))") }
            sent += n
        }
    }

    /// Sends one request and reads its answer.
    func request(_ text: String, fds: [Int32] = []) throws(DNSError) -> [[String]] {
        try send(text, fds: fds)
        return try receive()
    }

    /// Reads the next answer's lines; an `error` answer throws.
    func receive() throws(DNSError) -> [[String]] {
        while true {
            if input.count >= 4 {
                let length = input[0..<4].reduce(0) { $0 << 8 | Int($1) }
                if input.count >= 4 + length {
                    let lines = ControlProtocol.lines(Array(input[4..<(4 + length)]))
                    input.removeFirst(4 + length)
                    if let first = lines.first, first.first == "error" {
                        throw DNSError("DNS server: \(first.dropFirst().joined(separator: " "))")
                    }
                    return lines
                }
            }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw DNSError.noAnswer }
            guard n > 0 else { throw DNSError.lost("while waiting for its answer") }
            input += chunk[0..<n]
        }
    }
}

extension DNSError {
    /// The resident went away (its end of the connection closed).
    static func lost(_ detail: String) -> DNSError { DNSError("lost the DNS server \(detail)") }
    /// The resident did not answer in time.
    static let noAnswer = DNSError("the DNS server does not answer (it is replaced)")

    var isLost: Bool { description.hasPrefix("lost the DNS server") }
    var isNoAnswer: Bool { self == .noAnswer }
}
