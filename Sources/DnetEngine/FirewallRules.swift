import DnetIPAM

/// dnet's packet filter, in two nftables tables of its own: `inet dnet` (forwarding between
/// networks, masquerade, published ports) and `bridge dnet` (traffic between the ports of
/// one bridge, for `--icc=false`). Their rules never change after the tables are made: every
/// network, container and published port is an element of a set or map that the rules look
/// up, so a change adds and deletes its own elements only (O(changes), never a rewrite).
public enum FirewallRules {
    /// One element of a set, or one key (and its value) of a map.
    public struct Element: Hashable, Comparable, Sendable {
        /// The table and set: `inet dnet bridges`.
        public var set: String
        public var key: String
        public var value: String?

        public static func < (a: Element, b: Element) -> Bool { (a.set, a.key) < (b.set, b.key) }
    }

    static let inetTable = "inet dnet"
    static let bridgeTable = "bridge dnet"

    /// The tables, made anew (what was there, dnet's alone, goes first).
    static let definition: [String] = [
        "add table \(inetTable)", "delete table \(inetTable)",
        "add table \(bridgeTable)", "delete table \(bridgeTable)",
        """
        table \(inetTable) {
          set bridges { type ifname; }
          set same { type ifname . ifname; }
          set internal { type ifname; }
          set masq { type ipv4_addr; flags interval; }
          set own { type ipv4_addr . ifname; flags interval; }
          map ports { type inet_proto . inet_service : ipv4_addr . inet_service; }
          map ports_ip { type ipv4_addr . inet_proto . inet_service : ipv4_addr . inet_service; }
          chain forward {
            type filter hook forward priority filter; policy accept;
            iifname . oifname @same accept
            iifname @internal drop
            oifname @internal drop
            iifname @bridges oifname @bridges drop
          }
          chain prerouting {
            type nat hook prerouting priority dstnat; policy accept;
            fib daddr type local jump publish
          }
          chain output {
            type nat hook output priority -100; policy accept;
            fib daddr type local jump publish
          }
          chain publish {
            meta nfproto ipv4 dnat ip addr . port to ip daddr . meta l4proto . th dport map @ports_ip
            meta nfproto ipv4 dnat ip addr . port to meta l4proto . th dport map @ports
          }
          chain postrouting {
            type nat hook postrouting priority srcnat; policy accept;
            ct status dnat iifname . oifname @same masquerade
            ct status dnat ip saddr 127.0.0.0/8 oifname @bridges masquerade
            ip saddr . oifname @own return
            ip saddr @masq masquerade
          }
        }
        """,
        """
        table \(bridgeTable) {
          set noicc { type ifname; }
          set links { type ipv4_addr . ipv4_addr . inet_proto . inet_service; }
          chain forward {
            type filter hook forward priority filter; policy accept;
            iifname @noicc ip saddr . ip daddr . meta l4proto . th dport @links accept
            iifname @noicc ip daddr . ip saddr . meta l4proto . th sport @links accept
            iifname @noicc ether type { ip, ip6 } drop
          }
        }
        """,
    ]

    /// The commands that remove dnet's tables (`--iptables=false` after a run with rules).
    static let removal: [String] = [
        "add table \(inetTable)", "delete table \(inetTable)",
        "add table \(bridgeTable)", "delete table \(bridgeTable)",
    ]

    /// A network's elements: its bridge in the isolation sets, its subnets in masquerade.
    static func elements(of network: NetworkRecord, settings: EngineSettings) -> Set<Element> {
        guard network.driver == NetworkDriver.bridge.rawValue, let bridge = network.bridgeName else { return [] }
        let name = quoted(bridge)
        var elements: Set<Element> = [
            Element(set: "\(inetTable) bridges", key: name),
            Element(set: "\(inetTable) same", key: "\(name) . \(name)"),
        ]
        if network.isInternal {
            elements.insert(Element(set: "\(inetTable) internal", key: name))
        } else if settings.ipMasq && network.options[BridgeOptions.enableIPMasquerade] != "false" {
            for subnet in network.addresses.subnets.map(\.subnet) where subnet.address.family == .ipv4 {
                elements.insert(Element(set: "\(inetTable) masq", key: "\(subnet)"))
                elements.insert(Element(set: "\(inetTable) own", key: "\(subnet) . \(name)"))
            }
        }
        return elements
    }

    /// Whether containers on `network` may not talk to each other (`--icc=false` for the
    /// default bridge, `com.docker.network.bridge.enable_icc=false` for the others).
    static func isolatesContainers(_ network: NetworkRecord, settings: EngineSettings) -> Bool {
        if network.isDefaultBridge && !settings.icc { return true }
        return network.options[BridgeOptions.enableICC] == "false"
    }

    /// What a container adds: its bridge ports on icc-less networks, its links' exposed
    /// ports there, and its published ports (to its address on its gateway network).
    static func elements(of details: ContainerDetails, mappings: [PortMappingRecord],
                         linkTargets: [(link: ContainerLink, address: IPAddress, exposed: [String])],
                         settings: EngineSettings) -> Set<Element> {
        var elements = Set<Element>()
        for attachment in details.attachments where isolatesContainers(attachment.network, settings: settings) {
            if let port = attachment.endpoint.hostInterface {
                elements.insert(Element(set: "\(bridgeTable) noicc", key: quoted(port)))
            }
            guard attachment.network.isDefaultBridge, let own = attachment.endpoint.ipv4?.address else { continue }
            for target in linkTargets {
                for exposed in target.exposed {
                    let (port, proto) = PortMappingRecord.split(exposed)
                    elements.insert(Element(set: "\(bridgeTable) links", key: "\(own) . \(target.address) . \(proto) . \(port)"))
                }
            }
        }
        let gateway = Engine.gatewayNetwork(details.attachments)
        let target = details.attachments.first { $0.network.id == gateway?.id }?.endpoint.ipv4?.address
        if let target {
            for mapping in mappings {
                let (port, proto) = PortMappingRecord.split(mapping.containerPort)
                let to = "\(target) . \(port)"
                if mapping.hostIP.isEmpty || mapping.hostIP == "0.0.0.0" {
                    elements.insert(Element(set: "\(inetTable) ports", key: "\(proto) . \(mapping.hostPort)", value: to))
                } else if let address = IPAddress(mapping.hostIP), address.family == .ipv4 {
                    elements.insert(Element(set: "\(inetTable) ports_ip", key: "\(address) . \(proto) . \(mapping.hostPort)", value: to))
                }
            }
        }
        return elements
    }

    /// nft commands: deletions first (a map key that changes value is deleted, then added).
    static func commands(adding: Set<Element>, removing: Set<Element>) -> [String] {
        var lines: [String] = []
        for element in removing.sorted() {
            lines.append("delete element \(element.set) { \(element.key) }")
        }
        for element in adding.sorted() {
            let item = element.value.map { "\(element.key) : \($0)" } ?? element.key
            lines.append("add element \(element.set) { \(item) }")
        }
        return lines
    }

    static func quoted(_ name: String) -> String { "\"\(name)\"" }

    /// The chains whose presence a listing must show for the tables to count as dnet's.
    static let chains = ["forward", "prerouting", "output", "publish", "postrouting"]

    /// The elements of every set and map in `nft list table …` output (nft prints them as
    /// `add element` takes them: quoted names, `a . b` concatenations, `key : value`).
    static func elements(inListing listing: String) -> Set<Element> {
        var found = Set<Element>()
        var table = "", set = "", collecting = false, text = ""
        for raw in listing.split(separator: "\n") {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("table ") {
                table = String(line.dropFirst("table ".count).dropLast(2))   // "inet dnet"
            } else if line.hasPrefix("set ") || line.hasPrefix("map ") {
                set = String(line.dropFirst(4).prefix { $0 != " " })
            } else if line.hasPrefix("elements = {") {
                collecting = true
                text = String(line.dropFirst("elements = {".count))
            } else if collecting {
                text += " " + line
            }
            if collecting, text.contains("}") {
                collecting = false
                for item in text.prefix(while: { $0 != "}" }).split(separator: ",") {
                    let parts = item.split(separator: ":", maxSplits: 1).map { $0.split(separator: " ").joined(separator: " ") }
                    guard let key = parts.first, !key.isEmpty else { continue }
                    found.insert(Element(set: "\(table) \(set)", key: key, value: parts.count > 1 ? parts[1] : nil))
                }
            }
        }
        return found
    }
}
