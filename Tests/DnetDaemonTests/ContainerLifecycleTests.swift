import Foundation
import Testing

/// `docker create`, `start`, `stop`, `wait`, `rm` and `run -d` against dnet's daemon: what the
/// real docker CLI prints, and what the kernel shows (`ip netns exec`).
@Suite(.serialized, .enabled(if: Sandboxed.enabled))
struct ContainerLifecycleTests {
    @Test func createStartInspectConnectRemove() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        #expect(daemon.docker(["network", "create", "--subnet", "10.66.0.0/24", "n1"]).status == 0)
        let created = daemon.docker(["create", "--name", "c1", "--network", "n1", "--network-alias", "web",
                                     "--ip", "10.66.0.9", "--hostname", "h1", "--label", "k=v", "busybox"])
        #expect(created.status == 0 && created.stdout.count == 65, "\(created)")
        let id = created.stdout.trimmingCharacters(in: .newlines)

        let conflict = daemon.docker(["create", "--name", "c1", "busybox"])
        #expect(conflict.status == 1)
        #expect(conflict.stderr == "Error response from daemon: Conflict. The container name \"/c1\" is already in use by container \"\(id)\". You have to remove (or rename) that container to be able to reuse that name.\n")

        #expect(daemon.docker(["start", "c1"]) == Outcome(stdout: "c1\n", stderr: "", status: 0))
        #expect(daemon.docker(["ps", "--format", "{{.Names}} {{.Image}} {{.State}} {{.Labels}}"]).stdout == "c1 busybox running k=v\n")
        let inspected = daemon.docker(["inspect", "-f", "{{.Config.Image}} {{.Config.Hostname}} {{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}} {{$v.Aliases}}{{end}}", "c1"])
        #expect(inspected.stdout == "busybox h1 n1 10.66.0.9 [web \(id.prefix(12))]\n", "\(inspected)")
        let kernel = try runProgram("/sbin/ip", ["netns", "exec", "c1", "ip", "-4", "-o", "addr", "show", "eth0"])
        #expect(kernel.stdout.contains("inet 10.66.0.9/24"), "\(kernel)")

        #expect(daemon.docker(["network", "create", "--subnet", "10.67.0.0/24", "n2"]).status == 0)
        #expect(daemon.docker(["network", "connect", "--ip", "10.67.0.7", "n2", "c1"]).status == 0)
        let joined = try runProgram("/sbin/ip", ["netns", "exec", "c1", "ip", "-4", "-o", "addr", "show", "eth1"])
        #expect(joined.stdout.contains("inet 10.67.0.7/24"), "\(joined)")
        #expect(daemon.docker(["network", "disconnect", "n2", "c1"]).status == 0)
        #expect(try runProgram("/sbin/ip", ["netns", "exec", "c1", "ip", "link", "show", "eth1"]).status != 0)

        #expect(daemon.docker(["rm", "-f", "c1"]) == Outcome(stdout: "c1\n", stderr: "", status: 0))
        #expect(try runProgram("/sbin/ip", ["netns", "list"]).stdout.isEmpty)
        #expect(daemon.docker(["ps", "-a", "-q"]).stdout.isEmpty)
    }

    @Test func commandsRunStopWaitAndRemove() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        #expect(daemon.docker(["create", "--name", "c2", "busybox", "sleep", "300"]).status == 0)
        #expect(daemon.docker(["ps", "-a", "--format", "{{.Names}} {{.Command}} {{.State}}"]).stdout == "c2 \"sleep 300\" created\n")
        #expect(daemon.docker(["start", "c2"]).stdout == "c2\n")
        #expect(daemon.docker(["ps", "--format", "{{.Names}} {{.State}}"]).stdout == "c2 running\n")
        // The command runs in the container's network namespace.
        let pid = daemon.docker(["inspect", "-f", "{{.State.Pid}}", "c2"]).stdout.trimmingCharacters(in: .newlines)
        let namespace = try runProgram("/usr/bin/readlink", ["/proc/\(pid)/ns/net"]).stdout
        let container = try runProgram("/sbin/ip", ["netns", "exec", "c2", "readlink", "/proc/self/ns/net"]).stdout
        #expect(!namespace.isEmpty && namespace == container)

        let refused = daemon.docker(["rm", "c2"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("Error response from daemon: You cannot remove a running container "))
        #expect(refused.stderr.hasSuffix(". Stop the container before attempting removal or force remove\n"))

        #expect(daemon.docker(["stop", "-t", "1", "c2"]).stdout == "c2\n")
        #expect(daemon.docker(["ps", "-a", "--format", "{{.Names}} {{.Status}}"]).stdout.hasPrefix("c2 Exited (143)"))
        #expect(daemon.docker(["wait", "c2"]).stdout == "143\n")

        #expect(daemon.docker(["run", "-d", "--name", "c3", "busybox", "sh", "-c", "exit 3"]).status == 0)
        #expect(daemon.docker(["wait", "c3"]) == Outcome(stdout: "3\n", stderr: "", status: 0))

        // AutoRemove: the daemon removes the container once its command ends.
        #expect(daemon.docker(["run", "-d", "--rm", "--name", "c4", "busybox", "sleep", "0.3"]).status == 0)
        var names = ""
        for _ in 0..<50 {
            names = daemon.docker(["ps", "-a", "--format", "{{.Names}}"]).stdout
            if !names.contains("c4") { break }
            usleep(100_000)
        }
        #expect(!names.contains("c4"), "\(names)")

        #expect(daemon.docker(["create", "--name", "c5", "busybox", "/nonexistent-program"]).status == 0)
        let failed = daemon.docker(["start", "c5"])
        #expect(failed.status == 1 && failed.stderr.contains("/nonexistent-program"), "\(failed)")
        // An AutoRemove container whose command cannot start goes at once.
        #expect(daemon.docker(["run", "-d", "--rm", "--name", "c6", "busybox", "/nonexistent-program"]).status != 0)
        // Newest first, as Docker lists them.
        #expect(daemon.docker(["ps", "-a", "--format", "{{.Names}}"]).stdout == "c5\nc3\nc2\n")
        #expect(daemon.docker(["rm", "c2", "c3", "c5"]).stdout == "c2\nc3\nc5\n")
    }

    /// A restarted daemon keeps its predecessor's watches: an AutoRemove container whose
    /// command ended while no daemon ran goes at the start, one still running when it ends.
    @Test func autoRemoveSurvivesADaemonRestart() throws {
        let first = try DaemonUnderTest()
        #expect(first.docker(["run", "-d", "--rm", "--name", "brief", "busybox", "sleep", "0.5"]).status == 0)
        #expect(first.docker(["run", "-d", "--rm", "--name", "longer", "busybox", "sleep", "4"]).status == 0)
        #expect(first.docker(["create", "--rm", "--name", "unstarted", "busybox", "sleep", "1"]).status == 0)
        first.stop()
        sleep(1)   // `brief` has ended, with no daemon to remove it
        let second = try DaemonUnderTest(listenOn: first.directory)
        defer {
            second.finish()
            first.finish()
        }
        func names() -> String { second.docker(["ps", "-a", "--format", "{{.Names}}"]).stdout }
        var now = names()
        for _ in 0..<30 where now.contains("brief") { usleep(100_000); now = names() }
        // Never started: stays until started, as with Docker.
        #expect(now == "unstarted\nlonger\n", "\(now)")
        for _ in 0..<80 where now.contains("longer") { usleep(100_000); now = names() }
        #expect(now == "unstarted\n", "\(now)")
        let namespaces = try runProgram("/sbin/ip", ["netns", "list"]).stdout.split(separator: "\n").map { $0.prefix { $0 != " " } }
        #expect(namespaces == ["unstarted"])
    }

    @Test func errorsThroughTheCLI() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        let cases: [([String], String)] = [
            (["start", "nosuch"], "Error response from daemon: No such container: nosuch\nError: failed to start containers: nosuch\n"),
            (["rm", "nosuch"], "Error response from daemon: No such container: nosuch\n"),
            (["stop", "nosuch"], "Error response from daemon: No such container: nosuch\n"),
            (["wait", "nosuch"], "Error response from daemon: No such container: nosuch\n"),
            (["create", "--network", "nosuch", "busybox"], "Error response from daemon: network nosuch not found\n"),
            (["create", "-v", "/tmp:/tmp", "busybox"], "Error response from daemon: dnet does not support HostConfig.Binds: its containers are network namespaces running a host program\n"),
            (["create", "--privileged", "busybox"], "Error response from daemon: dnet does not support HostConfig.Privileged: its containers are network namespaces running a host program\n"),
            (["create", "--restart", "always", "busybox"], "Error response from daemon: dnet does not restart containers: HostConfig.RestartPolicy always is not supported\n"),
        ]
        for (arguments, message) in cases {
            let outcome = daemon.docker(arguments)
            #expect(outcome.status != 0, "\(arguments)")
            #expect(outcome.stderr == message, "\(arguments): \(outcome)")
        }
        #expect(daemon.docker(["ps", "-a", "-q"]).stdout.isEmpty)
        #expect(try runProgram("/sbin/ip", ["netns", "list"]).stdout.isEmpty)
    }
}
