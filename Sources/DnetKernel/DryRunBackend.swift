/// A backend that changes nothing: it records each step and renders it as the
/// equivalent iproute2 commands (`--dry-run`). Reads go to `reader` when one is
/// given (to plan against the real kernel), else they see an empty kernel.
public final class DryRunBackend: KernelBackend, @unchecked Sendable {
    private struct Record {
        var steps: [KernelStep] = []
        var commands: [String] = []
        /// The IPv6 default of namespaces created during this run.
        var ipv6DisabledByDefault: [String: Bool] = [:]
    }

    private let reader: KernelBackend?
    private let output: (@Sendable (String) -> Void)?
    private let record = Locked(Record())

    /// `output` receives each command line as its step is applied.
    public init(reading reader: KernelBackend? = nil, output: (@Sendable (String) -> Void)? = nil) {
        self.reader = reader
        self.output = output
    }

    /// The steps applied so far, in order.
    public var steps: [KernelStep] { record.withLock { $0.steps } }

    /// The command lines of the steps applied so far, in order.
    public var commands: [String] { record.withLock { $0.commands } }

    public func apply(_ step: KernelStep) throws {
        let lines = record.withLock { r -> [String] in
            let lines = step.commands(ipv6DisabledByDefault: r.ipv6DisabledByDefault)
            switch step {
            case .createNamespace(let name, let disableIPv6): r.ipv6DisabledByDefault[name] = disableIPv6
            case .deleteNamespace(let name): r.ipv6DisabledByDefault[name] = nil
            default: break
            }
            r.steps.append(step)
            r.commands += lines
            return lines
        }
        if let output { lines.forEach(output) }
    }

    public func links(in namespace: NetworkNamespace) throws -> [LinkInfo] {
        try reader?.links(in: namespace) ?? []
    }

    public func routes(in namespace: NetworkNamespace) throws -> [RouteInfo] {
        try reader?.routes(in: namespace) ?? []
    }

    public func namespaces() throws -> [String] {
        try reader?.namespaces() ?? []
    }

    public func readFirewall(_ commands: String) throws -> String {
        guard let reader else { throw KernelError(action: "read firewall rules", cause: .invalid("a dry run has no kernel to read from")) }
        return try reader.readFirewall(commands)
    }

    public func namespaceExists(_ name: String) throws -> Bool {
        try reader?.namespaceExists(name) ?? false
    }

    public func readSysctl(_ key: String, in namespace: NetworkNamespace) throws -> String {
        guard let reader else {
            throw KernelError(action: "read sysctl \(key)", cause: .invalid("a dry run has no kernel to read from"))
        }
        return try reader.readSysctl(key, in: namespace)
    }

    public func supportsLinkKind(_ kind: String) throws -> Bool {
        try reader?.supportsLinkKind(kind) ?? true
    }

    public func closeNamespaceSockets() {
        reader?.closeNamespaceSockets()
    }
}
