import CNetlink
import DnetIPAM
import Glibc

extension NetlinkBackend {
    /// The fused join: ONE request creates the veth with its peer already inside the
    /// namespace (no later move between namespaces, which costs the kernel ~20 ms),
    /// the host end enslaved to the bridge and up; then the host end's IPv6 and alias,
    /// and the peer's setup on the namespace's own socket. Undone whole on failure.
    func addContainerVeth(_ spec: ContainerVethSpec, action: String) throws {
        let peer = spec.interface
        try Self.validateInterfaceName(spec.hostName, action: action)
        try Self.validateInterfaceName(peer.name, action: action)
        try Self.validateAlias(peer.alias, action: action)
        let entry = try entry(for: peer.namespace, action: action)
        let nsfd = try openNamespace(peer.namespace, action: action)
        defer { close(nsfd) }

        let answer = try withHostIndex(of: spec.bridge, action: action) { bridge in
            let create = NetlinkMessage.link(Int32(RTM_NEWLINK), flags: NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, up: true)
            create.put(Int(IFLA_IFNAME), string: spec.hostName)
            if let mtu = peer.mtu { create.put(Int(IFLA_MTU), u32: UInt32(clamping: mtu)) }
            create.put(Int(IFLA_MASTER), u32: bridge)
            create.nest(Int(IFLA_LINKINFO)) {
                create.put(Int(IFLA_INFO_KIND), string: "veth")
                create.nest(Int(IFLA_INFO_DATA)) {
                    create.nest(Int(VETH_INFO_PEER)) {
                        // The peer cannot be created up: veth_open() refuses until the pair is linked.
                        create.append(ifinfomsg())
                        create.put(Int(IFLA_IFNAME), string: peer.name)
                        create.put(Int(IFLA_NET_NS_FD), u32: UInt32(nsfd))
                        if let mtu = peer.mtu { create.put(Int(IFLA_MTU), u32: UInt32(clamping: mtu)) }
                        if let mac = peer.macAddress { create.put(Int(IFLA_ADDRESS), bytes: mac.bytes) }
                    }
                }
            }
            return try host.send(create, action: action, creatingKind: "veth")
        }
        do {
            // Before the peer is up the host end has no carrier, so IPv6 never started on it.
            if peer.disableIPv6 && hostIPv6Conf >= 0 {
                try inHostNamespace {
                    try Sysctl.write(under: hostIPv6Conf, "\(spec.hostName)/disable_ipv6", "1", ifMissing: .skip,
                                     action: "turn IPv6 off on \(spec.hostName)")
                }
            }
            // The kernel ignores IFLA_IFALIAS when creating a link: the mark takes a request of its own.
            if let alias = peer.alias {
                let mark = NetlinkMessage.link(Int32(RTM_NEWLINK), flags: 0, index: answer.index)
                if answer.index == 0 { mark.put(Int(IFLA_IFNAME), string: spec.hostName) }
                mark.put(Int(IFLA_IFALIAS), string: alias)
                try host.send(mark, action: "set alias \(alias) on \(spec.hostName)")
            }
            // The echoed host end names its peer's ifindex (IFLA_LINK); else ask for it.
            let peerIndex = answer.link > 0
                ? UInt32(answer.link)
                : try index(of: peer.name, on: entry.socket, action: action)
            try configure(peer, index: peerIndex, entry: entry)
        } catch {
            let delete = NetlinkMessage.link(Int32(RTM_DELLINK), flags: 0)
            delete.put(Int(IFLA_IFNAME), string: spec.hostName)
            _ = try? host.send(delete, action: action)
            throw error
        }
    }

    /// A macvlan or ipvlan device on a host parent, created directly inside the namespace.
    func addContainerSublink(_ spec: ContainerSublinkSpec, action: String) throws {
        let peer = spec.interface
        try Self.validateInterfaceName(peer.name, action: action)
        try Self.validateAlias(peer.alias, action: action)
        let kind = spec.mode.kernelName
        let modeAttribute: (NetlinkMessage) -> Void
        switch spec.mode {
        case .macvlan(let name):
            let modes: [String: UInt32] = ["private": 1, "vepa": 2, "bridge": 4, "passthru": 8]
            guard let mode = modes[name] else {
                throw KernelError(action: action, cause: .invalid("unknown macvlan mode \"\(name)\" (bridge, private, vepa or passthru)"))
            }
            modeAttribute = { $0.put(Int(IFLA_MACVLAN_MODE), u32: mode) }
        case .ipvlan(let name):
            let modes: [String: UInt16] = ["l2": 0, "l3": 1, "l3s": 2]
            guard let mode = modes[name] else {
                throw KernelError(action: action, cause: .invalid("unknown ipvlan mode \"\(name)\" (l2, l3 or l3s)"))
            }
            modeAttribute = { $0.put(Int(IFLA_IPVLAN_MODE), u16: mode) }
        }
        let entry = try entry(for: peer.namespace, action: action)
        let nsfd = try openNamespace(peer.namespace, action: action)
        defer { close(nsfd) }

        try withHostIndex(of: spec.parent, action: action) { parent in
            // No echo: the notification of a device born in another namespace goes there.
            let create = NetlinkMessage.link(Int32(RTM_NEWLINK), flags: NLM_F_CREATE | NLM_F_EXCL)
            create.put(Int(IFLA_IFNAME), string: peer.name)
            create.put(Int(IFLA_LINK), u32: parent)
            create.put(Int(IFLA_NET_NS_FD), u32: UInt32(nsfd))
            if let mtu = peer.mtu { create.put(Int(IFLA_MTU), u32: UInt32(clamping: mtu)) }
            if case .macvlan = spec.mode, let mac = peer.macAddress { create.put(Int(IFLA_ADDRESS), bytes: mac.bytes) }
            create.nest(Int(IFLA_LINKINFO)) {
                create.put(Int(IFLA_INFO_KIND), string: kind)
                create.nest(Int(IFLA_INFO_DATA)) { modeAttribute(create) }
            }
            try host.send(create, action: action, creatingKind: kind)
        }
        var index: UInt32 = 0
        do {
            index = try self.index(of: peer.name, on: entry.socket, action: action)
            try configure(peer, index: index, entry: entry)
        } catch {
            let delete = NetlinkMessage.link(Int32(RTM_DELLINK), flags: 0, index: Int32(index))
            if index == 0 { delete.put(Int(IFLA_IFNAME), string: peer.name) }
            _ = try? entry.socket.send(delete, action: action)
            throw error
        }
    }

    /// The in-namespace half of a join: IPv6 setting, addresses, up with its alias, default routes.
    private func configure(_ peer: ContainerInterface, index: UInt32, entry: NamespaceEntry) throws {
        let ns = NetworkNamespace.named(peer.namespace)
        let namespaceDefault = state.withLock { _ in entry.ipv6DisabledByDefault }
        if peer.disableIPv6 != namespaceDefault {
            let key = "net/ipv6/conf/\(peer.name)/disable_ipv6", value = peer.disableIPv6 ? "1" : "0"
            let action = KernelStep.writeSysctl(key: key, value: value, namespace: ns).action
            try NamespaceThread.run(inNamespaceAt: directory.path(of: peer.namespace)) {
                try Sysctl.write(key, value, ifMissing: peer.disableIPv6 ? .skip : .fail, action: action)
            }
        }
        for address in peer.addresses {
            try entry.socket.send(Self.addressMessage(address, index: index, add: true),
                                  action: KernelStep.addAddress(address, link: peer.name, namespace: ns).action)
        }
        let up = NetlinkMessage.link(Int32(RTM_NEWLINK), flags: 0, index: Int32(index), up: true)
        if let alias = peer.alias { up.put(Int(IFLA_IFALIAS), string: alias) }
        try entry.socket.send(up, action: KernelStep.setLinkUp(name: peer.name, up: true, namespace: ns).action)
        for route in peer.defaultRoutes {
            try entry.socket.send(Self.routeMessage(route, index: index, add: true),
                                  action: KernelStep.addRoute(route, namespace: ns).action)
        }
    }

    /// An fd of the namespace, for IFLA_NET_NS_FD.
    private func openNamespace(_ name: String, action: String) throws -> Int32 {
        let fd = open(directory.path(of: name), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw KernelError(action: action, cause: .system(errno: errno)) }
        return fd
    }
}
