import Foundation
import Testing
@testable import DnetEngine
import DnetKernel

/// `ContainerReconciler` in the real kernel (root, in the sandbox): what a crash or a reboot
/// leaves is put right, and nothing unmarked is touched. Part of the kernel suite, which runs
/// one test at a time (a restarted engine re-makes the default bridge as its own).
extension ContainerKernelTests {
    private func ip(_ argv: String...) throws -> (output: String, status: Int32) {
        try shell(["ip"] + argv)
    }

    @Test func lostNamespacesComeBackAndOrphanVethsGo() throws {
        let backend = try NetlinkBackend()
        let h = ContainerHarness(backend: backend)
        defer { h.removeDataRoot() }
        h.output("network create --subnet 10.98.0.0/24 rec")
        h.output("run --name r1 --net rec --mac-address 02:00:00:00:01:01 --sysctl net.ipv4.conf.eth0.arp_announce=2")
        h.output("run --name r2 --net rec")
        let lostVeth = try #require(try h.engine.container("r1").attachments[0].endpoint.hostInterface)

        // A reboot's loss: r1's namespace (and with it its veth) is gone.
        backend.closeNamespaceSockets()
        #expect(try ip("netns", "delete", "r1").status == 0)
        for _ in 0..<60 where try ip("link", "show", lostVeth).status == 0 { usleep(50_000) }
        // A crash's leftover (marked) and someone else's veth (unmarked).
        #expect(try ip("link", "add", "vethdeadbee", "type", "veth", "peer", "name", "vethdeadbef").status == 0)
        #expect(try ip("link", "set", "vethdeadbee", "alias", "dnet:" + Identifiers.randomID()).status == 0)
        #expect(try ip("link", "add", "veth1234567", "type", "veth", "peer", "name", "veth7654321").status == 0)
        // A crash's UTS namespace, and r2's lost hosts file.
        _ = FileManager.default.createFile(atPath: "/run/dnet/uts/orphan", contents: nil)
        let unshare = try Process.run(URL(fileURLWithPath: "/usr/bin/unshare"), arguments: ["--uts=/run/dnet/uts/orphan", "true"])
        unshare.waitUntilExit()
        #expect(unshare.terminationStatus == 0)
        try FileManager.default.removeItem(atPath: "/etc/netns/r2/hosts")

        let restarted = ContainerHarness(backend: try NetlinkBackend(), dataRoot: h.dataRoot)
        let engine = try restarted.engine
        try engine.ensureStarted()
        try engine.transact { transaction, plan in
            try ContainerReconciler(engine: engine, transaction: transaction, plan: plan)
                .run(hostLinks: try engine.backend.links(in: .host))
        }
        #expect(try ip("netns", "exec", "r1", "ip", "-o", "-4", "addr", "show", "eth0").output.contains("inet 10.98.0.2/24"))
        #expect(try ip("netns", "exec", "r1", "ip", "-o", "link", "show", "eth0").output.contains("02:00:00:00:01:01"))
        #expect(try ip("netns", "exec", "r1", "cat", "/proc/sys/net/ipv4/conf/eth0/arp_announce").output == "2\n")
        #expect(try ip("link", "show", lostVeth).status == 0)
        #expect(restarted.run("exec r1 ping -c1 -W1 10.98.0.3").status == 0)
        #expect(try ip("link", "show", "vethdeadbee").status != 0)
        #expect(try ip("link", "show", "veth1234567").status == 0)
        #expect(!FileManager.default.fileExists(atPath: "/run/dnet/uts/orphan"))
        #expect(try String(contentsOfFile: "/etc/netns/r2/hosts", encoding: .utf8).hasSuffix("10.98.0.3\t\(try engine.container("r2").container.shortID)\n"))
        #expect(restarted.output("exec r1 hostname") == (try engine.container("r1").container.shortID))

        // A second pass finds nothing to do.
        let again = FailingBackend(try NetlinkBackend(), failingAtStep: 1)
        let third = ContainerHarness(backend: again, dataRoot: h.dataRoot)
        let thirdEngine = try third.engine
        try thirdEngine.ensureStarted()
        try thirdEngine.transact { transaction, plan in
            try ContainerReconciler(engine: thirdEngine, transaction: transaction, plan: plan)
                .run(hostLinks: try thirdEngine.backend.links(in: .host))
        }
        #expect(again.stepsAttempted == 0)

        _ = try ip("link", "delete", "veth1234567")
        restarted.output("rm r1 r2")
        restarted.output("network rm rec")
    }
}
