@testable import DnetEngine
import DnetIPAM
import DnetKernel
import Foundation

/// Engines for unit tests: a temporary data root, a model kernel, and helpers to look at
/// the store and the kernel.
enum EngineFixture {
    static func engine(_ root: TemporaryDataRoot, _ kernel: KernelBackend,
                       settings: EngineSettings = .modelKernel, persist: Bool = true) -> Engine {
        Engine(settings: settings, dataRoot: root.path, backend: kernel, persist: persist)
    }

    /// A started engine on a fresh data root and model kernel.
    static func started(settings: EngineSettings = .modelKernel) throws -> (TemporaryDataRoot, ModelKernel, Engine) {
        let root = TemporaryDataRoot(), kernel = ModelKernel()
        let engine = engine(root, kernel, settings: settings)
        try engine.ensureStarted()
        return (root, kernel, engine)
    }

    static func request(_ name: String, subnet: String? = nil, options: [String: String] = [:]) -> NetworkCreateRequest {
        var request = NetworkCreateRequest(name: name)
        if let subnet { request.subnets = [subnet] }
        request.options = options
        return request
    }

    /// Attaches a (pretend) container to a network, as the container commands will.
    static func addEndpoint(_ engine: Engine, network: NetworkRecord) throws {
        try engine.store.write { transaction in
            try transaction.put(EndpointRecord(id: Identifiers.randomID(), networkID: network.id,
                                               containerID: Identifiers.randomID()))
        }
    }
}

/// Everything the store holds, read through a connection of its own.
struct StoreContent: Equatable {
    var records: [String: [String: Data]]
    var meta: [String: String]

    init(_ root: TemporaryDataRoot) throws {
        let snapshot = try Store(dataRoot: root.path).read()
        records = snapshot.records
        meta = snapshot.meta
    }

    /// The settings the engine stored.
    var settings: EngineSettings? {
        meta["settings"].flatMap { try? JSONDecoder().decode(EngineSettings.self, from: Data($0.utf8)) }
    }
}

extension NetworkRecord {
    /// The first IPv4 subnet and its gateway, as `network inspect` shows them: `10.1.0.0/24 10.1.0.1`.
    var ipv4: String? {
        addresses.firstSubnet(.ipv4).map { "\($0.subnet) \($0.gateway)" }
    }

    /// The first IPv4 subnet.
    var ipv4Subnet: String? { addresses.firstSubnet(.ipv4)?.subnet.description }

    /// The kernel steps that make this network's bridge.
    var creationSteps: [KernelStep] {
        [.createBridge(BridgeSpec(name: bridgeName!, mtu: mtu, macAddress: bridgeMACAddress, alias: "dnet:" + id, up: true))]
            + gatewayPrefixes.map { .addAddress($0, link: bridgeName!, namespace: .host) }
    }
}

extension Engine {
    func named(_ name: String) throws -> NetworkRecord? { try networks().first { $0.name == name } }
}

func cidr(_ text: String) -> CIDR { try! CIDR.parse(text) }

extension EngineSettings {
    /// Settings for engines over the model kernel, which has no packet filter and no
    /// sysctls: no firewall rules, forwarding left alone. (The firewall is tested in the
    /// real kernel: Tests/DnetContainerTests/FirewallKernelTests.swift.)
    static var modelKernel: EngineSettings {
        var settings = EngineSettings()
        settings.iptables = false
        settings.ipForward = false
        return settings
    }
}
