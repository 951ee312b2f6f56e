import DnetIPAM

/// The equivalent shell commands (iproute2, and sysctl(8) for sysctls) of each step,
/// for `--dry-run`: what the netlink backend would do, in the order it would do it.
extension KernelStep {
    /// The commands of this step. `ipv6DisabledByDefault` tells, for namespaces whose
    /// `default` IPv6 setting is known, whether it is off; a container interface whose
    /// wish differs (or whose namespace is unknown) gets an explicit sysctl line.
    public func commands(ipv6DisabledByDefault: [String: Bool] = [:]) -> [String] {
        switch self {
        case .createBridge(let spec):
            var add = ["ip link add", spec.name]
            if let mac = spec.macAddress { add += ["address", mac.description] }
            add += ["type bridge forward_delay 0 stp_state 0"]
            return [add.joined(separator: " ")] + Self.linkSet(spec.name, mtu: spec.mtu, alias: spec.alias, up: spec.up)
        case .createHostLink(let spec):
            let add: String
            switch spec.kind {
            case .dummy: add = "ip link add \(spec.name) type dummy"
            case .vlan(let parent, let id): add = "ip link add link \(parent) name \(spec.name) type vlan id \(id)"
            }
            return [add] + Self.linkSet(spec.name, mtu: spec.mtu, alias: spec.alias, up: spec.up)
        case .deleteLink(let name, let ns):
            return ["\(Self.ip(ns)) link del \(name)"]
        case .setLinkUp(let name, let up, let ns):
            return ["\(Self.ip(ns)) link set \(name) \(up ? "up" : "down")"]
        case .setMTU(let name, let mtu, let ns):
            return ["\(Self.ip(ns)) link set \(name) mtu \(mtu)"]
        case .addAddress(let address, let link, let ns):
            return ["\(Self.ip(ns)) addr add \(Self.addressWords(address)) dev \(link)"]
        case .deleteAddress(let address, let link, let ns):
            return ["\(Self.ip(ns)) addr del \(address) dev \(link)"]
        case .createNamespace(let name, let disableIPv6):
            var lines = ["ip netns add \(name)"]
            if disableIPv6 { lines.append(Self.sysctl("net.ipv6.conf.default.disable_ipv6", "1", .named(name))) }
            lines.append("ip -n \(name) link set lo up")
            return lines
        case .deleteNamespace(let name):
            return ["ip netns del \(name)"]
        case .createUTSNamespace(let name, let hostname):
            // util-linux's unshare binds the new namespace onto an existing file.
            let file = UTSNamespaceDirectory.standard.path(of: name)
            return ["mkdir -p \(UTSNamespaceDirectory.standard.path)", "touch \(file)",
                    "unshare --uts=\(file) hostname \(hostname)"]
        case .deleteUTSNamespace(let name):
            let file = UTSNamespaceDirectory.standard.path(of: name)
            return ["umount \(file)", "rm \(file)"]
        case .addContainerVeth(let spec):
            let peer = spec.interface
            var add = ["ip link add", spec.hostName]
            if let mtu = peer.mtu { add += ["mtu", String(mtu)] }
            add += ["master", spec.bridge, "up type veth peer name", peer.name, "netns", peer.namespace]
            if let mtu = peer.mtu { add += ["mtu", String(mtu)] }
            if let mac = peer.macAddress { add += ["address", mac.description] }
            var lines = [add.joined(separator: " ")]
            if peer.disableIPv6 {
                lines.append(Self.sysctl("net.ipv6.conf.\(spec.hostName).disable_ipv6", "1", .host))
            }
            if let alias = peer.alias { lines.append("ip link set \(spec.hostName) alias \(alias)") }
            return lines + Self.setUp(peer, ipv6DisabledByDefault: ipv6DisabledByDefault)
        case .addContainerSublink(let spec):
            let peer = spec.interface
            var add = ["ip link add link", spec.parent, "name", peer.name, "netns", peer.namespace]
            if let mtu = peer.mtu { add += ["mtu", String(mtu)] }
            if case .macvlan = spec.mode, let mac = peer.macAddress { add += ["address", mac.description] }
            add += ["type", spec.mode.kernelName, "mode", spec.mode.modeName]
            return [add.joined(separator: " ")] + Self.setUp(peer, ipv6DisabledByDefault: ipv6DisabledByDefault)
        case .addRoute(let route, let ns):
            return ["\(Self.ip(ns)) route add \(route)"]
        case .deleteRoute(let route, let ns):
            return ["\(Self.ip(ns)) route del \(route)"]
        case .writeSysctl(let key, let value, let ns):
            return [Self.sysctl(key, value, ns)]
        case .firewall(let script):
            // One transaction, as the backend applies it.
            return ["nft -f - <<'EOF'"] + script.commands + ["EOF"]
        case .dockerUser(let rules):
            // What the backend does when the chain exists (`nft -a list chain ip filter DOCKER-USER` finds the handles).
            return rules.remove.sorted().map { "# delete the rules commented \"\($0)\" from DOCKER-USER" }
                + rules.accept.sorted { $0.key < $1.key }.flatMap { DockerUserRules.insertions($0.key, mark: $0.value).map { "nft " + $0 } }
        }
    }

    /// The in-namespace part of a container join, in the backend's order.
    static func setUp(_ peer: ContainerInterface, ipv6DisabledByDefault: [String: Bool]) -> [String] {
        let ns = NetworkNamespace.named(peer.namespace)
        var lines: [String] = []
        if ipv6DisabledByDefault[peer.namespace] != peer.disableIPv6 {
            lines.append(sysctl("net.ipv6.conf.\(peer.name).disable_ipv6", peer.disableIPv6 ? "1" : "0", ns))
        }
        for address in peer.addresses {
            lines.append("\(ip(ns)) addr add \(addressWords(address)) dev \(peer.name)")
        }
        lines += linkSet(peer.name, mtu: nil, alias: peer.alias, up: true, ns)
        for route in peer.defaultRoutes {
            lines.append("\(ip(ns)) route add \(route)")
        }
        return lines
    }

    static func ip(_ ns: NetworkNamespace) -> String {
        if case .named(let name) = ns { return "ip -n \(name)" }
        return "ip"
    }

    /// IPv4 addresses get their subnet's broadcast address, IPv6 addresses skip
    /// duplicate address detection: as the backend sets them.
    static func addressWords(_ address: CIDR) -> String {
        switch address.family {
        case .ipv4: return address.prefixLength < 31 ? "\(address) brd +" : address.description
        case .ipv6: return "\(address) nodad"
        }
    }

    static func linkSet(_ name: String, mtu: Int?, alias: String?, up: Bool, _ ns: NetworkNamespace = .host) -> [String] {
        var words: [String] = []
        if let mtu { words += ["mtu", String(mtu)] }
        if let alias { words += ["alias", alias] }
        if up { words.append("up") }
        return words.isEmpty ? [] : [(["\(ip(ns)) link set", name] + words).joined(separator: " ")]
    }

    static func sysctl(_ key: String, _ value: String, _ ns: NetworkNamespace) -> String {
        if case .named(let name) = ns { return "ip netns exec \(name) sysctl -qw \(key)=\(value)" }
        return "sysctl -qw \(key)=\(value)"
    }
}
