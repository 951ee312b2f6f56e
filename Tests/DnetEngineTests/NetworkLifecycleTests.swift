@preconcurrency @testable import DnetEngine
import DnetIPAM
import DnetKernel
import Testing

/// `network create`, `rm` and `prune` against the model kernel: what the store keeps and
/// what the kernel gets.
@Suite struct NetworkLifecycleTests {
    @Test func createTakesPoolSubnetsInDockersOrder() throws {
        let (_, kernel, engine) = try EngineFixture.started()
        kernel.clearSteps()
        let n1 = try engine.createNetwork(EngineFixture.request("n1"))
        let n2 = try engine.createNetwork(EngineFixture.request("n2"))
        #expect(n1.ipv4 == "172.18.0.0/16 172.18.0.1")
        #expect(n2.ipv4 == "172.19.0.0/16 172.19.0.1")
        for network in [n1, n2] {
            #expect(network.bridgeName == "br-" + network.id.prefix(12))
            #expect(network.type == "custom" && network.driver == "bridge" && network.mtu == 1500)
            let link = try #require(kernel.link(network.bridgeName!))
            #expect(link.alias == "dnet:\(network.id)" && link.isUp && link.mtu == 1500)
            #expect(link.addresses == network.gatewayPrefixes)
        }
        #expect(kernel.steps == n1.creationSteps + n2.creationSteps)
        #expect(try engine.networks().map(\.name) == ["bridge", "host", "n1", "n2", "none"])
        #expect(try engine.network(n2.id) == n2)
        #expect(try engine.network(String(n2.id.prefix(5))) == n2)
    }

    @Test func aBridgesMACAddressComesFromItsNetworksID() throws {
        let (_, _, engine) = try EngineFixture.started()
        var network = try #require(try engine.named("bridge"))
        network.id = "0123456789ab" + "cdef0123459a" + String(repeating: "f", count: 40)
        #expect(network.bridgeMACAddress.description == "02:cd:ef:01:23:45")
        network.id = "0123456789ab" + "e0" + String(repeating: "0", count: 50)
        #expect(network.bridgeMACAddress.description == "02:e0:00:00:00:00")
    }

    @Test func createHonoursSubnetGatewayBridgeNameAndMTU() throws {
        let (_, kernel, engine) = try EngineFixture.started()
        var request = EngineFixture.request("front", subnet: "10.9.0.0/24", options: [
            "com.docker.network.bridge.name": "front0", "com.docker.network.driver.mtu": "1400"])
        request.gateways = ["10.9.0.254"]
        request.labels = ["tier": "web"]
        let network = try engine.createNetwork(request)
        #expect(network.ipv4 == "10.9.0.0/24 10.9.0.254")
        #expect(network.labels == ["tier": "web"])
        let link = try #require(kernel.link("front0"))
        #expect(link.mtu == 1400 && link.addresses == [cidr("10.9.0.254/24")] && link.alias == engine.mark(network.id))
    }

    @Test func createWithIPv6PutsBothGatewaysOnTheBridge() throws {
        let (_, kernel, engine) = try EngineFixture.started()
        var request = EngineFixture.request("dual", subnet: "10.10.0.0/24")
        request.subnets.append("fd00:10::/64")
        request.enableIPv6 = true
        let network = try engine.createNetwork(request)
        #expect(kernel.link(network.bridgeName!)?.addresses == [cidr("10.10.0.1/24"), cidr("fd00:10::1/64")])
    }

    struct BadCreate: CustomTestStringConvertible, Sendable {
        var request: NetworkCreateRequest
        /// The whole message, its end where it starts with the new network's random id, or its
        /// start where dnet adds advice; `{bridge}` stands for the default bridge's id.
        var message: String
        var testDescription: String { message }

        func matches(_ text: String?, bridgeID: String) -> Bool {
            let expected = message.replacingOccurrences(of: "{bridge}", with: bridgeID)
            guard let text else { return false }
            return text.hasPrefix(expected) || text.hasSuffix(": " + expected)
        }
    }

    static let badCreates: [BadCreate] = {
        func make(_ name: String, subnet: String? = nil, driver: String = "bridge", options: [String: String] = [:]) -> NetworkCreateRequest {
            var request = EngineFixture.request(name, subnet: subnet, options: options)
            request.driver = driver
            return request
        }
        return [
            BadCreate(request: make("taken"), message: "network with name taken already exists"),
            BadCreate(request: make("bridge"), message: "operation is not permitted on predefined bridge network"),
            BadCreate(request: make("host"), message: "operation is not permitted on predefined host network"),
            BadCreate(request: make("none"), message: "operation is not permitted on predefined none network"),
            BadCreate(request: make("o1", subnet: "10.20.1.0/24"), message: "Pool overlaps with other one on this address space"),
            BadCreate(request: make("o2", subnet: "10.0.0.0/8"), message: "Pool overlaps with other one on this address space"),
            BadCreate(request: make("o3", subnet: "172.17.5.0/24"), message: "Pool overlaps with other one on this address space"),
            BadCreate(request: make("e1", subnet: "10.300.0.0/16"), message: "Invalid subnet 10.300.0.0/16 : invalid CIDR address: 10.300.0.0/16"),
            BadCreate(request: make("e2", options: ["com.docker.network.driver.mtu": "abc"]),
                      message: "failed to parse com.docker.network.driver.mtu value: abc (strconv.Atoi: parsing \"abc\": invalid syntax)"),
            BadCreate(request: make("e3", driver: "nosuchdriver"), message: "plugin \"nosuchdriver\" not found"),
            BadCreate(request: make("e4", driver: "host"), message: "only one instance of \"host\" network is allowed"),
            BadCreate(request: make("e5", driver: "null"), message: "only one instance of \"null\" network is allowed"),
            BadCreate(request: make("e6", options: ["com.docker.network.bridge.name": "dnet0"]),
                      message: "conflicts with network {bridge} (dnet0): networks have same bridge name"),
            BadCreate(request: make("e7", options: ["com.docker.network.bridge.name": "eth0"]),
                      message: "cannot create bridge eth0: a network interface with that name already exists"),
            BadCreate(request: make("bad name"),
                      message: "invalid network name \"bad name\": names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*"),
        ]
    }()

    /// Bad input gets Docker's text and changes neither the store nor the kernel.
    @Test(arguments: badCreates)
    func badCreateChangesNothing(_ bad: BadCreate) throws {
        let (root, kernel, engine) = try EngineFixture.started()
        kernel.addHostLink("eth0", kind: nil)
        try engine.createNetwork(EngineFixture.request("taken", subnet: "10.20.0.0/16"))
        kernel.clearSteps()
        let store = try StoreContent(root), links = kernel.dump
        let error = #expect(throws: EngineError.self) { try engine.createNetwork(bad.request) }
        let bridgeID = try #require(try engine.named("bridge")).id
        #expect(bad.matches(error?.message, bridgeID: bridgeID), "\(error?.message ?? "no error")")
        #expect(try StoreContent(root) == store)
        #expect(kernel.dump == links)
        #expect(kernel.steps.isEmpty)
    }

    /// Next-fit, as Docker: a freed pool subnet is not handed out again until the pools
    /// wrap, and the position survives a restart.
    @Test func freedPoolSubnetsWaitForTheWrap() throws {
        var settings = EngineSettings.modelKernel
        settings.defaultAddressPools = [try DefaultAddressPool(base: cidr("10.50.0.0/22"), size: 24)]
        let (root, kernel, engine) = try EngineFixture.started(settings: settings)
        #expect(try engine.named("bridge")?.ipv4Subnet == "10.50.0.0/24")
        let a = try engine.createNetwork(EngineFixture.request("a"))
        #expect(a.ipv4Subnet == "10.50.1.0/24")
        try engine.removeNetwork("a")
        #expect(try engine.createNetwork(EngineFixture.request("b")).ipv4Subnet == "10.50.2.0/24")

        let restarted = EngineFixture.engine(root, kernel, settings: settings)
        #expect(try restarted.createNetwork(EngineFixture.request("c")).ipv4Subnet == "10.50.3.0/24")
        // Wrapped: the freed 10.50.1.0/24 comes back.
        #expect(try restarted.createNetwork(EngineFixture.request("d")).ipv4Subnet == "10.50.1.0/24")
        let error = #expect(throws: EngineError.self) { try restarted.createNetwork(EngineFixture.request("e")) }
        #expect(error?.message == "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network")
    }

    /// A pool subnet that overlaps a host address or route is skipped for custom networks too.
    @Test func poolSubnetsSkipHostPrefixes() throws {
        let root = TemporaryDataRoot(), kernel = ModelKernel()
        kernel.addHostLink("eth0", kind: nil, addresses: ["172.18.5.5/24"])
        kernel.addRoute("172.19.0.0/16", device: "eth0")
        let engine = EngineFixture.engine(root, kernel)
        #expect(try engine.createNetwork(EngineFixture.request("n")).ipv4Subnet == "172.20.0.0/16")
    }

    @Test func removeDeletesTheBridgeAndTheRecord() throws {
        let (root, kernel, engine) = try EngineFixture.started()
        let byName = try engine.createNetwork(EngineFixture.request("one"))
        let byID = try engine.createNetwork(EngineFixture.request("two"))
        let byPrefix = try engine.createNetwork(EngineFixture.request("three"))
        kernel.clearSteps()
        #expect(try engine.removeNetwork("one") == byName)
        #expect(try engine.removeNetwork(byID.id) == byID)
        #expect(try engine.removeNetwork(byPrefix.shortID) == byPrefix)
        #expect(kernel.steps == [byName, byID, byPrefix].map { .deleteLink(name: $0.bridgeName!, namespace: .host) })
        #expect(kernel.linkNames == ["lo", "dnet0"])
        #expect(try engine.networks().map(\.name) == ["bridge", "host", "none"])
        #expect(try StoreContent(root).records["network"]?.count == 3)
    }

    @Test func removeRefusesWithDockersTexts() throws {
        let (root, kernel, engine) = try EngineFixture.started()
        let busy = try engine.createNetwork(EngineFixture.request("busy"))
        try EngineFixture.addEndpoint(engine, network: busy)
        kernel.clearSteps()
        let store = try StoreContent(root)
        let cases = [
            ("bridge", "bridge is a pre-defined network and cannot be removed"),
            ("host", "host is a pre-defined network and cannot be removed"),
            ("none", "none is a pre-defined network and cannot be removed"),
            ("nosuchnet", "network nosuchnet not found"),
            ("busy", "error while removing network: network busy id \(busy.id) has active endpoints"),
        ]
        for (reference, message) in cases {
            let error = #expect(throws: EngineError.self) { try engine.removeNetwork(reference) }
            #expect(error?.message == message)
        }
        #expect(kernel.steps.isEmpty)
        #expect(try StoreContent(root) == store)
        #expect(try engine.endpointCounts() == [busy.id: 1])
    }

    @Test func lookupPrefersIDThenNameThenUniquePrefix() throws {
        func record(_ id: String, _ name: String) throws -> NetworkRecord {
            NetworkRecord(id: id, name: name, driver: "bridge", created: 0, ipamOptions: nil,
                          addresses: try NetworkAddresses(configs: []))
        }
        let a = try record("abc1" + String(repeating: "0", count: 60), "abc2")
        let b = try record("abc2" + String(repeating: "0", count: 60), "x")
        #expect(try Engine.lookup("abc2", in: [a, b]) == a) // a name beats an id prefix
        #expect(try Engine.lookup(b.id, in: [a, b]) == b)
        #expect(try Engine.lookup("abc1", in: [a, b]) == a)
        let ambiguous = #expect(throws: EngineError.self) { try Engine.lookup("abc", in: [a, b]) }
        #expect(ambiguous?.message == "network abc is ambiguous (2 matches found based on ID prefix)")
        let missing = #expect(throws: EngineError.self) { try Engine.lookup("zzz", in: [a, b]) }
        #expect(missing?.message == "network zzz not found")
    }

    @Test func pruneRemovesCustomNetworksWithoutEndpoints() throws {
        let (_, kernel, engine) = try EngineFixture.started()
        let a = try engine.createNetwork(EngineFixture.request("a"))
        let b = try engine.createNetwork(EngineFixture.request("b"))
        let c = try engine.createNetwork(EngineFixture.request("c"))
        let d = try engine.createNetwork(EngineFixture.request("d"))
        try EngineFixture.addEndpoint(engine, network: b)
        kernel.clearSteps()
        #expect(try engine.pruneNetworks { $0.name != "d" } == [a, c])
        #expect(kernel.steps == [a, c].map { .deleteLink(name: $0.bridgeName!, namespace: .host) })
        #expect(try engine.networks().map(\.name) == ["b", "bridge", "d", "host", "none"])
        #expect(kernel.linkNames == ["lo", "dnet0", b.bridgeName!, d.bridgeName!])
        #expect(try engine.pruneNetworks { _ in true } == [d])
        #expect(try engine.pruneNetworks { _ in true } == [])
    }

    @Test func stateSurvivesANewEngine() throws {
        let (root, kernel, engine) = try EngineFixture.started()
        var request = EngineFixture.request("kept", subnet: "10.30.0.0/24")
        request.labels = ["a": "1"]
        request.isInternal = true
        try engine.createNetwork(request)
        try engine.createNetwork(EngineFixture.request("pooled"))
        let before = try engine.networks()
        kernel.clearSteps()

        let restarted = EngineFixture.engine(root, kernel)
        #expect(try restarted.networks() == before)
        #expect(kernel.steps.isEmpty)
        // And it goes on from there: the next pool subnet, the name still taken.
        #expect(try restarted.createNetwork(EngineFixture.request("next")).ipv4Subnet == "172.19.0.0/16")
        #expect(throws: EngineError.conflict("network with name kept already exists")) {
            try restarted.createNetwork(EngineFixture.request("kept"))
        }
    }

    /// Two engines on one data root (as two dnet processes) see each other's changes.
    @Test func twoEnginesOnOneDataRootShareState() throws {
        let (root, kernel, first) = try EngineFixture.started()
        let second = EngineFixture.engine(root, kernel)
        try second.ensureStarted()
        let a = try first.createNetwork(EngineFixture.request("a"))
        let b = try second.createNetwork(EngineFixture.request("b"))
        #expect(a.ipv4Subnet != b.ipv4Subnet)
        #expect(try first.networks().map(\.name) == ["a", "b", "bridge", "host", "none"])
        try first.removeNetwork("b")
        #expect(try second.networks().map(\.name) == ["a", "bridge", "host", "none"])
        #expect(throws: EngineError.conflict("network with name a already exists")) {
            try second.createNetwork(EngineFixture.request("a"))
        }
    }
}
