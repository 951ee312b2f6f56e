import DnetIPAM

/// A network as the engine keeps it: Docker's fields plus what dnet needs to rebuild the
/// kernel side (the bridge name and MTU) and to hand out addresses.
public struct NetworkRecord: StoredRecord, Equatable {
    public static let kind = "network"

    public var id: String
    public var name: String
    public var driver: String
    public var scope: String = "local"
    /// Creation time, nanoseconds since the epoch.
    public var created: Int64
    public var enableIPv6: Bool = false
    public var isInternal: Bool = false
    public var isAttachable: Bool = false
    public var ipamDriver: String = "default"
    /// nil prints as `null` (Docker's predefined networks), empty as `{}`.
    public var ipamOptions: [String: String]?
    public var addresses: NetworkAddresses
    public var options: [String: String] = [:]
    public var labels: [String: String] = [:]
    /// The kernel device: the bridge of a bridge network, nil for host/null/macvlan.
    public var bridgeName: String?
    public var mtu: Int = 1500
    /// `bridge`, `host` and `none`: made by the engine, never removed.
    public var isPredefined: Bool = false
    /// The default bridge was given by `-b` and is not dnet's to create or delete.
    public var isExternalBridge: Bool = false

    public var shortID: String { String(id.prefix(12)) }

    /// The bridge's MAC address, from the (random) id: 02 (locally administered, unicast),
    /// then five bytes of the id past the twelve hex digits that name the bridge. As random as
    /// Docker's, and the same whenever the bridge is made again (by an undo, or by the start's
    /// reconcile after a crash), so that containers' ARP caches hold.
    public var bridgeMACAddress: MACAddress {
        var bytes: [UInt8] = [0x02]
        var hex = id.dropFirst(12)
        while bytes.count < 6, hex.count >= 2, let byte = UInt8(hex.prefix(2), radix: 16) {
            bytes.append(byte)
            hex = hex.dropFirst(2)
        }
        return MACAddress(bytes: bytes) ?? .random()
    }

    /// The addresses the bridge carries: each subnet's gateway with the subnet's prefix length
    /// (IPv6 only on `--ipv6` networks).
    public var gatewayPrefixes: [CIDR] {
        addresses.subnets.compactMap { subnet in
            guard subnet.family == .ipv4 || enableIPv6 else { return nil }
            return try? CIDR(address: subnet.gateway, prefixLength: subnet.subnet.prefixLength)
        }
    }

    /// True for `bridge`, the engine's default bridge.
    public var isDefaultBridge: Bool { isPredefined && driver == "bridge" }

    /// `builtin` for the predefined networks, `custom` for the others (`network ls -f type=`).
    public var type: String { isPredefined ? "builtin" : "custom" }
}
