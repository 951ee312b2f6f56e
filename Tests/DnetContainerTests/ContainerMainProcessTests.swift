import Foundation
import Testing
import DnetEngine
import DnetKernel

/// Main processes (`run … CMD`, `logs`, `stop`, `start`, `rm`) and `--net container:X` in
/// the real kernel: part of the kernel suite, whose tests run one at a time (one engine's
/// start would delete another's links).
extension ContainerKernelTests {
    private func output(of argv: [String]) throws -> String {
        try shell(argv).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls `condition` for up to 5 s.
    func settlesWithin5s(_ condition: () throws -> Bool) rethrows -> Bool {
        for _ in 0..<100 {
            if try condition() { return true }
            usleep(50_000)
        }
        return false
    }

    private func statusColumn(_ dnet: ContainerHarness, _ name: String) -> String {
        dnet.output("ps -a -f name=\(name) --format {{.Status}}")
    }

    @Test func mainProcessRunsInTheNamespaceLogsStopsStartsAndIsRemoved() throws {
        let dnet = ContainerHarness(backend: try NetlinkBackend())
        defer {
            dnet.run("rm -f srv")
            dnet.run("rm -f hello")
            dnet.run("network rm n")
            dnet.removeDataRoot()
        }
        dnet.output("network create n")
        dnet.output("run --name srv --net n -- sleep 1000")
        #expect(statusColumn(dnet, "srv").hasPrefix("Up "))
        #expect(dnet.output("ps --format {{.Names}}").split(separator: "\n").contains("srv"))
        let pid = dnet.output("inspect -f {{.State.Pid}} srv")
        #expect(Int(pid) ?? 0 > 0)
        #expect(dnet.output("inspect -f {{.State.Status}},{{.State.Running}} srv") == "running,true")
        let inode = try output(of: ["stat", "-L", "-c", "%i", "/run/netns/srv"])
        #expect(try output(of: ["readlink", "/proc/\(pid)/ns/net"]) == "net:[\(inode)]")

        // Docker style: the command starts at the first word that is not an option.
        dnet.output("run --name hello --net n sh -c 'echo hello'")
        #expect(settlesWithin5s { statusColumn(dnet, "hello").hasPrefix("Exited (0) ") })
        #expect(dnet.output("logs hello") == "hello")
        #expect(!dnet.output("ps --format {{.Names}}").split(separator: "\n").contains("hello"))
        #expect(dnet.output("inspect -f {{.State.Status}},{{.State.ExitCode}} hello") == "exited,0")

        dnet.output("stop -t 5 srv")
        #expect(statusColumn(dnet, "srv").hasPrefix("Exited (143) "))
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(pid)"))
        let srvID = dnet.output("inspect -f {{.Id}} srv")
        #expect(dnet.run("exec srv true").stderr == "container \(srvID) is not running\n")

        dnet.output("start srv")
        #expect(statusColumn(dnet, "srv").hasPrefix("Up "))
        let restarted = dnet.output("inspect -f {{.State.Pid}} srv")
        #expect(restarted != pid)
        #expect(try output(of: ["readlink", "/proc/\(restarted)/ns/net"]) == "net:[\(inode)]")

        let id = dnet.output("inspect -f {{.Id}} srv")
        let refused = dnet.run("rm srv")
        #expect(refused.status != 0)
        #expect(refused.stderr == "You cannot remove a running container \(id). Stop the container before attempting removal or force remove\n")
        #expect(statusColumn(dnet, "srv").hasPrefix("Up "))
        #expect(dnet.output("rm -f srv") == "srv")
        #expect(settlesWithin5s { !FileManager.default.fileExists(atPath: "/proc/\(restarted)") })
        #expect(dnet.output("ps -a -q -f name=srv") == "")
    }

    @Test func netContainerSharesTheOwnersNamespaceAndKeepsItFromRemoval() throws {
        let dnet = ContainerHarness(backend: try NetlinkBackend())
        defer {
            dnet.run("rm -f c2")
            dnet.run("rm -f c1")
            dnet.run("network rm n")
            dnet.removeDataRoot()
        }
        dnet.output("network create --subnet 10.77.0.0/24 n")
        dnet.output("run --name c1 --net n -h web")
        let owner = dnet.output("inspect -f {{.Id}} c1")
        dnet.output("run --net container:c1 --name c2 -- sleep 1000")
        #expect(dnet.output("exec c2 ip -o -4 addr show eth0").contains("inet 10.77.0.2/24"))
        #expect(dnet.output("exec c2 hostname") == "web")
        #expect(dnet.output("inspect -f {{.HostConfig.NetworkMode}} c2") == "container:\(owner)")
        let pid = dnet.output("inspect -f {{.State.Pid}} c2")
        let inode = try output(of: ["stat", "-L", "-c", "%i", "/run/netns/c1"])
        #expect(try output(of: ["readlink", "/proc/\(pid)/ns/net"]) == "net:[\(inode)]")

        #expect(dnet.run("run --net container:c1 -h x").stderr == "conflicting options: hostname and the network mode\n")
        #expect(dnet.run("run --net container:c1 -p 80:80").stderr == "conflicting options: port publishing and the container type network mode\n")
        #expect(dnet.run("run --net container:c1 --dns 1.1.1.1").stderr == "conflicting options: dns and the network mode\n")
        #expect(dnet.run("network connect n c2").status != 0)
        let refused = dnet.run("rm -f c1")
        #expect(refused.status != 0 && refused.stderr.contains("c2 shares its network namespace"))
        #expect(try output(of: ["ip", "netns", "list"]).contains("c1"))

        #expect(dnet.output("rm -f c2") == "c2")
        #expect(dnet.output("rm c1") == "c1")
        #expect(!(try output(of: ["ip", "netns", "list"]).contains("c1")))
    }

    @Test func netHostRunsInTheHostsNamespaceWithNoLinkOfItsOwn() throws {
        let dnet = ContainerHarness(backend: try NetlinkBackend())
        defer {
            dnet.run("rm -f h1")
            dnet.removeDataRoot()
        }
        dnet.output("run --net host --name h1 -- sleep 1000")
        let pid = dnet.output("inspect -f {{.State.Pid}} h1")
        #expect(try output(of: ["readlink", "/proc/\(pid)/ns/net"]) == (try output(of: ["readlink", "/proc/self/ns/net"])))
        #expect(dnet.output("exec h1 hostname") == (try output(of: ["hostname"])))
        #expect(dnet.output("inspect -f {{.HostConfig.NetworkMode}} h1") == "host")
        #expect(!(try output(of: ["ip", "-o", "link"]).contains("veth")), "no veth")
        #expect(!(try output(of: ["ip", "netns", "list"]).contains("h1")), "no namespace")
        #expect(dnet.run("network connect bridge h1").stderr == "container sharing network namespace with another container or host cannot be connected to any other network\n")
        #expect(dnet.output("rm -f h1") == "h1")
        #expect(dnet.output("network inspect -f '{{len .Containers}}' host") == "0")
    }

    /// As with Docker, `--net host` shares the host's network, not its host name: `-h` names
    /// the container only, in a UTS namespace of its own that goes with it.
    @Test func netHostWithAHostNameKeepsTheHostsOwn() throws {
        let dnet = ContainerHarness(backend: try NetlinkBackend())
        defer {
            dnet.run("rm -f hn")
            dnet.removeDataRoot()
        }
        let hostName = try output(of: ["hostname"])
        dnet.output("run --net host --name hn -h web.example -- sleep 1000")
        #expect(dnet.output("exec hn hostname") == "web.example")
        let pid = dnet.output("inspect -f {{.State.Pid}} hn")
        #expect(try output(of: ["readlink", "/proc/\(pid)/ns/uts"]) != (try output(of: ["readlink", "/proc/self/ns/uts"])))
        #expect(try output(of: ["readlink", "/proc/\(pid)/ns/net"]) == (try output(of: ["readlink", "/proc/self/ns/net"])))
        #expect(try output(of: ["hostname"]) == hostName)
        #expect(dnet.output("inspect -f {{.Config.Hostname}} hn") == "web.example")
        #expect(FileManager.default.fileExists(atPath: "/run/dnet/uts/hn"))
        #expect(dnet.output("rm -f hn") == "hn")
        #expect(!FileManager.default.fileExists(atPath: "/run/dnet/uts/hn"))
    }
}
