@testable import DnetEngine
import DnetIPAM
import Foundation
import Testing

/// Root tests: dnet processes working on one data root at the same time.
@Suite(.enabled(if: PrivateNetwork.isAvailable, "needs root inside the test sandbox (scripts/sandbox.sh, DNET_TEST_SANDBOX=1)"))
struct KernelConcurrencyTests {
    static let pool = "base=10.200.0.0/16,size=24"

    /// The networks in the store, read without starting an engine (whose reconcile would
    /// repair what this test must see).
    static func storedNetworks(_ root: TemporaryDataRoot) throws -> [NetworkRecord] {
        try (StoreContent(root).records["network"] ?? [:]).values.map {
            try JSONDecoder().decode(NetworkRecord.self, from: $0)
        }
    }

    /// Exactly these networks' bridges (and dnet0) exist, each marked and with its gateways.
    static func expectBridges(of networks: [NetworkRecord], in net: PrivateNetwork) throws {
        #expect(net.bridgeNames == (networks.map { $0.bridgeName! } + ["dnet0"]).sorted())
        let details = net.linkDetails, addresses = net.addressesByLink
        for network in networks {
            let name = try #require(network.bridgeName)
            #expect(details[name]?.contains("alias dnet:\(network.id)") == true, "\(network.name): \(details[name] ?? "no device")")
            #expect(addresses[name] == network.gatewayPrefixes.map(\.description), "\(network.name)")
        }
    }

    /// 2 processes x 50 `network create` without --subnet, overlapping in time: 100
    /// networks, 100 distinct subnets, 100 bridges with their gateways.
    @Test func twoProcessesCreatingAtOnceLoseNothing() throws {
        let net = try PrivateNetwork(), root = TemporaryDataRoot()
        let binary = try DnetProcess.binary()
        let processes = try (1...2).map { _ in
            try DnetProcess(net.inside([binary, "--data-root", root.path, "--default-address-pool", Self.pool, "-"]))
        }
        for process in processes { try process.handshake() }
        for (p, process) in processes.enumerated() {
            process.send((1...50).map { "network create p\(p + 1)-n\($0)\n" }.joined())
        }
        for (p, result) in processes.map({ $0.finish() }).enumerated() {
            #expect(result.status == 0, "process \(p + 1): \(result.stderr)")
            let ids = result.stdout.split(separator: "\n").filter { $0 != "ready" }
            #expect(ids.count == 50 && ids.allSatisfy { $0.count == 64 }, "process \(p + 1): \(result.stdout)")
        }

        let all = try Self.storedNetworks(root)
        let custom = all.filter { !$0.isPredefined }.sorted { $0.created < $1.created }
        #expect(custom.count == 100)
        #expect(Set(custom.map(\.name)) == Set((1...2).flatMap { p in (1...50).map { "p\(p)-n\($0)" } }))
        let subnets = all.compactMap(\.ipv4Subnet)
        #expect(Set(subnets).count == subnets.count && subnets.count == 101)
        let pool = try CIDR.parse("10.200.0.0/16")
        #expect(all.flatMap(\.addresses.allSubnets).allSatisfy { pool.contains($0) && $0.prefixLength == 24 })

        try Self.expectBridges(of: custom, in: net)
        // The commands overlapped, and the lock is fair: in creation order, the processes
        // took turns (one waiting never sits out the other's whole script).
        let order = custom.map { $0.name.prefix(2) }
        let turns = zip(order, order.dropFirst()).filter { $0 != $1 }.count
        #expect(turns >= 20, "the two processes did not take turns: \(order)")

        let cleanup = try DnetProcess(net.inside([binary, "--data-root", root.path, "--default-address-pool", Self.pool, "-"]))
        cleanup.send("network prune -f\n")
        #expect(cleanup.finish().status == 0)
        #expect(net.bridgeNames == ["dnet0"])
    }

    /// While one process creates networks, others start engines (each start reconciles)
    /// again and again: none of them removes a bridge the creator is making.
    @Test func enginesStartingDuringCreatesRemoveNothing() throws {
        let net = try PrivateNetwork(), root = TemporaryDataRoot()
        let binary = try DnetProcess.binary()
        let command = net.inside([binary, "--data-root", root.path, "--default-address-pool", Self.pool, "-"])
        let count = 150
        let creator = try DnetProcess(command)
        try creator.handshake()
        let creating = Worker { () -> (status: Int32, stdout: String, stderr: String) in
            creator.send((1...count).map { "network create c-n\($0)\n" }.joined())
            return creator.finish()
        }
        var starts: [(status: Int32, stderr: String, finishedAt: Date)] = []
        while creating.finishedAt == nil || starts.count < 3 {
            let starter = try DnetProcess(command)
            starter.send("network ls -q\n")
            let result = starter.finish()
            starts.append((result.status, result.stderr, Date()))
        }
        let created = try creating.wait()
        #expect(created.status == 0, "\(created.stderr)")
        #expect(starts.allSatisfy { $0.status == 0 }, "\(starts.map { $0.stderr })")
        #expect(starts.contains { $0.finishedAt < creating.finishedAt! }, "no engine started while the creates ran")

        let custom = try Self.storedNetworks(root).filter { !$0.isPredefined }
        #expect(custom.count == count)
        try Self.expectBridges(of: custom, in: net)
    }
}
