import Foundation
import Testing

/// The daemon answers `network rm` once the change is committed and deletes the bridge
/// after (the kernel's unregistering takes tens of milliseconds): the name is free again
/// for the very next create, and the bridge does go.
@Suite(.serialized, .enabled(if: Sandboxed.enabled))
struct BridgeDeletionTests {
    @Test func aRemovedBridgeGoesAndItsNameCanBeTakenAtOnce() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        let create = ["network", "create", "-o", "com.docker.network.bridge.name=dnetq0", "--subnet", "10.68.0.0/24", "q"]
        #expect(daemon.docker(create).status == 0)
        let flags = try runProgram("/sbin/ip", ["-o", "link", "show", "dnetq0"]).stdout
            .split(separator: "<").dropFirst().first?.prefix { $0 != ">" }.split(separator: ",") ?? []
        #expect(flags.contains("UP"), "\(flags)")
        for _ in 0..<5 {
            #expect(daemon.docker(["network", "rm", "q"]) == Outcome(stdout: "q\n", stderr: "", status: 0))
            // Made again right away, under the same name.
            let again = daemon.docker(create)
            #expect(again.status == 0, "\(again)")
        }
        #expect(daemon.docker(["network", "rm", "q"]).status == 0)
        var gone = false
        for _ in 0..<100 where !gone {
            gone = try runProgram("/sbin/ip", ["link", "show", "dnetq0"]).status != 0
            if !gone { usleep(50_000) }
        }
        #expect(gone, "the bridge is still there 5 s after rm")
        #expect(daemon.docker(["network", "ls", "--format", "{{.Name}}"]).stdout == "bridge\nhost\nnone\n")
    }
}
