import DnetIPAM

/// One change to the kernel. Every change a backend makes is one step, and each step
/// is all-or-nothing: when it fails, the backend has undone its own partial work.
/// The engine plans steps, applies them in order, and on failure undoes those done.
public enum KernelStep: Hashable, Sendable {
    case createBridge(BridgeSpec)
    case createHostLink(HostLinkSpec)
    /// Deletes a link; for a veth, both ends go.
    case deleteLink(name: String, namespace: NetworkNamespace)
    case setLinkUp(name: String, up: Bool, namespace: NetworkNamespace)
    case setMTU(name: String, mtu: Int, namespace: NetworkNamespace)
    case addAddress(CIDR, link: String, namespace: NetworkNamespace)
    case deleteAddress(CIDR, link: String, namespace: NetworkNamespace)
    /// Creates a named namespace with loopback up; `disableIPv6` turns IPv6 off for
    /// every interface later created in it (its `default` sysctl).
    case createNamespace(name: String, disableIPv6: Bool)
    /// Unmounts and removes the name; the kernel frees the namespace, and the devices
    /// still in it, asynchronously once nothing holds it.
    case deleteNamespace(name: String)
    /// Creates a named UTS namespace (`UTSNamespaceDirectory.standard`) with a host name.
    case createUTSNamespace(name: String, hostname: String)
    /// Unmounts and removes a named UTS namespace; nothing to do when it is not there.
    case deleteUTSNamespace(name: String)
    /// The fused container join: veth with its peer created inside the namespace,
    /// host end on the bridge and up, then the peer's addresses, up, default routes.
    case addContainerVeth(ContainerVethSpec)
    /// A macvlan or ipvlan interface created inside the namespace, then set up like a veth peer.
    case addContainerSublink(ContainerSublinkSpec)
    case addRoute(RouteSpec, namespace: NetworkNamespace)
    case deleteRoute(RouteSpec, namespace: NetworkNamespace)
    /// Writes a sysctl (`net.ipv4.ip_forward`, or a path `net/ipv6/conf/eth0.5/disable_ipv6`).
    case writeSysctl(key: String, value: String, namespace: NetworkNamespace)
    /// Changes dnet's nftables tables in one transaction (host namespace).
    case firewall(FirewallScript)
    /// Adds or removes dnet's accept rules in Docker's `DOCKER-USER` chain, if it exists.
    case dockerUser(DockerUserRules)

    /// The step that exactly reverses this one, where there is one (creations and additions).
    public var undo: KernelStep? {
        switch self {
        case .createBridge(let spec): return .deleteLink(name: spec.name, namespace: .host)
        case .createHostLink(let spec): return .deleteLink(name: spec.name, namespace: .host)
        case .addAddress(let address, let link, let ns): return .deleteAddress(address, link: link, namespace: ns)
        case .createNamespace(let name, _): return .deleteNamespace(name: name)
        case .createUTSNamespace(let name, _): return .deleteUTSNamespace(name: name)
        case .addContainerVeth(let spec): return .deleteLink(name: spec.hostName, namespace: .host)
        case .addContainerSublink(let spec):
            return .deleteLink(name: spec.interface.name, namespace: .named(spec.interface.namespace))
        case .addRoute(let route, let ns): return .deleteRoute(route, namespace: ns)
        case .dockerUser(let rules):
            guard !rules.removeOthers else { return nil }
            return .dockerUser(DockerUserRules(accept: [:], remove: Set(rules.accept.values)))
        case .firewall(let script):
            guard !script.undoCommands.isEmpty else { return nil }
            return .firewall(FirewallScript(commands: script.undoCommands, undoCommands: script.commands,
                                            summary: "undo: " + script.summary))
        case .deleteLink, .setLinkUp, .setMTU, .deleteAddress, .deleteNamespace, .deleteRoute, .writeSysctl,
             .deleteUTSNamespace:
            return nil
        }
    }

    /// What the step does, as the object of "cannot …": `create bridge br-x`.
    public var action: String {
        switch self {
        case .createBridge(let spec): return "create bridge \(spec.name)"
        case .createHostLink(let spec): return "create \(spec.kind.kernelName) link \(spec.name)"
        case .deleteLink(let name, let ns): return "delete link \(name)" + Self.suffix(ns)
        case .setLinkUp(let name, let up, let ns): return "set link \(name) \(up ? "up" : "down")" + Self.suffix(ns)
        case .setMTU(let name, let mtu, let ns): return "set MTU \(mtu) on \(name)" + Self.suffix(ns)
        case .addAddress(let a, let link, let ns): return "add address \(a) to \(link)" + Self.suffix(ns)
        case .deleteAddress(let a, let link, let ns): return "delete address \(a) from \(link)" + Self.suffix(ns)
        case .createNamespace(let name, _): return "create namespace \(name)"
        case .deleteNamespace(let name): return "delete namespace \(name)"
        case .createUTSNamespace(let name, let hostname): return "create UTS namespace \(name) with host name \(hostname)"
        case .deleteUTSNamespace(let name): return "delete UTS namespace \(name)"
        case .addContainerVeth(let spec):
            return "create veth \(spec.hostName) with peer \(spec.interface.name) in namespace \(spec.interface.namespace)"
        case .addContainerSublink(let spec):
            return "create \(spec.mode.kernelName) \(spec.interface.name) in namespace \(spec.interface.namespace) on \(spec.parent)"
        case .addRoute(let route, let ns): return "add route \(route)" + Self.suffix(ns)
        case .deleteRoute(let route, let ns): return "delete route \(route)" + Self.suffix(ns)
        case .writeSysctl(let key, let value, let ns): return "set sysctl \(key)=\(value)" + Self.suffix(ns)
        case .firewall(let script): return "change firewall rules (\(script.summary))"
        case .dockerUser: return "change dnet's rules in Docker's DOCKER-USER chain"
        }
    }

    static func suffix(_ ns: NetworkNamespace) -> String {
        if case .named(let name) = ns { return " in namespace \(name)" }
        return ""
    }
}
