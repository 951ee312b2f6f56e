import DnetKernel

extension Engine {
    /// `run --sysctl KEY=VALUE` values as a map. Only the network namespace's settings
    /// (`net.*`) are dnet's to set; a container sharing another's namespace has none of its own.
    /// The docker CLI's own check (which keys it allows at all) is the command's.
    static func parseSysctls(_ values: [String], sharing: Bool) throws -> [String: String] {
        var sysctls: [String: String] = [:]
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw EngineError.invalid("sysctl '\(value)' is not allowed") }
            let key = parts[0]
            guard key.hasPrefix("net.") else {
                throw EngineError.invalid("sysctl '\(value)' is not supported: dnet sets only the network namespace's sysctls (net.*)")
            }
            if sharing {
                throw EngineError.invalid("sysctl \"\(key)\" not allowed: the container shares the network namespace of another (--net container:…); set it on that container")
            }
            sysctls[key] = parts[1]
        }
        return sysctls
    }

    /// Records `--sysctl` and `--rm` on a new container; `net.*` settings in the host's
    /// namespace are refused with runc's text.
    static func applyRunOptions(_ sysctls: [String: String], autoRemove: Bool, to container: inout ContainerRecord,
                                isHost: Bool) throws {
        if isHost, let key = sysctls.keys.sorted().first {
            throw EngineError.invalid("sysctl \"\(key)\" not allowed in host network namespace")
        }
        container.sysctls = sysctls.isEmpty ? nil : sysctls
        container.autoRemove = autoRemove ? true : nil
    }

    /// Writes the container's `--sysctl` settings inside its namespace, once its interfaces
    /// exist (so `net.ipv4.conf.eth0.*` is there). Undone with the namespace itself.
    func writeSysctls(_ container: ContainerRecord, plan: KernelPlan) throws {
        guard container.ownsNamespace, let sysctls = container.sysctls else { return }
        for key in sysctls.keys.sorted() {
            try plan.apply(.writeSysctl(key: key, value: sysctls[key]!, namespace: .named(container.namespace)), undo: nil)
        }
    }

    /// `--rm` on a container sharing another's namespace, recorded once it is made.
    func markAutoRemove(_ details: ContainerDetails, _ autoRemove: Bool) throws -> ContainerDetails {
        guard autoRemove else { return details }
        return try transact { transaction, _ in
            guard var container = try transaction.get(ContainerRecord.self, details.container.id) else {
                throw EngineError.notFound("No such container: \(details.container.id)")
            }
            container.autoRemove = true
            try transaction.put(container)
            return ContainerDetails(container: container, attachments: details.attachments)
        }
    }
}
