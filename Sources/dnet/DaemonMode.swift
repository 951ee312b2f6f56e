import Glibc
import DnetCommandKit
import DnetCommands
import DnetDaemon
import DnetEngine

/// `dnet daemon`: takes the data root's daemon lock, starts the engine (reconcile), serves
/// the `-H` sockets until SIGTERM or SIGINT, and removes its socket files on the way out.
enum DaemonMode {
    static func run(_ setup: EngineSetup, version: String) -> Int32 {
        let stderr = OutputSink.fileDescriptor(2)
        func fail(_ message: String) -> Int32 {
            stderr.write("dnet daemon: \(message)\n")
            stderr.flush()
            return 1
        }
        // Before any thread exists, so that every thread leaves the stop signals to `run`.
        Daemon.blockStopSignals()
        if setup.options.dryRun { return fail("--dry-run does not apply to the daemon") }
        let hosts: [HostAddress]
        do { hosts = try setup.daemonHosts() } catch let failure as CommandFailure { return fail(failure.message) } catch { return 1 }
        let configuration = DaemonConfiguration(hosts: hosts, tls: setup.tlsFiles, version: version)
        do { try configuration.validate() } catch let failure as DaemonFailure { return fail(failure.message) } catch { return 1 }

        let lock: DaemonLock
        do {
            lock = try DaemonLock.daemon(dataRoot: setup.dataRoot, hosts: hosts.map(\.description))
        } catch let error as EngineError {
            return fail(error.message)
        } catch {
            return 1
        }
        defer { withExtendedLifetime(lock) {} }

        let engine: Engine
        do {
            engine = try setup.makeEngine(output: .fileDescriptor(1), asDaemon: true)
            // `network rm` answers once committed; the kernel's slow bridge deletion follows.
            engine.defersBridgeDeletion = true
        } catch let failure as CommandFailure {
            return fail(failure.message)
        } catch {
            return fail("\(error)")
        }
        let executor = EngineExecutor(engine: engine)
        let registry = CommandRegistry()
        DnetCommands.register(into: registry, engine: EngineHandle { engine })
        // The sockets first: a daemon that cannot have them (a live one there) stops before
        // its engine touches the kernel. Connections wait in the backlog until it serves.
        let daemon: Daemon
        do {
            daemon = try Daemon(configuration: configuration, executor: executor, registry: registry, dataRoot: setup.dataRoot)
        } catch let failure as DaemonFailure {
            executor.drain()
            return fail(failure.message)
        } catch {
            executor.drain()
            return fail("\(error)")
        }
        do { try executor.run { try $0.ensureStarted() } } catch {
            daemon.stop()
            return fail((error as? EngineError)?.message ?? "\(error)")
        }
        lock.announce(daemon.addresses)
        daemon.run {
            stderr.write(daemon.listening.map { "dnet daemon: API listen on \($0)\n" }.joined())
            stderr.flush()
        }
        // The engine's thread has ended with the daemon: its last deletions are waited for here.
        engine.finishDeferredDeletions()
        stderr.write("dnet daemon: stopped\n")
        stderr.flush()
        return 0
    }
}

/// The client side of `-H`: checks that no flag of a local engine was given, and connects.
enum RemoteSession {
    static func client(_ options: Options, host: String) throws -> DaemonClient {
        let local = [options.sandbox ? "--sandbox" : nil, options.dryRun ? "--dry-run" : nil,
                     options.dataRoot != nil ? "--data-root" : nil, options.configFile != nil ? "--config-file" : nil,
                     options.engineArguments.first]
            .compactMap { $0 }
        if let flag = local.first {
            throw Options.UsageError(message: "\(flag) applies to a local engine, and the engine commands go to the daemon at \(host): give it to `dnet daemon` instead")
        }
        if options.hosts.count > 1 {
            throw Options.UsageError(message: "only one -H can be given to send commands to (several are for `dnet daemon`)")
        }
        let address = try HostAddress.parse(host, tls: options.usesTLS)
        let tls = options.usesTLS
            ? TLSFiles(verify: options.tlsVerify, caCertificate: options.tlsCACert, certificate: options.tlsCert, key: options.tlsKey)
            : nil
        return try DaemonClient(address: address, tls: tls)
    }
}
