import Foundation
import DnetCommandKit
import DnetEngine

/// `run --rm`: the container goes once its main process ends. dnet has no daemon to see the
/// end, so `run` starts a remover beside the main process, through the same supervisor path
/// (`DetachedProcess`): dnet itself, on the same data root and settings, running
/// `wait ID; rm -f ID`. It outlives the dnet that ran the container, as the main process does.
public enum ContainerAutoRemove {
    /// The dnet program that removes `--rm` containers: this program when it is dnet. A
    /// process that hosts dnet's commands otherwise (a test) names one, or has no remover:
    /// its `--rm` containers then go on `stop` or `rm` only.
    nonisolated(unsafe) public static var program: String? = {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
              URL(fileURLWithPath: path).lastPathComponent == "dnet" else { return nil }
        return path
    }()

    /// Starts the remover of a container whose main process runs. A remover that cannot start
    /// is reported; the container stays until `stop` or `rm`.
    static func watch(_ container: ContainerRecord, engine: Engine, _ context: CommandContext) {
        guard let program, case .running = engine.mainProcessState(container) else { return }
        let config = engine.containerDirectory(container) + "/engine.json"
        do {
            try Data(configDocument(engine.settings).utf8).write(to: URL(fileURLWithPath: config), options: .atomic)
            let argv = [program, "--data-root", engine.dataRoot, "--config-file", config,
                        "-c", "wait \(container.id); rm -f \(container.id)"]
            _ = try DetachedProcess.start(argv, logPath: "/dev/null", statusPath: "/dev/null",
                                          namespaces: ProcessRunner.Namespaces())
        } catch {
            context.stderr.write("WARNING: cannot start the remover of --rm container \(container.name): \(error); it stays until stop or rm\n")
        }
    }

    /// Removes the container as `rm -f` does; one already gone is not an error.
    static func remove(_ reference: String, engine: Engine) throws {
        let details: ContainerDetails
        do { details = try engine.container(reference) } catch let error as EngineError where error.kind == .notFound {
            return
        }
        ContainerLifecycle.kill(details.container, engine: engine)
        do {
            try engine.removeContainer(details.container.id)
        } catch let error as EngineError where error.kind == .notFound {
            return
        }
    }

    /// The settings as a daemon.json that gives them back exactly: only what was set, so that
    /// the remover's engine starts as this one did (and changes nothing on its start).
    static func configDocument(_ settings: EngineSettings) -> String {
        var entries: [String: Any] = [
            "icc": settings.icc, "ip-forward": settings.ipForward, "ip-masq": settings.ipMasq,
            "iptables": settings.iptables, "mtu": settings.mtu,
        ]
        if let bridge = settings.bridge { entries["bridge"] = bridge }
        if let bip = settings.bip { entries["bip"] = bip }
        if let fixedCIDR = settings.fixedCIDR { entries["fixed-cidr"] = fixedCIDR }
        if !settings.dns.isEmpty { entries["dns"] = settings.dns }
        if !settings.dnsSearch.isEmpty { entries["dns-search"] = settings.dnsSearch }
        if !settings.defaultAddressPools.isEmpty {
            entries["default-address-pools"] = settings.defaultAddressPools.map {
                ["base": $0.base.description, "size": $0.size] as [String: Any]
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: entries, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
