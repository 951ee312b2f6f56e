import Foundation
import Testing
import DnetEngine
import DnetKernel

/// `rm A B C…` removes its containers in one engine call (one transaction, one kernel plan),
/// with Docker's per-container outcome: every other container goes even when one cannot.
@Suite(.serialized, .enabled(if: ContainerHarness.inSandbox, "needs root in a sandbox: DNET_TEST_SANDBOX=1"))
struct ContainerBatchRemoveTests {
    private func namespaces() -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? [])
    }

    @Test func oneFailureDoesNotStopTheOthers() throws {
        let h = ContainerHarness(backend: try NetlinkBackend())
        defer { h.cleanUp(containers: ["bsharer", "bowner"], networks: ["batchnet"]) }
        h.output("network create --subnet 10.93.0.0/24 batchnet")
        for name in ["b1", "b2", "b3", "bowner"] { h.output("run --net batchnet --name \(name)") }
        h.output("run --net container:bowner --name bsharer")

        let outcome = h.run("rm b1 nosuch bowner b2 b3 b2")
        // Printed in the order given; the errors together at the end, exit status 1.
        #expect(outcome.stdout == "b1\nb2\nb3\n", "\(outcome)")
        #expect(outcome.stderr == """
            No such container: nosuch
            cannot remove container bowner: container bsharer shares its network namespace (--net container:bowner); remove bsharer first
            No such container: b2

            """, "\(outcome)")
        #expect(outcome.status == 1)
        #expect(namespaces().isDisjoint(with: ["b1", "b2", "b3"]))
        #expect(namespaces().contains("bowner"))
        #expect(h.output("ps -a --format '{{.Names}}'").split(separator: "\n").sorted() == ["bowner", "bsharer"])
        // Their addresses are free again: the next containers take .2, .3, .4 (bowner has .5).
        h.output("run --net batchnet --name b4")
        #expect(h.output("inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' b4") == "10.93.0.2")
        h.output("rm -f b4")
    }

    /// A kernel failure in the middle of a batch undoes it, then each container is removed on
    /// its own: the one whose step fails keeps its error, the others are gone.
    @Test func aKernelFailureIsTheFailingContainersAlone() throws {
        let h = ContainerHarness(backend: try NetlinkBackend())
        let uts = UTSNamespaceDirectory.standard.path(of: "k2")
        defer {
            try? FileManager.default.removeItem(atPath: uts)
            h.cleanUp(containers: ["k1", "k2", "k3"], networks: ["knet"])
        }
        h.output("network create --subnet 10.92.0.0/24 knet")
        for name in ["k1", "k2", "k3"] { h.output("run --net knet --name \(name)") }
        // k2's UTS namespace file replaced by a folder that is not empty: deleting it fails.
        #expect(umount2(uts, Int32(MNT_DETACH)) == 0 && unlink(uts) == 0)
        try FileManager.default.createDirectory(atPath: uts + "/in-the-way", withIntermediateDirectories: true)

        let outcome = h.run("rm k1 k2 k3")
        #expect(outcome.stdout == "k1\nk3\n", "\(outcome)")
        #expect(outcome.stderr.contains("delete UTS namespace k2"), "\(outcome)")
        #expect(outcome.status == 1)
        #expect(namespaces().isDisjoint(with: ["k1", "k3"]))
        #expect(namespaces().contains("k2"))
        // k2 is whole: still listed, its name files and its address still there.
        #expect(h.output("ps -a --format '{{.Names}}'") == "k2")
        #expect(FileManager.default.fileExists(atPath: "/etc/netns/k2/hosts"))
        #expect(h.output("inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' k2") == "10.92.0.3")
    }
}
