import CNetlink
import DnetIPAM
import Glibc

extension NetlinkBackend {
    func changeAddress(_ address: CIDR, link: String, in namespace: NetworkNamespace, add: Bool, action: String) throws {
        let socket = try socket(for: namespace, action: action)
        let index = try index(of: link, on: socket, action: action)
        try socket.send(Self.addressMessage(address, index: index, add: add), action: action)
    }

    func changeRoute(_ route: RouteSpec, in namespace: NetworkNamespace, add: Bool, action: String) throws {
        guard route.gateway != nil || route.device != nil else {
            throw KernelError(action: action, cause: .invalid("a route needs a gateway or a device"))
        }
        if let gateway = route.gateway, gateway.family != route.destination.family {
            throw KernelError(action: action, cause: .invalid("gateway \(gateway) is not of the destination's family"))
        }
        let socket = try socket(for: namespace, action: action)
        let index = try route.device.map { try self.index(of: $0, on: socket, action: action) }
        try socket.send(Self.routeMessage(route, index: index, add: add), action: action)
    }

    /// RTM_NEWADDR/RTM_DELADDR. IPv4 gets its broadcast address; IPv6 skips duplicate
    /// address detection, so the address is usable at once.
    static func addressMessage(_ address: CIDR, index: UInt32, add: Bool) -> NetlinkMessage {
        let message = NetlinkMessage(type: Int32(add ? RTM_NEWADDR : RTM_DELADDR),
                                     flags: add ? NLM_F_CREATE | NLM_F_EXCL : 0)
        var header = ifaddrmsg()
        header.ifa_family = UInt8(address.family == .ipv4 ? AF_INET : AF_INET6)
        header.ifa_prefixlen = UInt8(address.prefixLength)
        header.ifa_index = index
        if add && address.family == .ipv6 { header.ifa_flags = UInt8(IFA_F_NODAD) }
        message.append(header)
        message.put(Int(IFA_LOCAL), bytes: address.address.bytes)
        message.put(Int(IFA_ADDRESS), bytes: address.address.bytes)
        if add && address.family == .ipv4 && address.prefixLength < 31 {
            message.put(Int(IFA_BROADCAST), bytes: address.lastAddress.bytes)
        }
        return message
    }

    /// RTM_NEWROUTE/RTM_DELROUTE in the main table, as `ip route add|del` sends them.
    static func routeMessage(_ route: RouteSpec, index: UInt32?, add: Bool) -> NetlinkMessage {
        let message = NetlinkMessage(type: Int32(add ? RTM_NEWROUTE : RTM_DELROUTE),
                                     flags: add ? NLM_F_CREATE | NLM_F_EXCL : 0)
        var header = rtmsg()
        header.rtm_family = UInt8(route.destination.family == .ipv4 ? AF_INET : AF_INET6)
        header.rtm_dst_len = UInt8(route.destination.prefixLength)
        header.rtm_table = UInt8(RT_TABLE_MAIN.rawValue)
        if add {
            header.rtm_protocol = UInt8(RTPROT_BOOT)
            header.rtm_scope = UInt8(route.gateway == nil ? RT_SCOPE_LINK.rawValue : RT_SCOPE_UNIVERSE.rawValue)
            header.rtm_type = UInt8(RTN_UNICAST)
        } else {
            header.rtm_scope = UInt8(RT_SCOPE_NOWHERE.rawValue)
        }
        message.append(header)
        if route.destination.prefixLength > 0 {
            message.put(Int(RTA_DST.rawValue), bytes: route.destination.firstAddress.bytes)
        }
        if let gateway = route.gateway { message.put(Int(RTA_GATEWAY.rawValue), bytes: gateway.bytes) }
        if let index { message.put(Int(RTA_OIF.rawValue), u32: index) }
        return message
    }
}
