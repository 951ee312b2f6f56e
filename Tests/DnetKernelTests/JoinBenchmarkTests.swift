import DnetIPAM
import DnetKernel
import Foundation
import Testing

/// Times N containers joining one bridge (namespace + fused veth join, IPv6 off, as
/// for networks without `--ipv6`) and, when the shared bench is there, the libnl floor
/// (`nlfloor build N fused` with NOIPV6=1) in the same sandbox, in alternating rounds,
/// reporting the best round of each (the machine is shared: the minimum is the fair
/// comparison). It asserts only that the containers work. N is DNET_KERNEL_BENCH_N
/// (200 by default), rounds DNET_KERNEL_BENCH_ROUNDS (2); run it alone
/// (`--filter JoinBenchmark`) for figures undisturbed by the other tests. It is a benchmark,
/// not a test: it runs only when DNET_KERNEL_BENCH=1.
@Suite(.enabled(if: Sandbox.isActive && ProcessInfo.processInfo.environment["DNET_KERNEL_BENCH"] == "1",
                "a benchmark: set DNET_KERNEL_BENCH=1 (and run inside the test sandbox)"))
struct JoinBenchmarkTests {
    static let environment = ProcessInfo.processInfo.environment
    static let count = Int(environment["DNET_KERNEL_BENCH_N"] ?? "") ?? 200
    static let rounds = Int(environment["DNET_KERNEL_BENCH_ROUNDS"] ?? "") ?? 2
    /// The shared bench folder sits beside the project's checkout.
    static let floorSource = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("../../../shared/bench/nlfloor.c").standardized.path

    @Test func perContainerJoinTimeAgainstTheLibnlFloor() throws {
        let floorBinary = buildFloor()
        defer { if let floorBinary { try? FileManager.default.removeItem(atPath: floorBinary) } }
        var dnet = Double.infinity, floor = Double.infinity
        for _ in 0..<Self.rounds {
            if let floorBinary, let time = floorMicroseconds(floorBinary) { floor = min(floor, time) }
            dnet = min(dnet, try dnetMicroseconds())
        }
        var report = "join benchmark, N=\(Self.count), IPv6 off, best of \(Self.rounds): dnet \(Int(dnet)) µs/container"
        if floor.isFinite {
            report += ", libnl floor \(Int(floor)) µs/container, ratio \(String(format: "%.2f", dnet / floor))"
        }
        print(report)
    }

    private func dnetMicroseconds() throws -> Double {
        let kernel = try NetlinkBackend()
        let tag = Sandbox.tag(), bridge = "dkb\(tag)"
        let names = (0..<Self.count).map { "dkbench\(tag)-\($0)" }
        defer {
            for ns in names { try? kernel.deleteNamespace(ns) }
            waitUntilGone("dkv\(tag)")
            Sandbox.cleanUp(links: [bridge])
        }
        try kernel.createBridge(BridgeSpec(name: bridge, alias: "dnet:\(tag)"))
        try kernel.addAddress(try CIDR.parse("198.19.0.1/16"), to: bridge)
        let gateway = IPAddress("198.19.0.1")
        let start = DispatchTime.now().uptimeNanoseconds
        for (i, ns) in names.enumerated() {
            let host = i + 2
            try kernel.createNamespace(ns, disableIPv6: true)
            try kernel.addContainerVeth(ContainerVethSpec(
                hostName: "dkv\(tag)\(String(i, radix: 16))", bridge: bridge,
                interface: ContainerInterface(namespace: ns, name: "eth0",
                                              addresses: [try CIDR.parse("198.19.\(host / 256).\(host % 256)/16")],
                                              gateway: gateway, disableIPv6: true, alias: "dnet:\(tag)")))
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000
        #expect(try kernel.namespaces().filter { $0.hasPrefix("dkbench\(tag)-") }.count == Self.count)
        #expect(Sandbox.run("ip", "netns", "exec", names[Self.count - 1], "ping", "-c1", "-W1", "198.19.0.2").status == 0,
                "the last container reaches the first")
        return elapsed / Double(Self.count)
    }

    /// Compiles the shared bench's libnl floor, if its source and a C compiler are here.
    private func buildFloor() -> String? {
        guard FileManager.default.fileExists(atPath: Self.floorSource) else { return nil }
        let binary = NSTemporaryDirectory() + "dnet-nlfloor-\(Sandbox.tag())"
        let flags = Sandbox.run("pkg-config", "--cflags", "--libs", "libnl-route-3.0").output
            .split(whereSeparator: \.isWhitespace).map(String.init)
        return Sandbox.run(["cc", "-O2", "-o", binary, Self.floorSource] + flags).status == 0 ? binary : nil
    }

    private func floorMicroseconds(_ binary: String) -> Double? {
        let tag = Sandbox.tag(), bridge = "dkf\(tag)", prefix = "dkfloor\(tag)"
        defer {
            Sandbox.run("env", "PFX=\(prefix)", binary, "teardown", String(Self.count))
            waitUntilGone("bh")
            Sandbox.cleanUp(links: [bridge])
        }
        Sandbox.output("ip", "link", "add", bridge, "type", "bridge", "forward_delay", "0", "stp_state", "0")
        Sandbox.output("ip", "addr", "add", "198.18.0.1/16", "dev", bridge)
        Sandbox.output("ip", "link", "set", bridge, "up")
        let run = Sandbox.run("env", "PFX=\(prefix)", "BR=\(bridge)", "NOIPV6=1", binary, "build", String(Self.count), "fused")
        guard run.status == 0,
              let line = run.output.split(separator: "\n").first(where: { $0.contains("per-container=") }),
              let field = line.split(separator: " ").first(where: { $0.hasPrefix("per-container=") }) else {
            Issue.record("nlfloor failed: \(run.output)")
            return nil
        }
        return Double(field.dropFirst("per-container=".count).dropLast(2))
    }

    /// Waits (up to 10 s) until the kernel has destroyed the host ends whose names start
    /// with `prefix`: namespaces die asynchronously, and their teardown would slow the next round.
    private func waitUntilGone(_ prefix: String) {
        for _ in 0..<200 {
            let links = Sandbox.run("ip", "-br", "link").output.split(separator: "\n")
            if !links.contains(where: { $0.hasPrefix(prefix) || $0.contains(" \(prefix)") }) { return }
            usleep(50_000)
        }
    }
}
