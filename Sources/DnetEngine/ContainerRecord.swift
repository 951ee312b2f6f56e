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
