/// A container as the engine keeps it: a named network namespace (`/run/netns/<name>`)
/// with Docker's identity fields. Its network attachments are `EndpointRecord`s.
public struct ContainerRecord: StoredRecord, Equatable {
    public static let kind = "container"

    /// 64 hex digits.
    public var id: String
    /// Unique among containers, `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; also the namespace's name.
    public var name: String
    /// `-h`, else the first 12 hex digits of the id, as Docker.
    public var hostname: String
    /// Creation time, nanoseconds since the epoch.
    public var created: Int64
    /// `HostConfig.NetworkMode`: `default` when no `--net` was given, else the value given.
    public var networkMode: String
    public var labels: [String: String]
    /// Whether IPv6 is off by default in the namespace (on unless the first network has `--ipv6`).
    public var ipv6DisabledByDefault: Bool
    /// `-p` bindings by container port (`80/tcp`), recorded only: no firewall makes them reachable yet.
    public var portBindings: [String: [PortBinding]] = [:]
    /// `--expose` and published ports (`Config.ExposedPorts`).
    public var exposedPorts: [String] = []
    /// `-P`.
    public var publishAllPorts: Bool = false
    /// `--domainname`.
    public var domainname: String = ""
    /// `--dns`, `--dns-search`, `--dns-option`, as given.
    public var dns: [String] = []
    public var dnsSearch: [String] = []
    public var dnsOptions: [String] = []
    /// `--add-host` values, `NAME:IP` or `NAME:host-gateway`, as given.
    public var extraHosts: [String] = []
    /// `--link` targets, in the order given.
    public var links: [ContainerLink] = []
    /// The main process's argv (`run … -- CMD ARGS`); nil or empty: a namespace with no process.
    public var command: [String]?
    /// The main process as last started, nil before its first start.
    public var mainProcess: MainProcess?
    /// `--rm` (Docker's `HostConfig.AutoRemove`): removed once the main process exits or the
    /// container is stopped. Optional, as are the fields below, so that records stored before
    /// dnet had them still load.
    public var autoRemove: Bool?
    /// `--sysctl` settings (Docker's `HostConfig.Sysctls`), written in the namespace at `run`.
    public var sysctls: [String: String]?
    /// `--net container:X`: X's id. This container has no namespaces, interfaces or name
    /// files of its own; it shares X's network and UTS namespaces and name files.
    public var netContainerID: String?

    public init(id: String, name: String, hostname: String, created: Int64, networkMode: String,
                labels: [String: String] = [:], ipv6DisabledByDefault: Bool = true) {
        self.id = id
        self.name = name
        self.hostname = hostname
        self.created = created
        self.networkMode = networkMode
        self.labels = labels
        self.ipv6DisabledByDefault = ipv6DisabledByDefault
    }

    public var shortID: String { String(id.prefix(12)) }

    /// The named network namespace the container is (when `ownsNamespace`).
    public var namespace: String { name }

    /// Whether the container has a network namespace of its own (not `--net host`, not
    /// `--net container:X`).
    public var ownsNamespace: Bool { netContainerID == nil && networkMode != "host" }

    /// Whether the container has name files of its own: its namespace's, or, with `--net
    /// host`, Docker's copies of the host's files (or files built from `--add-host`/`--dns*`).
    public var hasNameFiles: Bool { netContainerID == nil }

    /// Whether the container has a UTS namespace (its host name) of its own: as with Docker,
    /// `--net host` shares the host's network but not its host name.
    public var ownsUTSNamespace: Bool { netContainerID == nil }

    /// `--net host`.
    public var isHostNetwork: Bool { netContainerID == nil && networkMode == "host" }
}

/// One `--link NAME[:ALIAS]`: the linked container and the alias.
public struct ContainerLink: Codable, Equatable {
    public var containerID: String
    /// The linked container's name when the link was made (`HostConfig.Links` shows it).
    public var name: String
    public var alias: String

    public init(containerID: String, name: String, alias: String) {
        self.containerID = containerID
        self.name = name
        self.alias = alias
    }
}

/// A container with its endpoints and their networks, ordered by interface (`eth0` first,
/// an interface-less `none` endpoint last).
public struct ContainerDetails: Equatable {
    public var container: ContainerRecord
    public var attachments: [Attachment]
    /// Its published ports as the firewall maps them.
    public var ports: [PortMappingRecord] = []

    /// One endpoint and the network it is on.
    public struct Attachment: Equatable {
        public var endpoint: EndpointRecord
        public var network: NetworkRecord
    }

    public init(container: ContainerRecord, attachments: [Attachment]) {
        self.container = container
        self.attachments = attachments.sorted { a, b in
            (a.endpoint.interfaceIndex ?? Int.max, a.network.name) < (b.endpoint.interfaceIndex ?? Int.max, b.network.name)
        }
    }
}

/// The store's form: fields at their default (empty lists and maps, `false`, `""`, nil) are
/// left out, and read back as that default. Most containers set few options, and an absent
/// key costs the decoder a look-up where an empty list costs it a nested container: an
/// engine start with 1,000 containers decodes every record. Records written with every key
/// still load.
extension ContainerRecord {
    private enum CodingKeys: String, CodingKey {
        case id, name, hostname, created, networkMode, labels, ipv6DisabledByDefault, portBindings
        case exposedPorts, publishAllPorts, domainname, dns, dnsSearch, dnsOptions, extraHosts, links
        case command, mainProcess, autoRemove, sysctls, netContainerID
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        hostname = try c.decode(String.self, forKey: .hostname)
        created = try c.decode(Int64.self, forKey: .created)
        networkMode = try c.decode(String.self, forKey: .networkMode)
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        ipv6DisabledByDefault = try c.decodeIfPresent(Bool.self, forKey: .ipv6DisabledByDefault) ?? false
        portBindings = try c.decodeIfPresent([String: [PortBinding]].self, forKey: .portBindings) ?? [:]
        exposedPorts = try c.decodeIfPresent([String].self, forKey: .exposedPorts) ?? []
        publishAllPorts = try c.decodeIfPresent(Bool.self, forKey: .publishAllPorts) ?? false
        domainname = try c.decodeIfPresent(String.self, forKey: .domainname) ?? ""
        dns = try c.decodeIfPresent([String].self, forKey: .dns) ?? []
        dnsSearch = try c.decodeIfPresent([String].self, forKey: .dnsSearch) ?? []
        dnsOptions = try c.decodeIfPresent([String].self, forKey: .dnsOptions) ?? []
        extraHosts = try c.decodeIfPresent([String].self, forKey: .extraHosts) ?? []
        links = try c.decodeIfPresent([ContainerLink].self, forKey: .links) ?? []
        command = try c.decodeIfPresent([String].self, forKey: .command)
        mainProcess = try c.decodeIfPresent(MainProcess.self, forKey: .mainProcess)
        autoRemove = try c.decodeIfPresent(Bool.self, forKey: .autoRemove)
        sysctls = try c.decodeIfPresent([String: String].self, forKey: .sysctls)
        netContainerID = try c.decodeIfPresent(String.self, forKey: .netContainerID)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(hostname, forKey: .hostname)
        try c.encode(created, forKey: .created)
        try c.encode(networkMode, forKey: .networkMode)
        if !labels.isEmpty { try c.encode(labels, forKey: .labels) }
        if ipv6DisabledByDefault { try c.encode(true, forKey: .ipv6DisabledByDefault) }
        if !portBindings.isEmpty { try c.encode(portBindings, forKey: .portBindings) }
        if !exposedPorts.isEmpty { try c.encode(exposedPorts, forKey: .exposedPorts) }
        if publishAllPorts { try c.encode(true, forKey: .publishAllPorts) }
        if !domainname.isEmpty { try c.encode(domainname, forKey: .domainname) }
        if !dns.isEmpty { try c.encode(dns, forKey: .dns) }
        if !dnsSearch.isEmpty { try c.encode(dnsSearch, forKey: .dnsSearch) }
        if !dnsOptions.isEmpty { try c.encode(dnsOptions, forKey: .dnsOptions) }
        if !extraHosts.isEmpty { try c.encode(extraHosts, forKey: .extraHosts) }
        if !links.isEmpty { try c.encode(links, forKey: .links) }
        try c.encodeIfPresent(command, forKey: .command)
        try c.encodeIfPresent(mainProcess, forKey: .mainProcess)
        try c.encodeIfPresent(autoRemove, forKey: .autoRemove)
        try c.encodeIfPresent(sysctls, forKey: .sysctls)
        try c.encodeIfPresent(netContainerID, forKey: .netContainerID)
    }
}
