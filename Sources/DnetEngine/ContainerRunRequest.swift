/// What `run` asks the engine for, as given on the command line (the engine checks it).
public struct ContainerRunRequest: Equatable {
    /// `--name`; a random Docker-style name when nil.
    public var name: String?
    /// `-h/--hostname`.
    public var hostname: String?
    /// Every `--net/--network` value, in order; none means the default bridge.
    public var networks: [String]
    /// `--ip`, `--ip6`.
    public var ipv4: String?
    public var ipv6: String?
    /// `--mac-address`.
    public var macAddress: String?
    /// `--network-alias`.
    public var aliases: [String]
    public var labels: [String: String]
    /// `-p/--publish` values, `--expose` values, `-P/--publish-all` (recorded and checked only).
    public var publish: [String] = []
    public var expose: [String] = []
    public var publishAll: Bool = false
    /// `--domainname`.
    public var domainname: String?
    /// `--dns`, `--dns-search`, `--dns-option`.
    public var dns: [String] = []
    public var dnsSearch: [String] = []
    public var dnsOptions: [String] = []
    /// `--add-host NAME:IP` (or `NAME:host-gateway`).
    public var extraHosts: [String] = []
    /// `--link NAME[:ALIAS]`.
    public var links: [String] = []
    /// `CMD ARGS…` after the options: the main process (none: a namespace with no process).
    public var command: [String] = []
    /// `--sysctl KEY=VALUE` values, as given (only `net.*` keys are taken).
    public var sysctls: [String] = []
    /// `--rm`: remove the container once its main process exits or it is stopped.
    public var autoRemove = false

    public init(name: String? = nil, hostname: String? = nil, networks: [String] = [], ipv4: String? = nil,
                ipv6: String? = nil, macAddress: String? = nil, aliases: [String] = [], labels: [String: String] = [:]) {
        self.name = name
        self.hostname = hostname
        self.networks = networks
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.macAddress = macAddress
        self.aliases = aliases
        self.labels = labels
    }
}
