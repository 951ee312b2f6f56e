import CNetlink
import Glibc

/// IFF_UP of linux/if.h (the header clashes with glibc's net/if.h, so it is not imported).
let interfaceUpFlag: UInt32 = 1

extension NetlinkBackend {
    func createBridge(_ spec: BridgeSpec, action: String) throws {
        try Self.validateInterfaceName(spec.name, action: action)
        try Self.validateAlias(spec.alias, action: action)
        let create = NetlinkMessage.link(Int32(RTM_NEWLINK), flags: NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO)
        create.put(Int(IFLA_IFNAME), string: spec.name)
        create.put(Int(IFLA_ADDRESS), bytes: (spec.macAddress ?? .random()).bytes)
        create.nest(Int(IFLA_LINKINFO)) {
            create.put(Int(IFLA_INFO_KIND), string: "bridge")
            create.nest(Int(IFLA_INFO_DATA)) {
                create.put(Int(IFLA_BR_FORWARD_DELAY), u32: 0)
                create.put(Int(IFLA_BR_STP_STATE), u32: 0)
            }
        }
        let answer = try host.send(create, action: action, creatingKind: "bridge")
        try finishHostLink(spec.name, index: answer.index, mtu: spec.mtu, alias: spec.alias, up: spec.up, action: action)
        if answer.index > 0 { state.withLock { $0.hostIndex[spec.name] = UInt32(answer.index) } }
    }

    func createHostLink(_ spec: HostLinkSpec, action: String) throws {
        try Self.validateInterfaceName(spec.name, action: action)
        try Self.validateAlias(spec.alias, action: action)
        let create = NetlinkMessage.link(Int32(RTM_NEWLINK), flags: NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO)
        create.put(Int(IFLA_IFNAME), string: spec.name)
        switch spec.kind {
        case .dummy:
            create.nest(Int(IFLA_LINKINFO)) { create.put(Int(IFLA_INFO_KIND), string: "dummy") }
        case .vlan(let parent, let id):
            guard (1...4094).contains(id) else {
                throw KernelError(action: action, cause: .invalid("a VLAN id lies between 1 and 4094, not \(id)"))
            }
            create.put(Int(IFLA_LINK), u32: try index(of: parent, on: host, action: action))
            create.nest(Int(IFLA_LINKINFO)) {
                create.put(Int(IFLA_INFO_KIND), string: "vlan")
                create.nest(Int(IFLA_INFO_DATA)) { create.put(Int(IFLA_VLAN_ID), u16: UInt16(id)) }
            }
        }
        let answer = try host.send(create, action: action, creatingKind: spec.kind.kernelName)
        try finishHostLink(spec.name, index: answer.index, mtu: spec.mtu, alias: spec.alias, up: spec.up, action: action)
    }

    /// Sets MTU, alias and up in one request after creation (an MTU set this way is
    /// the user's: a bridge keeps it when ports join); deletes the link if that fails.
    private func finishHostLink(_ name: String, index: Int32, mtu: Int?, alias: String?, up: Bool, action: String) throws {
        guard mtu != nil || alias != nil || up else { return }
        let change = NetlinkMessage.link(Int32(RTM_NEWLINK), flags: 0, index: index, up: up ? true : nil)
        if index == 0 { change.put(Int(IFLA_IFNAME), string: name) }
        if let mtu { change.put(Int(IFLA_MTU), u32: UInt32(clamping: mtu)) }
        if let alias { change.put(Int(IFLA_IFALIAS), string: alias) }
        do {
            try host.send(change, action: action)
        } catch {
            try? deleteLink(name, in: .host, action: action)
            throw error
        }
    }

    func deleteLink(_ name: String, in namespace: NetworkNamespace, action: String) throws {
        try Self.validateInterfaceName(name, action: action)
        let socket = try socket(for: namespace, action: action)
        let delete = NetlinkMessage.link(Int32(RTM_DELLINK), flags: 0)
        delete.put(Int(IFLA_IFNAME), string: name)
        if namespace == .host { state.withLock { _ = $0.hostIndex.removeValue(forKey: name) } }
        try socket.send(delete, action: action)
    }

    /// Changes an existing link named `name`: up/down, or its MTU.
    func changeLink(_ name: String, in namespace: NetworkNamespace, up: Bool? = nil, mtu: Int? = nil, action: String) throws {
        try Self.validateInterfaceName(name, action: action)
        let socket = try socket(for: namespace, action: action)
        let change = NetlinkMessage.link(Int32(RTM_NEWLINK), flags: 0, up: up)
        change.put(Int(IFLA_IFNAME), string: name)
        if let mtu { change.put(Int(IFLA_MTU), u32: UInt32(clamping: mtu)) }
        try socket.send(change, action: action)
    }

    /// The ifindex of link `name` on `socket`'s namespace (one RTM_GETLINK, no dump).
    func index(of name: String, on socket: NetlinkSocket, action: @autoclosure () -> String) throws -> UInt32 {
        try Self.validateInterfaceName(name, action: action())
        let get = NetlinkMessage.link(Int32(RTM_GETLINK), flags: 0)
        get.put(Int(IFLA_IFNAME), string: name)
        get.put(Int(IFLA_EXT_MASK), u32: UInt32(RTEXT_FILTER_SKIP_STATS))
        do {
            let answer = try socket.send(get, action: action())
            guard answer.index > 0 else { throw KernelError(action: action(), cause: .system(errno: ENODEV)) }
            return UInt32(answer.index)
        } catch let error as KernelError where error.errno == ENODEV {
            throw KernelError(action: error.action, cause: error.cause, kernelMessage: "no link named \(name)")
        }
    }

    /// Runs `body` with the ifindex of host link `name`, remembered between calls. A
    /// remembered index that the kernel refuses is looked up again, once.
    func withHostIndex<T>(of name: String, action: String, _ body: (UInt32) throws -> T) throws -> T {
        if let remembered = state.withLock({ $0.hostIndex[name] }) {
            do {
                return try body(remembered)
            } catch let error as KernelError where error.errno == EINVAL || error.errno == ENODEV {
                let fresh = try index(of: name, on: host, action: action)
                guard fresh != remembered else { throw error }
                state.withLock { $0.hostIndex[name] = fresh }
                return try body(fresh)
            }
        }
        let fresh = try index(of: name, on: host, action: action)
        state.withLock { $0.hostIndex[name] = fresh }
        return try body(fresh)
    }
}
