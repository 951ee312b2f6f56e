import DnetIPAM

/// The engine's only door to the kernel: links, addresses, routes, namespaces and
/// sysctls. Every change is a `KernelStep`, applied whole or not at all; the
/// typed methods below are shorthands for `apply`.
public protocol KernelBackend: AnyObject, Sendable {
    /// Performs one step. On failure it throws a `KernelError` and leaves nothing of the step behind.
    func apply(_ step: KernelStep) throws

    /// The links of a namespace with their kind, alias, master, MTU and addresses.
    func links(in namespace: NetworkNamespace) throws -> [LinkInfo]

    /// The routes of a namespace's main table, IPv4 and IPv6.
    func routes(in namespace: NetworkNamespace) throws -> [RouteInfo]

    /// The names of the named namespaces (`ip netns list`), sorted.
    func namespaces() throws -> [String]

    /// Whether a named namespace `name` exists (without listing them all: one `run` among
    /// thousands of containers must not cost more than the first).
    func namespaceExists(_ name: String) throws -> Bool

    /// Reads a sysctl (`net.ipv4.ip_forward` or `net/ipv6/conf/eth0/disable_ipv6`), trimmed.
    func readSysctl(_ key: String, in namespace: NetworkNamespace) throws -> String

    /// Runs nft commands that only read (`list table inet dnet`) and returns nft's output.
    func readFirewall(_ commands: String) throws -> String

    /// Whether the kernel can create links of this rtnetlink kind (`ipvlan`, `vlan`, `dummy`, …),
    /// found out without changing anything visible.
    func supportsLinkKind(_ kind: String) throws -> Bool

    /// Closes what the backend keeps open inside named namespaces (sockets), so that this
    /// process holds no namespace alive that another one deletes. Call it when a command is done.
    func closeNamespaceSockets()
}

extension KernelBackend {
    public func namespaceExists(_ name: String) throws -> Bool { try namespaces().contains(name) }

    public func readFirewall(_ commands: String) throws -> String {
        throw KernelError(action: "read firewall rules", cause: .invalid("this backend has no firewall to read"))
    }

    public func createBridge(_ spec: BridgeSpec) throws { try apply(.createBridge(spec)) }
    public func createHostLink(_ spec: HostLinkSpec) throws { try apply(.createHostLink(spec)) }
    public func deleteLink(_ name: String, in namespace: NetworkNamespace = .host) throws {
        try apply(.deleteLink(name: name, namespace: namespace))
    }
    public func setLink(_ name: String, up: Bool, in namespace: NetworkNamespace = .host) throws {
        try apply(.setLinkUp(name: name, up: up, namespace: namespace))
    }
    public func setMTU(_ mtu: Int, of name: String, in namespace: NetworkNamespace = .host) throws {
        try apply(.setMTU(name: name, mtu: mtu, namespace: namespace))
    }
    public func addAddress(_ address: CIDR, to link: String, in namespace: NetworkNamespace = .host) throws {
        try apply(.addAddress(address, link: link, namespace: namespace))
    }
    public func deleteAddress(_ address: CIDR, from link: String, in namespace: NetworkNamespace = .host) throws {
        try apply(.deleteAddress(address, link: link, namespace: namespace))
    }
    public func createNamespace(_ name: String, disableIPv6: Bool) throws {
        try apply(.createNamespace(name: name, disableIPv6: disableIPv6))
    }
    public func deleteNamespace(_ name: String) throws { try apply(.deleteNamespace(name: name)) }
    public func addContainerVeth(_ spec: ContainerVethSpec) throws { try apply(.addContainerVeth(spec)) }
    public func addContainerSublink(_ spec: ContainerSublinkSpec) throws { try apply(.addContainerSublink(spec)) }
    public func addRoute(_ route: RouteSpec, in namespace: NetworkNamespace = .host) throws {
        try apply(.addRoute(route, namespace: namespace))
    }
    public func deleteRoute(_ route: RouteSpec, in namespace: NetworkNamespace = .host) throws {
        try apply(.deleteRoute(route, namespace: namespace))
    }
    public func writeSysctl(_ key: String, _ value: String, in namespace: NetworkNamespace = .host) throws {
        try apply(.writeSysctl(key: key, value: value, namespace: namespace))
    }

    /// The links whose alias starts with `prefix` (dnet's marks: `dnet:`).
    public func markedLinks(prefix: String, in namespace: NetworkNamespace = .host) throws -> [LinkInfo] {
        try links(in: namespace).filter { $0.alias?.hasPrefix(prefix) ?? false }
    }

    /// Every address on the namespace's links and every destination of its main table,
    /// for checking that a new subnet overlaps nothing in use.
    public func prefixesInUse(in namespace: NetworkNamespace = .host) throws -> [CIDR] {
        try links(in: namespace).flatMap(\.addresses) + routes(in: namespace).map(\.destination).filter { $0.prefixLength > 0 }
    }
}
