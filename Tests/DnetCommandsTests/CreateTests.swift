import Testing

/// `network create` beyond transcript 02 and 03: the driver options' checks (Docker's texts
/// where Docker has one), dnet's own refusals, and Docker's order of checks. Every refusal has
/// exit status 1 and changes nothing.
struct CreateTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: String
        var message: String
        var testDescription: String { arguments }
    }

    static let refusals: [Case] = [
        // Bridge driver options.
        Case(arguments: "-o com.docker.network.bridge.name=averyverylongname x",
             message: "invalid bridge name \"averyverylongname\": a kernel interface name is 1 to 15 characters without '/', ':' or spaces"),
        Case(arguments: "-o com.docker.network.bridge.enable_icc=maybe x",
             message: "failed to parse com.docker.network.bridge.enable_icc value: maybe (strconv.ParseBool: parsing \"maybe\": invalid syntax)"),
        Case(arguments: "-o com.docker.network.bridge.enable_ip_masquerade=2 x",
             message: "failed to parse com.docker.network.bridge.enable_ip_masquerade value: 2 (strconv.ParseBool: parsing \"2\": invalid syntax)"),
        Case(arguments: "-o com.docker.network.bridge.host_binding_ipv4=abc x",
             message: "failed to parse com.docker.network.bridge.host_binding_ipv4 value: abc (nil ip)"),
        Case(arguments: "-o com.docker.network.driver.mtu=-5 x", message: "invalid MTU number: -5"),
        Case(arguments: "-o com.docker.network.driver.mtu=99999999999999999999 x",
             message: "failed to parse com.docker.network.driver.mtu value: 99999999999999999999 (strconv.Atoi: parsing \"99999999999999999999\": value out of range)"),
        Case(arguments: "-o com.docker.network.driver.mtu=70000 x",
             message: "invalid com.docker.network.driver.mtu value: 70000: a bridge's MTU is between 68 and 65535"),
        Case(arguments: "--subnet 10.1.0.0/24,10.2.0.0/24 x", message: "bridge driver doesn't support multiple subnets"),
        Case(arguments: "--ipv6 --subnet fd00:1::/64 --subnet fd00:2::/64 x", message: "bridge driver doesn't support multiple subnets"),
        Case(arguments: "--subnet 10.1.0.0/24 --subnet 10.1.0.0/25 x", message: "multiple overlapping subnet configuration is not supported"),
        // macvlan and ipvlan options and parents.
        Case(arguments: "-d macvlan -o parent=lo x", message: "loopback interface is not a valid macvlan parent link"),
        Case(arguments: "-d macvlan -o parent=par0 -o macvlan_mode=loud x",
             message: "requested macvlan mode 'loud' is not valid, 'bridge' mode is the macvlan driver default"),
        Case(arguments: "-d ipvlan -o parent=par0 -o ipvlan_mode=l4 x",
             message: "requested ipvlan mode 'l4' is not valid, 'l2' mode is the ipvlan driver default"),
        Case(arguments: "-d macvlan -o parent=par0.x x", message: "unable to parse a valid vlan id from: x (ex. eth0.10 for vlan 10)"),
        Case(arguments: "-d macvlan -o parent=a.b.c x",
             message: "required interface name format is: name.vlan_id, ex. eth0.10 for vlan 10, instead received: a.b.c"),
        Case(arguments: "-d macvlan -o parent=eth9.10 x", message: "-o parent interface was not found on the host: eth9"),
        Case(arguments: "-d macvlan -o parent=par0.5000 x", message: "vlan id must be between 1-4094, received: 5000"),
        Case(arguments: "-d macvlan -o parent=par0.10 x",
             message: "parent par0.10 does not exist, and dnet does not create VLAN sub-interfaces: create it first (ip link add link par0 name par0.10 type vlan id 10)"),
        // What dnet does not have (yet).
        Case(arguments: "-d overlay x",
             message: "the overlay driver needs multi-host support, which dnet does not have yet: use bridge or macvlan"),
        Case(arguments: "--scope swarm x",
             message: "scope \"swarm\" is not supported: dnet has local networks only (multi-host support does not exist yet)"),
        Case(arguments: "--ingress x",
             message: "--ingress needs swarm mode, which dnet does not have (multi-host support does not exist yet)"),
        Case(arguments: "--config-only x", message: "--config-only and --config-from are not supported until multi-host support exists"),
        Case(arguments: "--config-from other x", message: "--config-only and --config-from are not supported until multi-host support exists"),
        Case(arguments: "x/y", message: "invalid network name \"x/y\": names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*"),
        Case(arguments: "-x", message: "unknown shorthand flag: 'x' in -x\n\nUsage:  network create [OPTIONS] NETWORK\n\nRun 'network create --help' for more information"),
        // Docker's order: the name before the subnets, the subnets before the driver.
        Case(arguments: "--subnet bad bridge", message: "operation is not permitted on predefined bridge network"),
        Case(arguments: "-d nosuchdriver taken", message: "network with name taken already exists"),
        Case(arguments: "-d nosuchdriver --subnet bad x", message: "Invalid subnet bad : invalid CIDR address: bad"),
        Case(arguments: "-d host --subnet 10.20.0.0/16 x", message: "only one instance of \"host\" network is allowed"),
        Case(arguments: "--subnet 10.20.0.0/16 -o com.docker.network.driver.mtu=abc x",
             message: "Pool overlaps with other one on this address space"),
    ]

    @Test(arguments: refusals)
    func refusedAndNothingChanges(_ bad: Case) throws {
        let harness = try CommandHarness()
        harness.run("network create --subnet 10.20.0.0/16 taken")
        let before = try harness.state()
        let outcome = harness.run("network create " + bad.arguments)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == bad.message + "\n")
        #expect(outcome.status == (bad.arguments == "-x" ? 125 : 1))
        #expect(try harness.state() == before)
    }

    @Test func aParentServesOneNetworkOfADriver() throws {
        let harness = try CommandHarness()
        let first = harness.run("network create -d macvlan -o parent=par0 m1").stdout.prefix(12)
        let before = try harness.state()
        #expect(harness.run("network create -d macvlan -o parent=par0 m2")
                == Outcome(stdout: "", stderr: "network dm-\(first) is already using parent interface par0\n", status: 1))
        #expect(try harness.state() == before)
        #expect(harness.run("network create -d macvlan -o parent=par1 -o macvlan_mode=private m3").status == 0)
        #expect(harness.run("network inspect -f '{{json .Options}}' m3").stdout == "{\"macvlan_mode\":\"private\",\"parent\":\"par1\"}\n")
    }

    @Test func bridgeOptionsThatDockerAccepts() throws {
        let harness = try CommandHarness()
        let options = "-o com.docker.network.driver.mtu=0 -o com.docker.network.bridge.host_binding_ipv4=::1 "
            + "-o com.docker.network.bridge.enable_icc=F -o com.docker.network.bridge.enable_ip_masquerade=1"
        #expect(harness.run("network create \(options) opts").status == 0)
        let network = try harness.engine.network("opts")
        #expect(network.mtu == 1500)
        #expect(network.options["com.docker.network.bridge.enable_icc"] == "F")
        // Labels and options: `k` alone has an empty value, a repeated key keeps the last.
        #expect(harness.run("network create --label a --label b=1 --label b=2 -o x=1 -o x=2 lab").status == 0)
        #expect(harness.run("network inspect -f '{{json .Labels}} {{json .Options}}' lab").stdout
                == "{\"a\":\"\",\"b\":\"2\"} {\"x\":\"2\"}\n")
    }

    /// A bridge is `br-` and the id's first 12 digits, unless named; the dry run shows the
    /// steps: the bridge, its address, its `route_localnet`, the firewall's new elements, and
    /// the accept rules for Docker's DOCKER-USER chain (applied where that chain exists).
    @Test func createsTheBridgeWithItsGatewayAndMTU() throws {
        let harness = try CommandHarness()
        harness.run("network ls")
        let steps = try #require(harness.dryRun).steps.count
        let id = harness.run("network create --subnet 10.40.0.0/24 --gateway 10.40.0.254 -o com.docker.network.driver.mtu=1400 b1").stdout
        let commands = try #require(harness.dryRun).commands
        #expect(try #require(harness.dryRun).steps.count == steps + 5)
        let bridge = "br-\(id.prefix(12))"
        #expect(commands.contains("sysctl -qw net/ipv4/conf/\(bridge)/route_localnet=1"), "\(commands)")
        #expect(commands.contains("add element inet dnet bridges { \"\(bridge)\" }"), "\(commands)")
        #expect(commands.contains("add element inet dnet masq { 10.40.0.0/24 }"), "\(commands)")
        #expect(commands.contains { $0.hasPrefix("nft insert rule ip filter DOCKER-USER iifname \"\(bridge)\" counter accept comment \"dnet:") },
                "\(commands)")
        #expect(commands.contains { $0.contains("br-\(id.prefix(12))") && $0.contains("mtu 1400") })
        #expect(commands.contains { $0.contains("10.40.0.254/24") && $0.contains("br-\(id.prefix(12))") })
    }
}
