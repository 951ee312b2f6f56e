import Foundation
import Testing

/// `dnet -H` and DNET_HOST: the language runs in the client, every engine command in the
/// daemon, with the local commands' output, errors and statuses.
@Suite(.serialized, .enabled(if: Sandboxed.enabled))
struct ClientTests {
    @Test func scriptsRunAgainstTheDaemon() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        let script = """
        for i in 1..3 { network create --subnet 10.9.$i.0/24 cl$i }
        let ids = $(network ls -q --filter name=cl)
        echo count ${len(split(ids))}
        network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' cl2
        try network rm nosuch
        echo status $?
        for i in 1..3 { network rm cl$i }
        """
        let result = daemon.dnet(["-c", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("count 3\n10.9.2.0/24\nstatus 1\ncl1\ncl2\ncl3\n"), "\(result.stdout)")
        // The docker CLI sees what the client did.
        #expect(daemon.docker(["network", "ls", "-q", "--filter", "name=cl"]).stdout == "")
    }

    @Test func errorsAndStatusesAreTheLocalOnes() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        let commands = [
            ["network", "rm", "nosuch"],
            ["network", "create", "--subnet", "10.300.0.0/16", "bad"],
            ["network", "create", "--bogus", "x"],
            ["network", "inspect", "-f", "{{.Nope", "bridge"],
            ["network", "ls", "--format", "{{.Name}}"],
            ["network", "create", "--help"],
        ]
        let local = FileManager.default.temporaryDirectory.path + "/dnet-local-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: local) }
        for command in commands {
            let remote = daemon.dnet(command)
            let here = try runProgram(DaemonUnderTest.dnetPath, ["--data-root", local, "--config-file", daemon.directory + "/daemon.json"] + command)
            #expect(remote == here, "\(command)")
        }
        _ = try runProgram("/sbin/ip", ["link", "del", "dnet0"])
    }

    @Test func dnetHostAndUsage() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        let viaEnv = try runProgram(DaemonUnderTest.dnetPath, ["network", "ls", "--format", "{{.Name}}"],
                                    environment: ["DNET_HOST": "unix://" + daemon.socket])
        #expect(viaEnv == Outcome(stdout: "bridge\nhost\nnone\n", stderr: "", status: 0))
        let sandbox = daemon.dnet(["--sandbox", "network", "ls"])
        #expect(sandbox.status == 2)
        #expect(sandbox.stderr.contains("--sandbox applies to a local engine"), "\(sandbox.stderr)")
        let nowhere = try runProgram(DaemonUnderTest.dnetPath, ["-H", "unix://" + daemon.directory + "/none.sock", "network", "ls"])
        #expect(nowhere.status == 1)
        #expect(nowhere.stderr.contains("Cannot connect to the dnet daemon at unix://\(daemon.directory)/none.sock"), "\(nowhere.stderr)")
        // The language alone needs no daemon.
        let echo = try runProgram(DaemonUnderTest.dnetPath, ["-H", "unix://" + daemon.directory + "/none.sock", "-c", "echo hi"])
        #expect(echo == Outcome(stdout: "hi\n", stderr: "", status: 0))
    }
}
