import Foundation
import Glibc
import DnetCommandKit
import DnetEngine

/// What `dnet daemon` serves, and where.
public struct DaemonConfiguration {
    /// The listen addresses (`-H`, or `hosts` in daemon.json).
    public var hosts: [HostAddress]
    /// TLS for TCP listeners (`--tls`, `--tlsverify` and the files).
    public var tls: TLSFiles?
    /// The largest request body accepted (413 beyond it).
    public var bodyLimit = 1024 * 1024
    /// At most this many connections at once; more are answered 503 and closed.
    public var connectionLimit = 512
    /// dnet's version, for `/version` and the `Server` header.
    public var version: String

    public init(hosts: [HostAddress], tls: TLSFiles? = nil, version: String) {
        self.hosts = hosts
        self.tls = tls
        self.version = version
    }

    /// dockerd's rule, made strict: a TCP address outside loopback needs TLS with client
    /// verification, so that nobody reaches the engine (root on this host) unauthenticated.
    /// A socket passed by systemd (`fd://`) is checked the same way once the daemon has it.
    public func validate() throws {
        if hosts.isEmpty { throw DaemonFailure("no address to listen on: give -H unix:///path or tcp://host:port") }
        for host in hosts { try validate(host.description, isLoopback: host.isLoopback) }
    }

    func validate(_ label: String, isLoopback: Bool) throws {
        guard isLoopback || tls?.verify == true else {
            throw DaemonFailure("refusing to listen on \(label) without TLS: an address outside loopback needs --tlsverify --tlscacert CA --tlscert CERT --tlskey KEY, so that only clients with a certificate from your CA can reach the engine")
        }
    }
}

/// `dnet daemon`: the engine behind the Docker Engine API's network part on every `-H`
/// socket, until SIGTERM or SIGINT.
public final class Daemon {
    private let configuration: DaemonConfiguration
    private let executor: EngineExecutor
    private let router: APIRouter
    private let lifecycle: ContainerLifecycleAPI
    private var listeners: [Listener] = []
    private let tlsContext: TLSServerContext?
    private let connections = NSLock()
    private var openConnections = 0
    private var stopping = false

    /// Binds every socket (failing on the first that cannot be had, after closing the others).
    /// `registry` holds the engine commands, run by `POST /dnet/v1/commands`; `executor`
    /// owns the engine.
    public init(configuration: DaemonConfiguration, executor: EngineExecutor, registry: CommandRegistry,
                dataRoot: String) throws {
        try configuration.validate()
        self.configuration = configuration
        self.executor = executor
        var router = APIRouter()
        SystemAPI(executor: executor, version: configuration.version, dataRoot: dataRoot).register(into: &router)
        NetworkAPI(executor: executor).register(into: &router)
        ContainerAPI(executor: executor).register(into: &router)
        lifecycle = ContainerLifecycleAPI(executor: executor, registry: registry)
        lifecycle.register(into: &router)
        CommandAPI(executor: executor, registry: registry).register(into: &router)
        self.router = router
        let activated = configuration.hosts.contains { if case .fd = $0 { return true } else { return false } }
        let passed = activated ? SocketActivation.take() : []
        var listeners: [Listener] = []
        do {
            for host in configuration.hosts {
                guard case .fd(let wanted) = host else {
                    listeners.append(try Listener(host))
                    continue
                }
                for descriptor in try SocketActivation.select(wanted, from: passed)
                where !listeners.contains(where: { $0.passedDescriptor == descriptor }) {
                    let listener = try Listener(passed: descriptor)
                    listeners.append(listener)
                    try configuration.validate(listener.label, isLoopback: listener.address.isLoopback)
                }
            }
            let needsTLS = listeners.contains(where: \.isTCP)
            tlsContext = try configuration.tls.flatMap { needsTLS ? try TLSServerContext($0) : nil }
        } catch {
            listeners.forEach { $0.close() }
            throw error
        }
        // Passed sockets no -H names are closed, as dockerd closes them.
        for descriptor in passed where !listeners.contains(where: { $0.passedDescriptor == descriptor }) {
            Glibc.close(descriptor)
        }
        self.listeners = listeners
    }

    /// Where the daemon listens, passed sockets by their real address (`tcp://0.0.0.0:2375
    /// (systemd fd 3)`), for the "API listen on" lines.
    public var listening: [String] { listeners.map(\.label) }

    /// The addresses a client gives to `-H` (passed sockets by their real address).
    public var addresses: [String] { listeners.map(\.address.description) }

    /// Blocks SIGTERM, SIGINT and SIGHUP in every thread made after it, so that `run` can
    /// wait for them; call before anything starts a thread.
    public static func blockStopSignals() {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&mask, signal) }
        pthread_sigmask(SIG_BLOCK, &mask, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    /// Serves until SIGTERM or SIGINT, then stops cleanly: no new connections, the engine
    /// command under way finishes, the socket files are removed. `ready` runs once serving.
    public func run(ready: () -> Void = {}) {
        lifecycle.resumeAutoRemoval()
        for listener in listeners {
            let thread = Thread { [self] in acceptLoop(listener) }
            thread.name = "dnet-listen"
            thread.start()
        }
        ready()
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in [SIGTERM, SIGINT] { sigaddset(&mask, signal) }
        var received: Int32 = 0
        repeat { sigwait(&mask, &received) } while received != SIGTERM && received != SIGINT
        stop()
    }

    /// Closes the listeners (removing socket files) and lets the engine finish its command.
    public func stop() {
        connections.lock()
        stopping = true
        connections.unlock()
        listeners.forEach { $0.close() }
        executor.drain()
    }

    private func acceptLoop(_ listener: Listener) {
        while let fd = listener.accept() {
            connections.lock()
            let refused = stopping || openConnections >= configuration.connectionLimit
            if !refused { openConnections += 1 }
            connections.unlock()
            if refused {
                let stream = SocketStream(descriptor: fd)
                _ = HTTPConnection(stream: stream, limits: .init()).write(
                    .error(503, "too many connections"), headOnly: false, close: true, extraHeaders: standardHeaders)
                stream.close()
                continue
            }
            let isTCP = listener.isTCP
            if isTCP {
                // Answers go out whole; a `wait`'s head and later body must not sit behind Nagle.
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            let thread = Thread { [self] in
                serve(fd, tls: isTCP ? tlsContext : nil)
                connections.lock()
                openConnections -= 1
                connections.unlock()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private var standardHeaders: [(String, String)] {
        [("Api-Version", APIRouter.apiVersion), ("Docker-Experimental", "false"), ("Ostype", "linux"),
         ("Server", "dnet/\(configuration.version) (linux)")]
    }

    /// One connection: requests one after another until the peer closes or asks to.
    private func serve(_ fd: Int32, tls: TLSServerContext?) {
        // An idle connection is dropped after a while, so threads do not pile up.
        var timeout = timeval(tv_sec: 300, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let stream: ByteStream
        if let tls {
            guard let secured = tls.accept(fd) else { return }
            stream = secured
        } else {
            stream = SocketStream(descriptor: fd)
        }
        let connection = HTTPConnection(stream: stream, limits: .init(bodyBytes: configuration.bodyLimit))
        defer { connection.close() }
        while true {
            let request: HTTPRequest
            do {
                request = try connection.readRequest()
            } catch HTTPConnection.ReadFailure.reject(let response) {
                _ = connection.write(response, headOnly: false, close: true, extraHeaders: standardHeaders)
                return
            } catch {
                return
            }
            let response = router.handle(request)
            connections.lock()
            let close = request.wantsClose || stopping
            connections.unlock()
            guard connection.write(response, headOnly: request.method == "HEAD", close: close,
                                   extraHeaders: standardHeaders), !close else { return }
        }
    }
}
