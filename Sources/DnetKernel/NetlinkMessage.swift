import CNetlink
import Glibc

/// An rtnetlink request being built: a fixed header, then attributes, some nested.
/// Requests are small and bounded (names, addresses, a few numbers), so running out
/// of room in the one-page buffer is a programming error.
final class NetlinkMessage {
    let raw: OpaquePointer

    init(type: Int32, flags: Int32) {
        guard let raw = nlmsg_alloc_simple(type, flags) else { fatalError("netlink: out of memory") }
        self.raw = raw
    }

    deinit { nlmsg_free(raw) }

    /// Appends a fixed header (`ifinfomsg`, `ifaddrmsg`, `rtmsg`) at the current position.
    func append<Header>(_ header: Header) {
        var header = header
        let rc = withUnsafeMutableBytes(of: &header) {
            nlmsg_append(raw, $0.baseAddress, $0.count, Int32(NLMSG_ALIGNTO))
        }
        precondition(rc >= 0, "netlink request too large")
    }

    func put(_ type: Int, string: String) {
        check(nla_put_string(raw, Int32(type), string))
    }

    func put(_ type: Int, u32: UInt32) {
        check(nla_put_u32(raw, Int32(type), u32))
    }

    func put(_ type: Int, u16: UInt16) {
        check(nla_put_u16(raw, Int32(type), u16))
    }

    func put(_ type: Int, bytes: [UInt8]) {
        check(bytes.withUnsafeBytes { nla_put(raw, Int32(type), Int32($0.count), $0.baseAddress) })
    }

    /// Wraps the attributes added by `body` in a nested attribute.
    func nest(_ type: Int, _ body: () -> Void) {
        guard let start = nla_nest_start(raw, Int32(type)) else { preconditionFailure("netlink request too large") }
        body()
        check(nla_nest_end(raw, start))
    }

    private func check(_ rc: Int32) {
        precondition(rc >= 0, "netlink request too large")
    }
}

extension NetlinkMessage {
    /// An RTM_NEWLINK/RTM_DELLINK/RTM_GETLINK request on the link with `index`
    /// (0: the link is named by IFLA_IFNAME). `up` nil leaves the flags alone.
    static func link(_ type: Int32, flags: Int32, index: Int32 = 0, up: Bool? = nil) -> NetlinkMessage {
        let message = NetlinkMessage(type: type, flags: flags)
        var header = ifinfomsg()
        header.ifi_family = UInt8(AF_UNSPEC)
        header.ifi_index = index
        if let up {
            header.ifi_flags = up ? interfaceUpFlag : 0
            header.ifi_change = interfaceUpFlag
        }
        message.append(header)
        return message
    }
}
