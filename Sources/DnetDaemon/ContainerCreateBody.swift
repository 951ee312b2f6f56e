import DnetEngine

/// `POST /containers/create`'s body (`container.Config` with `HostConfig` and
/// `NetworkingConfig`) as the engine's `run` request. dnet's containers are network
/// namespaces running a host program: what concerns networking and the command is taken;
/// what concerns the terminal, logging and restart is accepted and has no effect; any other
/// field is refused with a 400 when it holds something, so nothing asked for is silently lost.
struct ContainerCreateBody {
    var request: ContainerRunRequest
    /// The image named (dnet has no images: it is recorded and shown, nothing more).
    var image: String

    /// Accepted whatever they hold: attaching and terminal settings (dnet's main processes
    /// write to a log), the image's own defaults, and settings with no meaning here.
    static let ignoredConfig: Set<String> = [
        "AttachStdin", "AttachStdout", "AttachStderr", "Tty", "OpenStdin", "StdinOnce", "ArgsEscaped",
        "StopSignal", "StopTimeout", "Volumes", "WorkingDir", "OnBuild", "NetworkDisabled", "Shell",
    ]
    static let ignoredHostConfig: Set<String> = ["ConsoleSize", "LogConfig", "Isolation"]

    init(_ body: [UInt8], name: String?) throws {
        let config = try JSONFields(try JSONValue.parse(body), typeName: "container.CreateRequest", allowed: nil)
        image = try config.string("Image") ?? ""
        var request = ContainerRunRequest(name: name.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 })
        request.hostname = try config.nonEmptyString("Hostname")
        request.domainname = try config.nonEmptyString("Domainname")
        request.macAddress = try config.nonEmptyString("MacAddress")
        request.labels = try config.stringMap("Labels") ?? [:]
        request.expose = try config.object("ExposedPorts", typeName: "nat.PortSet", allowed: nil)?.keys ?? []
        let command = (try config.stringList("Entrypoint") ?? []) + (try config.stringList("Cmd") ?? [])
        // dnet runs the program with the daemon's environment; `env` adds the variables asked for.
        let environment = try config.stringList("Env") ?? []
        request.command = environment.isEmpty || command.isEmpty ? command : ["env"] + environment + ["--"] + command
        try config.refuseOthers(except: Set(["Image", "Hostname", "Domainname", "MacAddress", "Labels", "ExposedPorts",
                                         "Entrypoint", "Cmd", "Env", "HostConfig", "NetworkingConfig"])
                                    .union(Self.ignoredConfig), prefix: "")

        if let host = try config.object("HostConfig", typeName: "container.HostConfig", allowed: nil) {
            if let mode = try host.nonEmptyString("NetworkMode"), mode != "default" { request.networks = [mode] }
            request.publishAll = try host.bool("PublishAllPorts") ?? false
            request.dns = try host.stringList("Dns") ?? []
            request.dnsSearch = try host.stringList("DnsSearch") ?? []
            request.dnsOptions = try host.stringList("DnsOptions") ?? []
            request.extraHosts = try host.stringList("ExtraHosts") ?? []
            request.links = try host.stringList("Links") ?? []
            request.autoRemove = try host.bool("AutoRemove") ?? false
            request.sysctls = try (host.stringMap("Sysctls") ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            if let bindings = try host.object("PortBindings", typeName: "nat.PortMap", allowed: nil) {
                for port in bindings.keys.sorted() {
                    for entry in try bindings.array(port, elementType: "nat.PortBinding") ?? [] {
                        let binding = try JSONFields(entry, typeName: "nat.PortBinding", allowed: ["HostIp", "HostPort"])
                        let ip = try binding.string("HostIp") ?? "", hostPort = try binding.string("HostPort") ?? ""
                        let shownIP = ip.contains(":") ? "[\(ip)]" : ip
                        request.publish.append(ip.isEmpty ? (hostPort.isEmpty ? port : "\(hostPort):\(port)")
                                                          : "\(shownIP):\(hostPort):\(port)")
                    }
                }
            }
            if let policy = try host.object("RestartPolicy", typeName: "container.RestartPolicy",
                                            allowed: ["Name", "MaximumRetryCount"]),
               let name = try policy.string("Name"), !["", "no"].contains(name) {
                throw APIError.badRequest("dnet does not restart containers: HostConfig.RestartPolicy \(name) is not supported")
            }
            try host.refuseOthers(except: Set(["NetworkMode", "PublishAllPorts", "Dns", "DnsSearch", "DnsOptions", "ExtraHosts",
                                           "Links", "AutoRemove", "Sysctls", "PortBindings", "RestartPolicy"])
                                      .union(Self.ignoredHostConfig),
                                  unset: ["MemorySwappiness": .number(-1)], prefix: "HostConfig.")
        }

        if let networking = try config.object("NetworkingConfig", typeName: "network.NetworkingConfig",
                                              allowed: ["EndpointsConfig"]),
           let endpoints = try networking.object("EndpointsConfig", typeName: "map[string]*network.EndpointSettings", allowed: nil) {
            let names = endpoints.keys
            if names.count > 1 {
                throw APIError.badRequest("Container cannot be connected to network endpoints: \(names.sorted().joined(separator: ", "))")
            }
            if let network = names.first {
                if request.networks.isEmpty { request.networks = [network] }
                if let endpoint = try endpoints.object(network, typeName: "network.EndpointSettings", allowed: nil) {
                    request.aliases = try endpoint.stringList("Aliases") ?? []
                    request.links += try endpoint.stringList("Links") ?? []
                    if let mac = try endpoint.nonEmptyString("MacAddress") { request.macAddress = mac }
                    if let ipam = try endpoint.object("IPAMConfig", typeName: "network.EndpointIPAMConfig",
                                                      allowed: ["IPv4Address", "IPv6Address", "LinkLocalIPs"]) {
                        request.ipv4 = try ipam.nonEmptyString("IPv4Address")
                        request.ipv6 = try ipam.nonEmptyString("IPv6Address")
                        if let local = try ipam.stringList("LinkLocalIPs"), !local.isEmpty {
                            throw APIError.badRequest("dnet does not support link-local addresses (LinkLocalIPs)")
                        }
                    }
                    try endpoint.refuseOthers(except: ["Aliases", "Links", "MacAddress", "IPAMConfig", "NetworkID",
                                                       "EndpointID", "Gateway", "IPAddress", "IPPrefixLen", "IPv6Gateway",
                                                       "GlobalIPv6Address", "GlobalIPv6PrefixLen", "DNSNames", "GwPriority"],
                                              prefix: "NetworkingConfig.EndpointsConfig.\(network).")
                }
            }
        }
        self.request = request
    }
}
