import DnetCommandKit
import DnetEngine

/// `run [OPTIONS]`: creates a container (a network namespace joined to one network) and
/// prints its id. Fails as `docker run` does for the daemon's errors: exit status 125.
struct ContainerRun: EngineCommandProtocol {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "run", usage: "[OPTIONS] [--] [COMMAND] [ARG...]", summary: "Create a container (a network namespace), connect it to a network and start its command",
        options: [
            OptionSpec(["--add-host"], value: "list", "Add a custom host-to-IP mapping (host:ip)"),
            OptionSpec(["-d", "--detach"], "Run container in background and print container ID (always so in dnet)"),
            OptionSpec(["--dns"], value: "list", "Set custom DNS servers"),
            OptionSpec(["--dns-option"], value: "list", "Set DNS options"),
            OptionSpec(["--dns-search"], value: "list", "Set custom DNS search domains"),
            OptionSpec(["--domainname"], value: "string", "Container NIS domain name"),
            OptionSpec(["--expose"], value: "list", "Expose a port or a range of ports"),
            OptionSpec(["-h", "--hostname"], value: "string", "Container host name"),
            OptionSpec(["--ip"], value: "string", "IPv4 address (e.g., 172.30.100.104)"),
            OptionSpec(["--ip6"], value: "string", "IPv6 address (e.g., 2001:db8::33)"),
            OptionSpec(["-l", "--label"], value: "list", "Set meta data on a container"),
            OptionSpec(["--link"], value: "list", "Add link to another container", completes: .named("container")),
            OptionSpec(["--mac-address"], value: "string", "Container MAC address (e.g., 92:d0:c6:0a:29:33)"),
            OptionSpec(["--name"], value: "string", "Assign a name to the container"),
            OptionSpec(["--network", "--net"], value: "network", "Connect a container to a network", completes: .named("network")),
            OptionSpec(["--network-alias"], value: "list", "Add network-scoped alias for the container"),
            OptionSpec(["-p", "--publish"], value: "list", "Publish a container's port(s) to the host (recorded; no firewall yet)"),
            OptionSpec(["-P", "--publish-all"], "Publish all exposed ports to random ports (recorded; no firewall yet)"),
            OptionSpec(["--rm"], "Automatically remove the container when it exits"),
            OptionSpec(["--sysctl"], value: "map", "Sysctl options (net.* only)"),
        ])

    func run(_ arguments: [String], _ context: CommandContext) throws -> Int32 {
        let (options, command) = Self.splitCommand(arguments)
        guard let flags = try CommandSupport.parse(options, Self.spec, path: [], context: context) else { return 0 }
        var request = ContainerRunRequest(
            name: flags.value("name"), hostname: flags.value("hostname"), networks: flags.values("network"),
            ipv4: flags.value("ip"), ipv6: flags.value("ip6"), macAddress: flags.value("mac-address"),
            aliases: flags.values("network-alias"), labels: CommandSupport.keyValues(flags.values("label")))
        request.publish = flags.values("publish")
        request.expose = flags.values("expose")
        request.publishAll = flags.flag("publish-all")
        request.domainname = flags.value("domainname")
        request.dns = flags.values("dns")
        request.dnsSearch = flags.values("dns-search")
        request.dnsOptions = flags.values("dns-option")
        request.extraHosts = flags.values("add-host")
        request.links = flags.values("link")
        request.command = command
        request.autoRemove = flags.flag("rm")
        request.sysctls = try flags.values("sysctl").map { value in
            guard Self.dockerAllowsSysctl(value) else {
                throw CommandSupport.invalidValue(value, option: "--sysctl", "sysctl '\(value)' is not allowed", Self.spec, path: [])
            }
            return value
        }
        if request.networks.first == "host" && !request.publish.isEmpty {
            context.stderr.write("WARNING: Published ports are discarded when using host network mode\n")
        }
        let engine = try handle.get()
        do {
            let details = try engine.runContainer(request)
            // Docker prints the id once the container is created, even if its command cannot start.
            context.stdout.write(details.container.id + "\n")
            do {
                try ContainerLifecycle.start(details, engine: engine)
            } catch {
                // Docker removes an `--rm` container whose command could not start.
                if request.autoRemove { try? ContainerAutoRemove.remove(details.container.id, engine: engine) }
                throw error
            }
            if request.autoRemove { ContainerAutoRemove.watch(try engine.container(details.container.id).container, engine: engine, context) }
        } catch let error as EngineError {
            throw CommandFailure(error.message, status: 125)
        }
        return 0
    }

    /// The docker CLI's `ValidateSysctl`: a `KEY=VALUE` whose key is namespaced in the kernel
    /// (the engine then takes only `net.*`).
    static func dockerAllowsSysctl(_ value: String) -> Bool {
        guard let equals = value.firstIndex(of: "="), equals != value.startIndex else { return false }
        let key = String(value[..<equals])
        let allowed: Set<String> = ["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
                                    "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"]
        return allowed.contains(key) || key.hasPrefix("net.") || key.hasPrefix("fs.mqueue.")
    }

    /// Splits `run`'s words into its options and the command: the words after `--`, or from
    /// the first word that is neither an option nor an option's value (Docker's image position).
    static func splitCommand(_ arguments: [String]) -> (options: [String], command: [String]) {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--" { return (Array(arguments[..<index]), Array(arguments[(index + 1)...])) }
            guard word.hasPrefix("-"), word != "-" else { return (Array(arguments[..<index]), Array(arguments[index...])) }
            let takesValue = spec.options.contains { $0.valueName != nil && $0.names.contains(word) }
            index += takesValue ? 2 : 1
        }
        return (arguments, [])
    }
}
