import DnetEngine
import DnetIPAM
import DnetTemplates

/// How containers look to users: Docker's container inspect JSON (a subset), `ps` rows, and
/// the `Containers` map of `network inspect`.
public enum ContainerViews {
    /// Where a container's namespace is bound (`SandboxKey`; what `exec` enters).
    static func namespacePath(_ container: ContainerRecord) -> String { "/run/netns/\(container.namespace)" }

    /// Docker's `types.ContainerJSON`, fields in Docker's order (those dnet has).
    public static func inspect(_ details: ContainerDetails, state: MainProcessState = .namespaceOnly) -> TemplateValue {
        let container = details.container
        let created = Identifiers.rfc3339(container.created)
        let zeroTime = "0001-01-01T00:00:00Z"
        let status: String, pid: Int32, exitCode: Int32, startedAt: String, finishedAt: String
        switch state {
        case .namespaceOnly: (status, pid, exitCode, startedAt, finishedAt) = ("running", 0, 0, created, zeroTime)
        case .created: (status, pid, exitCode, startedAt, finishedAt) = ("created", 0, 0, zeroTime, zeroTime)
        case .running(let running, let started):
            (status, pid, exitCode, startedAt, finishedAt) = ("running", running, 0, Identifiers.rfc3339(started), zeroTime)
        case .exited(let code, let started, let finished):
            (status, pid, exitCode, startedAt, finishedAt) = ("exited", 0, code, Identifiers.rfc3339(started), Identifiers.rfc3339(finished))
        }
        let stateFields = TemplateStruct(typeName: "*types.ContainerState", fields: [
            ("Status", .string(status)), ("Running", .bool(state.isRunning)), ("Paused", .bool(false)),
            ("Restarting", .bool(false)), ("OOMKilled", .bool(false)), ("Dead", .bool(false)),
            ("Pid", .int(Int(pid))), ("ExitCode", .int(Int(exitCode))), ("Error", .string("")),
            ("StartedAt", .string(startedAt)), ("FinishedAt", .string(finishedAt)),
        ])
        let command = container.command ?? []
        let bindings = container.portBindings.mapValues { list -> TemplateValue in
            .list(list.map { binding in
                .structure(TemplateStruct(typeName: "nat.PortBinding", fields: [
                    ("HostIp", .string(binding.hostIP)), ("HostPort", .string(binding.hostPort)),
                ]))
            })
        }
        let exposed = Dictionary(uniqueKeysWithValues: container.exposedPorts.map {
            ($0, TemplateValue.structure(TemplateStruct(typeName: "struct {}", fields: [])))
        })
        // Docker keeps legacy links (the default bridge's) here: `/c1:/c8/alias1`.
        let links: [TemplateValue] = details.attachments.contains { $0.network.isDefaultBridge }
            ? container.links.map { .string("/\($0.name):/\(container.name)/\($0.alias)") } : []
        let hostConfig = TemplateStruct(typeName: "*container.HostConfig", fields: [
            ("NetworkMode", .string(container.networkMode)),
            ("PortBindings", .map(TemplateMap(bindings, typeName: "nat.PortMap"))),
            ("AutoRemove", .bool(container.autoRemove == true)),
            ("Dns", .list(container.dns.map { .string($0) })),
            ("DnsOptions", .list(container.dnsOptions.map { .string($0) })),
            ("DnsSearch", .list(container.dnsSearch.map { .string($0) })),
            ("ExtraHosts", container.extraHosts.isEmpty ? .null(.slice) : .list(container.extraHosts.map { .string($0) })),
            ("Links", links.isEmpty ? .null(.slice) : .list(links)),
            ("PublishAllPorts", .bool(container.publishAllPorts)),
            ("Sysctls", container.sysctls.map { .stringMap($0) } ?? .null(.map)),
        ], omitEmpty: ["Sysctls"])
        let config = TemplateStruct(typeName: "*container.Config", fields: [
            ("Hostname", .string(container.hostname)), ("Domainname", .string(container.domainname)), ("User", .string("")),
            ("ExposedPorts", exposed.isEmpty ? .null(.map) : .map(TemplateMap(exposed, typeName: "nat.PortSet"))),
            ("Env", .null(.slice)), ("Cmd", command.isEmpty ? .null(.slice) : .list(command.map { .string($0) })), ("Image", .string("")),
            ("Labels", .stringMap(container.labels)),
        ], omitEmpty: ["ExposedPorts"])
        return .structure(TemplateStruct(typeName: "types.ContainerJSON", fields: [
            ("Id", .string(container.id)),
            ("Created", .string(created)),
            ("Path", .string(command.first ?? "")),
            ("Args", .list(command.dropFirst().map { .string($0) })),
            ("State", .structure(stateFields)),
            ("Image", .string("")),
            ("Name", .string("/" + container.name)),
            ("RestartCount", .int(0)),
            ("Driver", .string("")),
            ("Platform", .string("linux")),
            ("HostConfig", .structure(hostConfig)),
            ("Config", .structure(config)),
            ("NetworkSettings", networkSettings(details)),
        ]))
    }

    /// `NetworkSettings.Ports`: each exposed port with its host bindings as mapped (null
    /// for a port exposed only), as Docker's `nat.PortMap`.
    static func ports(_ details: ContainerDetails) -> TemplateValue {
        var map: [String: TemplateValue] = [:]
        for port in details.container.exposedPorts { map[port] = .null(.slice) }
        for port in Set(details.ports.map(\.containerPort)) {
            map[port] = .list(details.ports.filter { $0.containerPort == port }.map { mapping in
                .structure(TemplateStruct(typeName: "nat.PortBinding", fields: [
                    ("HostIp", .string(mapping.hostIP.isEmpty ? "0.0.0.0" : mapping.hostIP)),
                    ("HostPort", .string(String(mapping.hostPort))),
                ]))
            })
        }
        return .map(TemplateMap(map, typeName: "nat.PortMap"))
    }

    /// `ps`'s PORTS: `0.0.0.0:8080->80/tcp, 127.0.0.1:8081->81/tcp`, and exposed ports alone.
    static func portsColumn(_ details: ContainerDetails) -> String {
        // Docker sorts by container port.
        func key(_ port: String) -> (Int, String) { (Int(port.prefix { $0 != "/" }) ?? 0, port) }
        let mapped = details.ports.map { (key($0.containerPort), "\($0.hostIP.isEmpty ? "0.0.0.0" : $0.hostIP):\($0.hostPort)->\($0.containerPort)") }
        let exposedOnly = details.container.exposedPorts.filter { port in !details.ports.contains { $0.containerPort == port } }
            .map { (key($0), $0) }
        return (mapped + exposedOnly).sorted { $0.0 < $1.0 }.map(\.1).joined(separator: ", ")
    }

    /// Docker's `NetworkSettings`: the top-level address fields come from the default bridge
    /// endpoint only (as Docker fills them), `Networks` holds every endpoint.
    public static func networkSettings(_ details: ContainerDetails) -> TemplateValue {
        let bridge = details.attachments.first { $0.network.isDefaultBridge }
        let top = bridge.map { endpointFields($0, container: details.container) }
        func topField(_ name: String, _ zero: TemplateValue) -> TemplateValue {
            top?.first { $0.name == name }?.value ?? zero
        }
        var networks: [String: TemplateValue] = [:]
        for attachment in details.attachments {
            networks[attachment.network.name] = .structure(TemplateStruct(
                typeName: "*network.EndpointSettings", fields: endpointFields(attachment, container: details.container)))
        }
        return .structure(TemplateStruct(typeName: "*types.NetworkSettings", fields: [
            ("Bridge", .string("")),
            ("SandboxID", .string("")),
            ("SandboxKey", .string(namespacePath(details.container))),
            ("Ports", ports(details)),
            ("HairpinMode", .bool(false)),
            ("LinkLocalIPv6Address", .string("")),
            ("LinkLocalIPv6PrefixLen", .int(0)),
            ("SecondaryIPAddresses", .null(.slice)),
            ("SecondaryIPv6Addresses", .null(.slice)),
            ("EndpointID", topField("EndpointID", .string(""))),
            ("Gateway", topField("Gateway", .string(""))),
            ("GlobalIPv6Address", topField("GlobalIPv6Address", .string(""))),
            ("GlobalIPv6PrefixLen", topField("GlobalIPv6PrefixLen", .int(0))),
            ("IPAddress", topField("IPAddress", .string(""))),
            ("IPPrefixLen", topField("IPPrefixLen", .int(0))),
            ("IPv6Gateway", topField("IPv6Gateway", .string(""))),
            ("MacAddress", topField("MacAddress", .string(""))),
            ("Networks", .map(TemplateMap(networks, zeroValue: .null(.pointer("*network.EndpointSettings")),
                                          typeName: "map[string]*network.EndpointSettings"))),
        ]))
    }

    /// One `network.EndpointSettings`, fields in Docker's order.
    static func endpointFields(_ attachment: ContainerDetails.Attachment,
                               container: ContainerRecord) -> [(name: String, value: TemplateValue)] {
        let endpoint = attachment.endpoint, network = attachment.network
        let hasInterface = endpoint.interfaceName != nil
        var ipamConfig: TemplateValue = .null(.pointer("*network.EndpointIPAMConfig"))
        let linkLocal = endpoint.linkLocalIPs ?? []
        if endpoint.staticIPv4 != nil || endpoint.staticIPv6 != nil || !linkLocal.isEmpty {
            ipamConfig = .structure(TemplateStruct(typeName: "*network.EndpointIPAMConfig", fields: [
                ("IPv4Address", .string(endpoint.staticIPv4?.description ?? "")),
                ("IPv6Address", .string(endpoint.staticIPv6?.description ?? "")),
                ("LinkLocalIPs", linkLocal.isEmpty ? .null(.slice) : .list(linkLocal.map { .string($0.description) })),
            ], omitEmpty: ["IPv4Address", "IPv6Address", "LinkLocalIPs"]))
        }
        let links = endpoint.links ?? []
        // Docker adds the short id to the aliases on user-defined networks.
        let aliases: TemplateValue = network.isPredefined
            ? .null(.slice) : .list((endpoint.aliases + [container.shortID]).map { .string($0) })
        let gateway = hasInterface ? network.addresses.gateway(.ipv4)?.description ?? "" : ""
        let gateway6 = hasInterface && network.enableIPv6 ? network.addresses.gateway(.ipv6)?.description ?? "" : ""
        return [
            ("IPAMConfig", ipamConfig),
            ("Links", links.isEmpty ? .null(.slice) : .list(links.map { .string($0) })),
            ("Aliases", aliases),
            ("MacAddress", .string(endpoint.macAddress?.description ?? "")),
            ("DriverOpts", .null(.map)),
            ("GwPriority", .int(0)),
            ("NetworkID", .string(network.id)),
            ("EndpointID", .string(endpoint.id)),
            ("Gateway", .string(gateway)),
            ("IPAddress", .string(endpoint.ipv4?.address.description ?? "")),
            ("IPPrefixLen", .int(endpoint.ipv4?.prefixLength ?? 0)),
            ("IPv6Gateway", .string(gateway6)),
            ("GlobalIPv6Address", .string(endpoint.ipv6?.address.description ?? "")),
            ("GlobalIPv6PrefixLen", .int(endpoint.ipv6?.prefixLength ?? 0)),
            ("DNSNames", .null(.slice)),
        ]
    }

    /// `network inspect`'s `Containers`: each container on the network by id.
    public static func networkContainers(_ network: NetworkRecord, in containers: [ContainerDetails]) -> TemplateValue {
        var entries: [String: TemplateValue] = [:]
        for details in containers {
            guard let endpoint = details.attachments.first(where: { $0.network.id == network.id })?.endpoint else { continue }
            entries[details.container.id] = .structure(TemplateStruct(typeName: "types.EndpointResource", fields: [
                ("Name", .string(details.container.name)),
                ("EndpointID", .string(endpoint.id)),
                ("MacAddress", .string(endpoint.macAddress?.description ?? "")),
                ("IPv4Address", .string(endpoint.ipv4?.description ?? "")),
                ("IPv6Address", .string(endpoint.ipv6?.description ?? "")),
            ]))
        }
        return .map(TemplateMap(entries, zeroValue: .null(.missing), typeName: "map[string]types.EndpointResource"))
    }

    /// The `ps` row: Docker's containerContext, plus `.Label "k"`.
    public static func row(_ details: ContainerDetails, state: MainProcessState = .namespaceOnly, truncate: Bool,
                    now: Int64 = Identifiers.now()) -> TemplateValue {
        let container = details.container
        let labels = container.labels.keys.sorted().map { "\($0)=\(container.labels[$0]!)" }.joined(separator: ",")
        let age = humanDuration(now - container.created)
        let networks = details.attachments.map(\.network.name).sorted().joined(separator: ",")
        let stateName: String, status: String
        switch state {
        case .namespaceOnly: (stateName, status) = ("running", "Up " + age)
        case .created: (stateName, status) = ("created", "Created")
        case .running(_, let started): (stateName, status) = ("running", "Up " + humanDuration(now - started))
        case .exited(let code, _, let finished):
            (stateName, status) = ("exited", "Exited (\(code)) \(humanDuration(now - finished)) ago")
        }
        // Docker quotes the command line, cut to 20 characters with an ellipsis.
        var command = (container.command ?? []).joined(separator: " ")
        if truncate && command.count > 20 { command = command.prefix(19) + "…" }
        let fields: [(name: String, value: TemplateValue)] = [
            ("Command", .string("\"\(command)\"")),
            ("CreatedAt", .string(createdAt(container.created))),
            ("ID", .string(truncate ? container.shortID : container.id)),
            ("Image", .string("")),
            ("Labels", .string(labels)),
            ("LocalVolumes", .string("0")),
            ("Mounts", .string("")),
            ("Names", .string(container.name)),
            ("Networks", .string(networks)),
            ("Ports", .string(portsColumn(details))),
            ("RunningFor", .string(age + " ago")),
            ("Size", .string("0B")),
            ("State", .string(stateName)),
            ("Status", .string(status)),
        ]
        let all = container.labels
        return .object(TemplateObject(typeName: "*formatter.ContainerContext",
                                      base: .map(TemplateMap(Dictionary(uniqueKeysWithValues: fields))), methods: [
            "Label": TemplateMethod(arity: 1) { args in .string(all[args[0]] ?? "") },
        ]))
    }

    /// Column titles for `ps` table formats, by field.
    static let headers: [String: String] = [
        "ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "RunningFor": "CREATED",
        "CreatedAt": "CREATED AT", "Status": "STATUS", "Ports": "PORTS", "Names": "NAMES",
        "Networks": "NETWORKS", "Labels": "LABELS", "State": "STATE", "Size": "SIZE",
        "Mounts": "MOUNTS", "LocalVolumes": "LOCAL VOLUMES",
    ]

    /// Go's `2006-01-02 15:04:05 -0700 MST` in UTC, as `ps` prints `CreatedAt`.
    static func createdAt(_ nanos: Int64) -> String {
        let full = Identifiers.goTimeString(nanos)   // 2026-11-28 23:48:45.793625771 +0000 UTC
        let parts = full.split(separator: " ")
        let seconds = parts[1].split(separator: ".")[0]
        return "\(parts[0]) \(seconds) +0000 UTC"
    }

    /// go-units' `HumanDuration`, as `ps` shows ages.
    static func humanDuration(_ nanos: Int64) -> String {
        let seconds = Int(nanos / 1_000_000_000)
        if seconds < 1 { return "Less than a second" }
        if seconds == 1 { return "1 second" }
        if seconds < 60 { return "\(seconds) seconds" }
        let minutes = seconds / 60
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        let hours = Int((Double(nanos) / 3_600_000_000_000).rounded())
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(seconds / 3600 / 24 / 365) years"
    }
}
