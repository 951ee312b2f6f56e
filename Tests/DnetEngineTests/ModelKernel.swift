import DnetIPAM
import DnetKernel
import Foundation

/// An in-memory kernel for tests without root: host links (bridges and the host's own
/// devices) with their addresses, and routes. It applies the steps the engine uses for
/// networks with the kernel's rules (EEXIST, ENODEV, EADDRNOTAVAIL) and records them.
final class ModelKernel: KernelBackend, @unchecked Sendable {
    private struct State {
        var links: [LinkInfo] = []
        var routes: [RouteInfo] = []
        var steps: [KernelStep] = []
        var nextIndex = 1
    }

    private let lock = NSLock()
    private var state = State()

    init() {
        addHostLink("lo", kind: nil, addresses: ["127.0.0.1/8"])
    }

    /// Adds a link that dnet did not make (a physical device, or someone's bridge).
    func addHostLink(_ name: String, kind: String?, alias: String? = nil, addresses: [String] = [], up: Bool = true) {
        locked { state in
            state.links.append(LinkInfo(index: state.nextIndex, name: name, kind: kind, alias: alias, master: nil,
                                        mtu: 1500, macAddress: nil, isUp: up,
                                        addresses: addresses.map { try! CIDR.parse($0) }))
            state.nextIndex += 1
        }
    }

    /// Adds a route of the main table (`10.0.0.0/8` on `eth0`).
    func addRoute(_ destination: String, device: String?) {
        locked { $0.routes.append(RouteInfo(destination: try! CIDR.parse(destination), gateway: nil, device: device)) }
    }

    /// Deletes a link behind the engine's back (not recorded as a step).
    func removeLink(_ name: String) {
        locked { $0.links.removeAll { $0.name == name } }
    }

    /// The steps applied so far, failed ones excluded.
    var steps: [KernelStep] { locked { $0.steps } }

    func clearSteps() { locked { $0.steps = [] } }

    func link(_ name: String) -> LinkInfo? { locked { $0.links.first { $0.name == name } } }

    var linkNames: [String] { locked { $0.links.map(\.name) } }

    /// The whole kernel state, to compare before and after a command.
    var dump: [LinkInfo] { locked { $0.links.map { var l = $0; l.index = 0; return l }.sorted { $0.name < $1.name } } }

    func apply(_ step: KernelStep) throws {
        try locked { state in
            func fail(_ code: Int32) -> KernelError { KernelError(action: step.action, cause: .system(errno: code)) }
            func position(_ name: String) throws -> Int {
                guard let i = state.links.firstIndex(where: { $0.name == name }) else { throw fail(ENODEV) }
                return i
            }
            switch step {
            case .createBridge(let spec):
                guard !state.links.contains(where: { $0.name == spec.name }) else { throw fail(EEXIST) }
                state.links.append(LinkInfo(index: state.nextIndex, name: spec.name, kind: "bridge", alias: spec.alias,
                                            master: nil, mtu: spec.mtu ?? 1500, macAddress: spec.macAddress,
                                            isUp: spec.up, addresses: []))
                state.nextIndex += 1
            case .deleteLink(let name, .host):
                state.links.remove(at: try position(name))
            case .setLinkUp(let name, let up, .host):
                state.links[try position(name)].isUp = up
            case .setMTU(let name, let mtu, .host):
                state.links[try position(name)].mtu = mtu
            case .addAddress(let address, let name, .host):
                let i = try position(name)
                guard !state.links[i].addresses.contains(address) else { throw fail(EEXIST) }
                state.links[i].addresses.append(address)
            case .deleteAddress(let address, let name, .host):
                let i = try position(name)
                guard let a = state.links[i].addresses.firstIndex(of: address) else { throw fail(EADDRNOTAVAIL) }
                state.links[i].addresses.remove(at: a)
            default:
                throw KernelError(action: step.action, cause: .invalid("the model kernel does not do this"))
            }
            state.steps.append(step)
        }
    }

    func links(in namespace: NetworkNamespace) throws -> [LinkInfo] {
        guard namespace == .host else { throw KernelError(action: "list links", cause: .system(errno: ENOENT)) }
        return locked { $0.links }
    }

    func routes(in namespace: NetworkNamespace) throws -> [RouteInfo] { locked { $0.routes } }
    func namespaces() throws -> [String] { [] }
    func readSysctl(_ key: String, in namespace: NetworkNamespace) throws -> String {
        throw KernelError(action: "read sysctl \(key)", cause: .invalid("the model kernel has no sysctls"))
    }
    func supportsLinkKind(_ kind: String) throws -> Bool { kind != "ipvlan" }
    func closeNamespaceSockets() {}

    private func locked<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
