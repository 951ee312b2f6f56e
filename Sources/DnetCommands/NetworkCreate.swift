import DnetCommandKit
import DnetEngine

/// `network create [OPTIONS] NETWORK`: every option Docker documents; prints the new id.
struct NetworkCreate {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "create", usage: "[OPTIONS] NETWORK", summary: "Create a network",
        options: [
            OptionSpec(["--attachable"], "Enable manual container attachment"),
            OptionSpec(["--aux-address"], value: "map", "Auxiliary IPv4 or IPv6 addresses used by Network driver (default map[])"),
            OptionSpec(["--config-from"], value: "string", "The network from which to copy the configuration"),
            OptionSpec(["--config-only"], "Create a configuration only network"),
            OptionSpec(["-d", "--driver"], value: "string", "Driver to manage the Network (default \"bridge\")"),
            OptionSpec(["--gateway"], value: "strings", "IPv4 or IPv6 Gateway for the master subnet"),
            OptionSpec(["--ingress"], "Create swarm routing-mesh network"),
            OptionSpec(["--internal"], "Restrict external access to the network"),
            OptionSpec(["--ip-range"], value: "strings", "Allocate container ip from a sub-range"),
            OptionSpec(["--ipam-driver"], value: "string", "IP Address Management Driver (default \"default\")"),
            OptionSpec(["--ipam-opt"], value: "map", "Set IPAM driver specific options (default map[])"),
            OptionSpec(["--ipv6"], "Enable or disable IPv6 address assignment"),
            OptionSpec(["--label"], value: "list", "Set metadata on a network"),
            OptionSpec(["-o", "--opt"], value: "map", "Set driver specific options (default map[])"),
            OptionSpec(["--scope"], value: "string", "Control the network's scope"),
            OptionSpec(["--subnet"], value: "strings", "Subnet in CIDR format that represents a network segment"),
        ])

    static let path = ["network"]

    func run(_ flags: ParsedFlags, _ context: CommandContext) throws -> Int32 {
        try CommandSupport.requireArguments(flags, Self.spec, path: Self.path, min: 1, max: 1)
        var request = NetworkCreateRequest(name: flags.positionals[0])
        request.driver = flags.value("driver").flatMap { $0.isEmpty ? nil : $0 } ?? "bridge"
        // pflag's string slices also split on commas: --subnet a,b is two subnets.
        request.subnets = Self.list(flags.values("subnet"))
        request.gateways = Self.list(flags.values("gateway"))
        request.ipRanges = Self.list(flags.values("ip-range"))
        request.auxAddresses = flags.values("aux-address")
        request.isInternal = flags.flag("internal")
        request.enableIPv6 = flags.flag("ipv6")
        request.isAttachable = flags.flag("attachable")
        request.isIngress = flags.flag("ingress")
        request.isConfigOnly = flags.flag("config-only")
        request.configFrom = flags.value("config-from").flatMap { $0.isEmpty ? nil : $0 }
        request.scope = flags.value("scope").flatMap { $0.isEmpty ? nil : $0 }
        request.labels = CommandSupport.keyValues(try flags.values("label").map(Self.validLabel))
        request.options = CommandSupport.keyValues(flags.values("opt"))
        request.ipamDriver = flags.value("ipam-driver").flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        request.ipamOptions = CommandSupport.keyValues(flags.values("ipam-opt"))
        let engine = try handle.get()
        let network = try CommandSupport.engineCall { try engine.createNetwork(request) }
        context.stdout.write(network.id + "\n")
        return 0
    }

    /// The docker CLI's `ValidateLabel`: a non-empty key without whitespace, then an optional `=value`.
    static func validLabel(_ label: String) throws -> String {
        let key = label.prefix { $0 != "=" }.drop { $0 == " " || $0 == "\t" }
        if key.isEmpty {
            throw CommandSupport.invalidValue(label, option: "--label", "invalid label '\(label)': empty name", spec, path: path)
        }
        if key.contains(where: { $0 == " " || $0 == "\t" }) {
            throw CommandSupport.invalidValue(label, option: "--label", "label '\(key)' contains whitespaces", spec, path: path)
        }
        return label
    }

    static func list(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map(String.init) }
    }
}
