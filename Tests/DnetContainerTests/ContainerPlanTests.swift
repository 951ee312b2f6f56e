import Testing
import DnetCommandKit
import DnetEngine
import DnetIPAM
import DnetKernel

/// `run`, `rm`, `ps`, `inspect`, `network connect|disconnect` against the dry-run kernel:
/// the steps they plan, what they print, and Docker's errors.
@Suite struct ContainerPlanTests {
    let dry = DryRunBackend()
    let harness: ContainerHarness

    init() { harness = ContainerHarness(backend: dry, persist: false) }

    func steps(during body: () -> Void) -> [KernelStep] {
        let before = dry.steps.count
        body()
        return Array(dry.steps[before...])
    }

    @Test func runOnAUserNetworkMakesANamespaceAndOneVeth() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --subnet 10.50.0.0/24 app")
        var id = ""
        let planned = steps { id = harness.output("run --name c2 --net app") }
        #expect(id.count == 64 && id.allSatisfy(\.isHexDigit))
        #expect(planned.count == 3)
        #expect(planned.first == .createNamespace(name: "c2", disableIPv6: true))
        // Its host name in a UTS namespace of its own: the first 12 hex of the id, as Docker.
        #expect(planned.dropFirst().first == .createUTSNamespace(name: "c2", hostname: String(id.prefix(12))))
        guard planned.count == 3, case .addContainerVeth(let spec) = planned[2] else {
            Issue.record("expected a veth step: \(planned)")
            return
        }
        let network = try harness.engine.network("app")
        let endpoint = try harness.engine.container("c2").attachments[0].endpoint
        #expect(spec.bridge == network.bridgeName)
        #expect(spec.hostName.hasPrefix("veth") && spec.hostName.count == 11)
        #expect(spec.hostName == endpoint.hostInterface)
        let interface = spec.interface
        #expect(interface.namespace == "c2" && interface.name == "eth0" && interface.mtu == 1500)
        #expect(interface.addresses.map(\.description) == ["10.50.0.2/24"])
        #expect(interface.macAddress?.description == "02:42:0a:32:00:02")
        #expect(interface.gateway?.description == "10.50.0.1" && interface.gatewayIPv6 == nil)
        #expect(interface.disableIPv6)
        #expect(interface.alias == "dnet:" + endpoint.id)
    }

    @Test func inspectShowsDockersFields() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --subnet 10.50.0.0/24 app")
        let id = harness.output("run --name c12 --net app --ip 10.50.0.100 -l team=blue")
        let short = String(id.prefix(12))
        #expect(harness.output("inspect -f '{{.Id}} {{.Name}} {{.HostConfig.NetworkMode}} {{.Config.Hostname}} {{.State.Running}} {{json .Config.Labels}}' c12")
                == "\(id) /c12 app \(short) true {\"team\":\"blue\"}")
        #expect(harness.output("inspect -f '{{json .NetworkSettings.Networks}}' c12").hasPrefix(
            "{\"app\":{\"IPAMConfig\":{\"IPv4Address\":\"10.50.0.100\"},\"Links\":null,\"Aliases\":[\"\(short)\"],\"MacAddress\":\"02:42:0a:32:00:64\""))
        #expect(harness.output("inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}}/{{$v.IPPrefixLen}} {{$v.Gateway}}{{end}} [{{.NetworkSettings.IPAddress}}]' c12")
                == "app 10.50.0.100/24 10.50.0.1 []")
        let json = harness.output("inspect \(short)")
        #expect(json.hasPrefix("[\n    {\n        \"Id\": \"\(id)\""))
        #expect(json.contains("\"SandboxKey\": \"/run/netns/c12\""))
        let missing = harness.run("inspect c12 nosuch")
        #expect(missing.status == 1 && missing.stderr == "No such object: nosuch\n")
        // As `docker inspect`: networks too, unless --type says otherwise.
        #expect(harness.output("inspect -f '{{.Name}}' app c12") == "app\n/c12")
        #expect(harness.output("inspect -f '{{range .Containers}}{{.Name}}{{end}}' app") == "c12")
        #expect(harness.run("inspect --type container app").stderr == "No such object: app\n")
        #expect(harness.run("inspect --type network c12").stderr == "No such object: c12\n")
    }

    @Test func defaultBridgeFillsTheTopLevelFieldsAndNetworkModeIsDefault() throws {
        defer { harness.removeDataRoot() }
        harness.output("run --name c1 -h web")
        #expect(harness.output("inspect -f '{{.HostConfig.NetworkMode}} {{.Config.Hostname}} {{.NetworkSettings.IPAddress}} {{.NetworkSettings.MacAddress}} {{.NetworkSettings.Gateway}} {{json .NetworkSettings.Networks.bridge.Aliases}}' c1")
                == "default web 172.17.0.2 02:42:ac:11:00:02 172.17.0.1 null")
        harness.output("run --name c1b")
        #expect(harness.output("ps --format '{{.Names}} {{.Networks}} {{.Ports}}'") == "c1b bridge \nc1 bridge")
    }

    @Test func addressesAreReusedLowestFirst() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --subnet 10.80.0.0/24 alloc")
        for name in ["a1", "a2", "a3"] { harness.output("run --name \(name) --net alloc") }
        let listed = harness.output("network inspect -f '{{range .Containers}}{{.Name}}={{.IPv4Address}} {{end}}' alloc")
        #expect(listed.split(separator: " ").sorted() == ["a1=10.80.0.2/24", "a2=10.80.0.3/24", "a3=10.80.0.4/24"])
        #expect(harness.output("rm -f a2") == "a2")
        harness.output("run --name a4 --net alloc")
        #expect(harness.output("inspect -f '{{.Name}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' a4") == "/a4 10.80.0.3")
        harness.output("run --name a5 --net alloc")
        #expect(harness.output("inspect -f '{{.Name}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' a5") == "/a5 10.80.0.5")
    }

    @Test func networkInspectListsContainersByID() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --subnet 10.60.0.0/24 net2")
        let id = harness.output("run --name c1 --net net2")
        let endpoint = try harness.engine.container("c1").attachments[0].endpoint.id
        #expect(harness.output("network inspect -f '{{range $k, $v := .Containers}}{{$k}} {{$v.Name}} {{$v.EndpointID}} {{$v.MacAddress}} {{$v.IPv4Address}} [{{$v.IPv6Address}}]{{end}}' net2")
                == "\(id) c1 \(endpoint) 02:42:0a:3c:00:02 10.60.0.2/24 []")
        #expect(harness.output("network inspect -f '{{json .Containers}}' bridge") == "{}")
    }

    @Test func psListsNewestFirstWithDockersColumns() throws {
        defer { harness.removeDataRoot() }
        let first = harness.output("run --name one")
        let second = harness.output("run --name two -l k=v")
        let table = harness.output("ps").split(separator: "\n").map(String.init)
        #expect(table.count == 3)
        #expect(table[0].hasPrefix("CONTAINER ID   IMAGE     COMMAND   CREATED"))
        #expect(table[0].hasSuffix("STATUS    PORTS     NAMES") || table[0].contains("STATUS"))
        #expect(table[1].hasPrefix(String(second.prefix(12))) && table[1].hasSuffix("two"))
        #expect(table[1].contains("\"\"") && table[1].contains("Up "))
        #expect(harness.output("ps -q") == "\(second.prefix(12))\n\(first.prefix(12))")
        #expect(harness.output("ps -a -q --no-trunc") == "\(second)\n\(first)")
        #expect(harness.output("ps -q -f label=k=v") == String(second.prefix(12)))
        #expect(harness.output("ps --format '{{.Names}}' -f name=on") == "one")
        #expect(harness.output("ps --format '{{.Names}}' -f network=bridge") == "two\none")
        #expect(harness.run("ps -f bogus=1").stderr == "Invalid filter 'bogus'\n")
    }

    @Test func netNoneIsANamespaceWithLoopbackOnly() throws {
        defer { harness.removeDataRoot() }
        try harness.engine.ensureStarted()
        var id = ""
        let planned = steps { id = harness.output("run --name c3 --net none") }
        #expect(planned == [.createNamespace(name: "c3", disableIPv6: true),
                            .createUTSNamespace(name: "c3", hostname: String(id.prefix(12)))])
        // A dry run shows it as util-linux makes it.
        #expect(planned[1].commands(ipv6DisabledByDefault: [:]).last == "unshare --uts=/run/dnet/uts/c3 hostname \(id.prefix(12))")
        #expect(harness.output("inspect -f '{{.HostConfig.NetworkMode}} {{range $k, $v := .NetworkSettings.Networks}}{{$k}} [{{$v.IPAddress}}] [{{$v.MacAddress}}]{{end}}' c3")
                == "none none [] []")
        #expect(harness.output("network inspect -f '{{range $k, $v := .Containers}}{{$k}} {{$v.Name}}{{end}}' none") == "\(id) c3")
        // Docker: leaving `none` makes room for another network.
        #expect(harness.run("network connect bridge c3").stderr
                == "container cannot be connected to multiple networks with one of the networks in private (none) mode\n")
        harness.output("network disconnect none c3")
        harness.output("network connect bridge c3")
        #expect(harness.output("inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}}{{end}}' c3") == "bridge 172.17.0.2")
    }

    @Test func runRefusesWithDockersErrorsAndLeavesNothing() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --subnet 10.20.0.0/16 ov1")
        harness.output("network create plain1")
        harness.output("network create --subnet 10.13.0.0/24 --aux-address a=10.13.0.5 n-aux")
        harness.output("run --name taken --net ov1 --ip 10.20.0.10")
        let before = dry.steps.count
        let stateBefore = try harness.engine.networks()
        let cases: [(String, String)] = [
            ("run --name ipc1 --ip 172.17.0.50", "user specified IP address is supported on user defined networks only"),
            ("run --name ipc2 --net ov1 --ip 10.21.0.5", "Invalid address 10.21.0.5: It does not belong to any of this network's subnets"),
            ("run --name ipc4 --net ov1 --ip 10.20.0.10", "Address already in use"),
            ("run --name ipc5 --net ov1 --ip 10.20.0.1", "Address already in use"),
            ("run --name ipc6 --net ov1 --ip 10.20.0.0", "Address already in use"),
            ("run --name ipc6b --net ov1 --ip 10.20.255.255", "Address already in use"),
            ("run --name ipc7 --net plain1 --ip 172.18.0.50", "user specified IP address is supported only when connecting to networks with user configured subnets"),
            ("run --name ipc8 --net n-aux --ip 10.13.0.5", "Address already in use"),
            ("run --name ipc9 --net ov1 --ip notanip", "invalid IPv4 address: notanip"),
            ("run --name nn1 --net nosuchnet", "network nosuchnet not found"),
            ("run --name nn3 --network-alias foo", "network-scoped aliases are only supported for user-defined networks"),
            ("run --name nn12 --net ov1 --net plain1", "Container cannot be connected to network endpoints: ov1, plain1"),
            ("run --name nn15 --mac-address zz", "zz is not a valid mac address"),
            ("run --name taken", "Conflict. The container name \"/taken\" is already in use by container \"\(try harness.engine.container("taken").container.id)\". You have to remove (or rename) that container to be able to reuse that name."),
            ("run --name -bad", "Invalid container name (-bad), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"),
            ("run --net container:nosuchcontainer", "No such container: nosuchcontainer"),
            ("run --net container:taken -h foo", "conflicting options: hostname and the network mode"),
            ("run --net container:taken -p 8082:80", "conflicting options: port publishing and the container type network mode"),
            ("run --net container:taken --dns 1.2.3.4", "conflicting options: dns and the network mode"),
        ]
        for (line, message) in cases {
            let outcome = harness.run(line)
            #expect(outcome == Outcome(stdout: "", stderr: message + "\n", status: 125), "\(line)")
        }
        #expect(dry.steps.count == before, "a refused run plans no kernel step")
        #expect(try harness.engine.networks() == stateBefore)
        #expect(harness.output("ps -a --format '{{.Names}}'") == "taken")
    }

    @Test func randomNamesAreDockerStyleAndUnique() throws {
        defer { harness.removeDataRoot() }
        for _ in 0..<5 { harness.output("run") }
        let names = harness.output("ps --format '{{.Names}}'").split(separator: "\n")
        #expect(Set(names).count == 5)
        #expect(names.allSatisfy { $0.split(separator: "_").count == 2 })
    }

    @Test func rmDeletesTheVethAndTheNamespaceAndFreesTheNetwork() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --subnet 10.50.0.0/24 app")
        harness.output("run --name c2 --net app")
        #expect(harness.run("network rm app").stderr.contains("has active endpoints"))
        // Without a main process nothing inside can keep the namespace alive: its veth goes
        // with it, and its host end is not taken down first.
        let planned = steps { #expect(harness.output("rm c2") == "c2") }
        #expect(planned == [.deleteUTSNamespace(name: "c2"), .deleteNamespace(name: "c2")])
        #expect(harness.run("rm c2") == Outcome(stdout: "", stderr: "No such container: c2\n", status: 1))
        #expect(harness.run("rm -f c2") == Outcome(stdout: "", stderr: "No such container: c2\n", status: 0))
        #expect(harness.output("network rm app") == "app")
    }

    @Test func connectAndDisconnectMoveTheDefaultRouteAsDockerDoes() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --subnet 10.81.0.0/24 zzz")
        harness.output("network create --subnet 10.82.0.0/24 aaa")
        harness.output("network create plain1")
        let id = harness.output("run --name g1 --net zzz")
        // aaa sorts before zzz: it takes the default route.
        let connected = steps { harness.output("network connect --alias x1 aaa g1") }
        #expect(connected.count == 2)
        #expect(connected.first == .deleteRoute(.defaultRoute(via: IPAddress("10.81.0.1")!, device: "eth0"), namespace: .named("g1")))
        if case .addContainerVeth(let spec)? = connected.last {
            #expect(spec.interface.name == "eth1" && spec.interface.gateway == IPAddress("10.82.0.1"))
            #expect(spec.interface.addresses.map(\.description) == ["10.82.0.2/24"])
        } else { Issue.record("expected a veth: \(connected)") }
        #expect(harness.output("inspect -f '{{json .NetworkSettings.Networks.aaa.Aliases}}' g1") == "[\"x1\",\"\(id.prefix(12))\"]")
        // bridge sorts after aaa: no route change.
        let third = steps { harness.output("network connect bridge g1") }
        if case .addContainerVeth(let spec)? = third.first, third.count == 1 {
            #expect(spec.interface.name == "eth2" && spec.interface.gateway == nil)
        } else { Issue.record("expected one veth: \(third)") }
        // Leaving aaa: bridge (before zzz) gives the default route.
        let eth1 = try harness.engine.container("g1").attachments.first { $0.network.name == "aaa" }!.endpoint.hostInterface!
        let left = steps { harness.output("network disconnect aaa g1") }
        #expect(left == [.deleteLink(name: eth1, namespace: .host),
                         .addRoute(.defaultRoute(via: IPAddress("172.17.0.1")!, device: "eth2"), namespace: .named("g1"))])

        #expect(harness.run("network connect zzz g1").stderr == "endpoint with name g1 already exists in network zzz\n")
        #expect(harness.run("network disconnect plain1 g1").stderr == "container \(id) is not connected to network plain1\n")
        #expect(harness.run("network connect host g1").stderr == "container cannot be disconnected from host network or connected to host network\n")
        #expect(harness.run("network disconnect host g1").stderr == "container cannot be disconnected from host network or connected to host network\n")
        #expect(harness.run("network connect none g1").stderr == "container cannot be connected to multiple networks with one of the networks in private (none) mode\n")
        #expect(harness.run("network connect --ip 10.99.0.9 plain1 g1").stderr == "user specified IP address is supported only when connecting to networks with user configured subnets\n")
        #expect(harness.run("network connect nosuchnet g1").stderr == "network nosuchnet not found\n")
        #expect(harness.run("network connect zzz nosuch").stderr == "No such container: nosuch\n")
        // eth1 is free again: the next connect takes it.
        harness.output("network connect --ip 10.82.0.50 aaa g1")
        #expect(try harness.engine.container("g1").attachments.map { $0.endpoint.interfaceName ?? "" } == ["eth0", "eth1", "eth2"])
    }

    @Test func ipv6NetworksGiveBothFamiliesAndKeepIPv6On() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --ipv6 --subnet 10.83.0.0/24 --subnet fd00:83::/64 v6net")
        let planned = steps { harness.output("run --name v61 --net v6net") }
        #expect(planned.first == .createNamespace(name: "v61", disableIPv6: false))
        if case .addContainerVeth(let spec)? = planned.last {
            #expect(spec.interface.addresses.map(\.description) == ["10.83.0.2/24", "fd00:83::2/64"])
            #expect(spec.interface.gatewayIPv6 == IPAddress("fd00:83::1") && !spec.interface.disableIPv6)
        } else { Issue.record("expected a veth: \(planned)") }
        let id = harness.output("run --name v62 --net v6net --ip6 fd00:83::99")
        let endpoint = try harness.engine.container("v62").attachments[0]
        #expect(harness.output("inspect -f '{{json .NetworkSettings.Networks}}' v62")
                == "{\"v6net\":{\"IPAMConfig\":{\"IPv6Address\":\"fd00:83::99\"},\"Links\":null,\"Aliases\":[\"\(id.prefix(12))\"],\"MacAddress\":\"02:42:0a:53:00:03\",\"DriverOpts\":null,\"GwPriority\":0,\"NetworkID\":\"\(endpoint.network.id)\",\"EndpointID\":\"\(endpoint.endpoint.id)\",\"Gateway\":\"10.83.0.1\",\"IPAddress\":\"10.83.0.3\",\"IPPrefixLen\":24,\"IPv6Gateway\":\"fd00:83::1\",\"GlobalIPv6Address\":\"fd00:83::99\",\"GlobalIPv6PrefixLen\":64,\"DNSNames\":null}}")
        let listed = harness.output("network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}} {{.IPv6Address}}|{{end}}' v6net")
        #expect(listed.split(separator: "|").sorted() == ["v61 10.83.0.2/24 fd00:83::2/64", "v62 10.83.0.3/24 fd00:83::99/64"])
    }

    @Test func execRefusesWhatItCannotRun() throws {
        defer { harness.removeDataRoot() }
        #expect(harness.run("exec nosuch true") == Outcome(stdout: "", stderr: "No such container: nosuch\n", status: 1))
        let missing = harness.run("exec c1")
        #expect(missing.status == 1 && missing.stderr.hasPrefix("'exec' requires at least 2 arguments"))
        // A dry run makes no namespace to enter.
        harness.output("run --name dnet-dry-run-only")
        let dry = harness.run("exec dnet-dry-run-only true")
        #expect(dry.status == 126 && dry.stderr.hasPrefix("cannot enter the network namespace of dnet-dry-run-only (/run/netns/dnet-dry-run-only)"))
    }

    @Test func containersAndNetworksAreFoundByNameIDOrPrefix() throws {
        defer { harness.removeDataRoot() }
        let network = harness.output("network create --subnet 10.70.0.0/24 byid")
        let id = harness.output("run --name x1 --net \(network.prefix(6))")
        #expect(harness.output("inspect -f '{{.HostConfig.NetworkMode}} {{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}' x1")
                == "\(network.prefix(6)) byid")
        for reference in [id, String(id.prefix(5)), "x1", "/x1"] {
            #expect(harness.output("inspect -f '{{.Name}}' \(reference)") == "/x1", "\(reference)")
        }
        #expect(harness.run("run --name bad -h -web").stderr == "invalid hostname format: -web\n")
        #expect(harness.output("rm \(id.prefix(8))") == String(id.prefix(8)))
        #expect(harness.output("ps -a -q") == "")
    }

    @Test func publishedPortsAreRecordedAsDockerParsesThem() throws {
        defer { harness.removeDataRoot() }
        harness.output("run --name c9 -p 8080:80")
        harness.output("run --name c9b -p 127.0.0.1:8081:80 -p 8082:81/udp --expose 90-91 -P")
        harness.output("run --name plain")
        #expect(harness.output("inspect -f '{{json .HostConfig.PortBindings}} {{json .HostConfig.PublishAllPorts}} {{json .Config.ExposedPorts}}' c9")
                == "{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"}]} false {\"80/tcp\":{}}")
        #expect(harness.output("inspect -f '{{json .HostConfig.PortBindings}} {{json .HostConfig.PublishAllPorts}} {{json .Config.ExposedPorts}}' c9b")
                == "{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8081\"}],\"81/udp\":[{\"HostIp\":\"\",\"HostPort\":\"8082\"}]} true {\"80/tcp\":{},\"81/udp\":{},\"90/tcp\":{},\"91/tcp\":{}}")
        #expect(harness.output("inspect -f '{{json .HostConfig.PortBindings}} {{json .Config}}' plain").hasPrefix("{} {\"Hostname\""))
        #expect(!harness.output("inspect -f '{{json .Config}}' plain").contains("ExposedPorts"))
        // The firewall maps them (-P: the exposed ports without a binding, from 32768 up), in
        // Docker's order and format (IPv4 only: no `[::]:…` entries).
        #expect(harness.output("ps --format '{{.Names}}:{{.Ports}}' -f name=c9b")
                == "c9b:127.0.0.1:8081->80/tcp, 0.0.0.0:8082->81/udp, 0.0.0.0:32768->90/tcp, 0.0.0.0:32769->91/tcp")
        #expect(harness.output("port c9b") == "80/tcp -> 127.0.0.1:8081\n81/udp -> 0.0.0.0:8082\n90/tcp -> 0.0.0.0:32768\n91/tcp -> 0.0.0.0:32769")
        harness.output("run --name ranges -p [::1]:8000-8001:80-81 -p 9000-9005:70")
        #expect(harness.output("inspect -f '{{json .HostConfig.PortBindings}}' ranges")
                == "{\"70/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"9000-9005\"}],\"80/tcp\":[{\"HostIp\":\"::1\",\"HostPort\":\"8000\"}],\"81/tcp\":[{\"HostIp\":\"::1\",\"HostPort\":\"8001\"}]}")
        let errors: [(String, String)] = [
            ("-p 99999:80", "invalid hostPort: 99999"),
            ("-p 80:x", "invalid containerPort: x"),
            ("-p 80:80/foo", "invalid proto: foo"),
            ("-p 1.2.3:80:80", "invalid IP address: 1.2.3"),
            ("-p 8000-8002:80-81", "invalid ranges specified for container and host Ports: 80-81 and 8000-8002"),
            ("--expose 1:2", "invalid port format for --expose: 1:2"),
            ("--expose 9-x", "invalid range format for --expose: 9-x, error: strconv.ParseUint: parsing \"x\": invalid syntax"),
        ]
        for (options, message) in errors {
            #expect(harness.run("run \(options)") == Outcome(stdout: "", stderr: message + "\n", status: 125), "\(options)")
        }
    }
}
