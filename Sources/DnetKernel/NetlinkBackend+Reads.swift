import CNetlink
import CSystem
import DnetIPAM
import Glibc

extension NetlinkBackend {
    public func links(in namespace: NetworkNamespace) throws -> [LinkInfo] {
        let action = "list links" + KernelStep.suffix(namespace)
        let socket = try socket(for: namespace, action: action)
        return try socket.withHandle { handle in
            let addresses = try Self.dumpAddresses(handle, action: action)
            return try Self.dumpLinks(handle, action: action).map { link in
                var link = link
                link.addresses = addresses[link.index] ?? []
                return link
            }
        }
    }

    public func routes(in namespace: NetworkNamespace) throws -> [RouteInfo] {
        let action = "list routes" + KernelStep.suffix(namespace)
        let socket = try socket(for: namespace, action: action)
        return try socket.withHandle { handle in
            let names = Dictionary(try Self.dumpLinks(handle, action: action).map { ($0.index, $0.name) },
                                   uniquingKeysWith: { first, _ in first })
            var cache: OpaquePointer?
            let rc = rtnl_route_alloc_cache(handle, AF_UNSPEC, 0, &cache)
            guard rc >= 0, let cache else {
                throw KernelError(action: action, cause: .netlink(NetlinkSocket.text(ofLibnlError: rc)))
            }
            defer { nl_cache_free(cache) }
            var routes: [RouteInfo] = []
            var object = nl_cache_get_first(cache)
            while let route = object {
                defer { object = nl_cache_get_next(route) }
                guard rtnl_route_get_table(route) == UInt32(RT_TABLE_MAIN.rawValue) else { continue }
                let family: IPAddress.Family
                switch Int32(rtnl_route_get_family(route)) {
                case AF_INET: family = .ipv4
                case AF_INET6: family = .ipv6
                default: continue
                }
                let dst = rtnl_route_get_dst(route)
                let length = dst.map { Int(nl_addr_get_prefixlen($0)) } ?? 0
                let destination = dst.flatMap(Self.address) ?? IPAddress(family: family, value: 0)
                guard let prefix = try? CIDR(address: destination, prefixLength: length) else { continue }
                var gateway: IPAddress?
                var device: String?
                if rtnl_route_get_nnexthops(route) > 0, let hop = rtnl_route_nexthop_n(route, 0) {
                    gateway = rtnl_route_nh_get_gateway(hop).flatMap(Self.address)
                    device = names[Int(rtnl_route_nh_get_ifindex(hop))]
                }
                routes.append(RouteInfo(destination: prefix,
                                        gateway: gateway, device: device))
            }
            return routes
        }
    }

    public func supportsLinkKind(_ kind: String) throws -> Bool {
        if let known = state.withLock({ $0.kindSupport[kind] }) { return known }
        // Ask for one in a throwaway namespace, which vanishes with its thread and socket.
        let action = "find out whether the kernel supports \(kind) links"
        let supported = try NamespaceThread.run { () throws -> Bool in
            guard dnet_unshare(dnet_clone_newnet()) == 0 else {
                throw KernelError(action: action, cause: .system(errno: errno))
            }
            let socket = try NetlinkSocket(action: action)
            let probe = NetlinkMessage.link(Int32(RTM_NEWLINK), flags: NLM_F_CREATE | NLM_F_EXCL)
            probe.put(Int(IFLA_IFNAME), string: "dnetprobe0")
            probe.nest(Int(IFLA_LINKINFO)) { probe.put(Int(IFLA_INFO_KIND), string: kind) }
            do {
                try socket.send(probe, action: action, creatingKind: kind)
                return true
            } catch let error as KernelError where error.isUnsupported {
                return false
            } catch let error as KernelError where error.errno != nil {
                return true    // the kind exists; the probe merely lacked what it needs (a parent, …)
            }
        }
        state.withLock { $0.kindSupport[kind] = supported }
        return supported
    }

    // MARK: - Dumps through libnl caches (reads only, never during a step)

    static func dumpLinks(_ handle: OpaquePointer, action: String) throws -> [LinkInfo] {
        var cache: OpaquePointer?
        let rc = rtnl_link_alloc_cache(handle, AF_UNSPEC, &cache)
        guard rc >= 0, let cache else {
            throw KernelError(action: action, cause: .netlink(NetlinkSocket.text(ofLibnlError: rc)))
        }
        defer { nl_cache_free(cache) }
        var links: [(info: LinkInfo, master: Int)] = []
        var object = nl_cache_get_first(cache)
        while let link = object {
            defer { object = nl_cache_get_next(link) }
            let mac = rtnl_link_get_addr(link).flatMap { addr -> MACAddress? in
                guard nl_addr_get_len(addr) == 6, let data = nl_addr_get_binary_addr(addr) else { return nil }
                return MACAddress(bytes: Array(UnsafeRawBufferPointer(start: data, count: 6)))
            }
            let info = LinkInfo(index: Int(rtnl_link_get_ifindex(link)),
                                name: rtnl_link_get_name(link).map { String(cString: $0) } ?? "",
                                kind: rtnl_link_get_type(link).map { String(cString: $0) },
                                alias: rtnl_link_get_ifalias(link).map { String(cString: $0) },
                                master: nil,
                                mtu: Int(rtnl_link_get_mtu(link)),
                                macAddress: mac,
                                isUp: rtnl_link_get_flags(link) & interfaceUpFlag != 0,
                                addresses: [])
            links.append((info, Int(rtnl_link_get_master(link))))
        }
        // Masters come as ifindexes; name them now that every link is known.
        let names = Dictionary(links.map { ($0.info.index, $0.info.name) }, uniquingKeysWith: { first, _ in first })
        return links.map { link in
            var info = link.info
            info.master = names[link.master]
            return info
        }
    }

    /// Addresses by ifindex, in the kernel's order.
    static func dumpAddresses(_ handle: OpaquePointer, action: String) throws -> [Int: [CIDR]] {
        var cache: OpaquePointer?
        let rc = rtnl_addr_alloc_cache(handle, &cache)
        guard rc >= 0, let cache else {
            throw KernelError(action: action, cause: .netlink(NetlinkSocket.text(ofLibnlError: rc)))
        }
        defer { nl_cache_free(cache) }
        var result: [Int: [CIDR]] = [:]
        var object = nl_cache_get_first(cache)
        while let addr = object {
            defer { object = nl_cache_get_next(addr) }
            guard let local = rtnl_addr_get_local(addr), let address = Self.address(local) else { continue }
            guard let prefix = try? CIDR(address: address, prefixLength: Int(rtnl_addr_get_prefixlen(addr))) else { continue }
            result[Int(rtnl_addr_get_ifindex(addr)), default: []].append(prefix)
        }
        return result
    }

    /// An IPv4 or IPv6 address held by libnl, nil for other families or an empty address.
    static func address(_ addr: OpaquePointer) -> IPAddress? {
        let length = Int(nl_addr_get_len(addr))
        guard length == 4 || length == 16, let data = nl_addr_get_binary_addr(addr) else { return nil }
        return IPAddress(bytes: Array(UnsafeRawBufferPointer(start: data, count: length)))
    }
}
