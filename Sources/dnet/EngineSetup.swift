import Foundation
import DnetCommandKit
import DnetCommands
import DnetDaemon
import DnetEngine
import DnetKernel

/// Builds the engine from dnet's options when the first engine command runs: settings from
/// daemon.json then flags, the real or dry-run kernel backend, the data root.
struct EngineSetup {
    let options: Options
    /// The data root of a sandbox run (a temporary folder), when there is one.
    private(set) var sandboxDataRoot: String?
    /// Checked at start, so a bad flag or daemon.json fails before anything runs.
    let settings: EngineSettings

    init(options: Options) throws {
        self.options = options
        settings = try Self.settings(options)
    }

    static let defaultConfigFile = "/etc/dnet/daemon.json"
    static let defaultDataRoot = "/var/lib/dnet"

    /// The same setup with the sandbox's data root.
    func inSandbox(_ root: String?) -> EngineSetup {
        var copy = self
        copy.sandboxDataRoot = root
        return copy
    }

    /// The data root the engine works in.
    var dataRoot: String { sandboxDataRoot ?? options.dataRoot ?? Self.defaultDataRoot }

    /// Makes the engine. A local dnet first takes the data root's daemon lock (shared), so it
    /// never works behind a running daemon's back; the daemon holds that lock itself.
    func makeEngine(output: OutputSink, asDaemon: Bool = false) throws -> Engine {
        // A dry run on a data root that does not exist yet creates nothing, not even the lock.
        if !asDaemon && !(options.dryRun && !FileManager.default.fileExists(atPath: dataRoot)) {
            do { LocalDataRootLock.held = try DaemonLock.local(dataRoot: dataRoot) } catch let error as EngineError {
                throw CommandFailure(error.message)
            }
        }
        let real: KernelBackend
        do { real = try NetlinkBackend() } catch let error as KernelError {
            throw CommandFailure("cannot reach the kernel's netlink interface: \(error.message) (dnet needs root, or CAP_NET_ADMIN)")
        }
        let backend: KernelBackend = options.dryRun
            ? DryRunBackend(reading: real) { line in output.write(line + "\n") }
            : real
        if sandboxDataRoot != nil {
            // A new network namespace starts with loopback down.
            try? real.setLink("lo", up: true)
        }
        return Engine(settings: settings, dataRoot: dataRoot, backend: backend, persist: !options.dryRun)
    }

    /// daemon.json (when there is one), then the engine flags; a setting given both ways is
    /// refused, as dockerd refuses it.
    static func settings(_ options: Options) throws -> EngineSettings {
        var settings = EngineSettings()
        let flags = try FlagParser.parse(options.engineArguments, options: EngineFlags.options)
        let path = options.configFile ?? defaultConfigFile
        if let data = FileManager.default.contents(atPath: path) {
            do { try settings.apply(configFile: data, path: path) } catch let error as EngineError {
                throw CommandFailure(error.message)
            }
            let conflicts = EngineFlags.options.compactMap { option -> String? in
                let key = option.names.last!.drop { $0 == "-" }
                return flags.isSet(String(key)) && fileHas(configKey(String(key)), data) ? String(key) : nil
            }
            if !conflicts.isEmpty {
                throw CommandFailure("the following directives are specified both as a flag and in the configuration file: \(conflicts.joined(separator: ", "))")
            }
        } else if options.configFile != nil {
            throw CommandFailure("unable to configure the engine with file \(path): no such file")
        }
        try EngineFlags.apply(flags, to: &settings)
        do { try settings.validate() } catch let error as EngineError { throw CommandFailure(error.message) }
        return settings
    }

    /// The daemon's listen addresses: `-H` flags, else `hosts` in daemon.json, else the
    /// default socket; both at once is refused, as dockerd refuses it.
    func daemonHosts() throws -> [HostAddress] {
        if !options.hosts.isEmpty && !settings.hosts.isEmpty {
            throw CommandFailure("the following directives are specified both as a flag and in the configuration file: hosts")
        }
        let given = options.hosts.isEmpty ? settings.hosts : options.hosts
        do {
            return try given.isEmpty ? [.unix(path: HostAddress.defaultSocket)]
                : given.map { try HostAddress.parse($0, tls: options.usesTLS) }
        } catch let failure as DaemonFailure {
            throw CommandFailure(failure.message)
        }
    }

    /// The TLS files given, if any TLS option was.
    var tlsFiles: TLSFiles? {
        guard options.usesTLS else { return nil }
        return TLSFiles(verify: options.tlsVerify, caCertificate: options.tlsCACert,
                        certificate: options.tlsCert, key: options.tlsKey)
    }

    /// The daemon.json key of a flag (they differ only for the address pools).
    static func configKey(_ flag: String) -> String {
        flag == "default-address-pool" ? "default-address-pools" : flag
    }

    private static func fileHas(_ key: String, _ data: Data) -> Bool {
        ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?[key] != nil
    }
}

/// The shared daemon lock a local dnet holds for as long as it runs, once it has an engine.
enum LocalDataRootLock {
    nonisolated(unsafe) static var held: DaemonLock?
}
