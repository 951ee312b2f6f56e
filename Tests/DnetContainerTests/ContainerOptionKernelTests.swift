import Foundation
import Testing
import DnetCommands
import DnetEngine
import DnetKernel

/// `run --rm`, `run --sysctl`, `network connect --link-local-ip`, `ps -f status=` and `--net
/// host` name files in the real kernel: part of the kernel suite, one test at a time.
extension ContainerKernelTests {
    /// The dnet built beside this test bundle: `--rm`'s remover.
    private static var dnetProgram: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("dnet").path
    }

    /// Waits until the kernel has destroyed the veths of the namespaces a test deleted (it
    /// does so asynchronously): the next test's engine start would find them marked and
    /// unaccounted for in its own data root.
    private func dnetVethsGone() {
        _ = settlesWithin5s { !((try? shell(["ip", "-d", "-o", "link", "show", "type", "veth"]).output) ?? "").contains("alias dnet:") }
    }

    /// Whether a remover (`dnet … -c 'wait ID; …'`) of one of `ids` still runs. One must not
    /// outlive its test: its engine's start would clean up after another data root's test.
    private func removerRuns(_ ids: [String]) -> Bool {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.contains { pid in
            guard pid.allSatisfy(\.isNumber), let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let line = String(decoding: data, as: UTF8.self)
            return ids.contains { line.contains("wait \($0)") }
        }
    }

    @Test func rmContainersGoWhenTheirProcessExitsOrTheyStop() throws {
        let program = Self.dnetProgram
        try #require(FileManager.default.isExecutableFile(atPath: program), "the dnet binary at \(program)")
        let previous = ContainerAutoRemove.program
        ContainerAutoRemove.program = program
        defer { ContainerAutoRemove.program = previous }
        let dnet = ContainerHarness(backend: try NetlinkBackend())
        var ids: [String] = []
        defer {
            _ = settlesWithin5s { !removerRuns(ids) }
            dnet.cleanUp(containers: ["brief", "long", "keep", "done", "nostart"], networks: ["n"])
            dnetVethsGone()
        }
        dnet.output("network create --subnet 10.81.0.0/24 n")

        // The main process exits: namespace, veth, name files and state go.
        ids.append(dnet.output("run --rm --name brief --net n -- sleep 0.3"))
        let veth = try #require(try dnet.engine.container("brief").attachments[0].endpoint.hostInterface)
        #expect(dnet.output("inspect -f {{.HostConfig.AutoRemove}} brief") == "true")
        #expect(settlesWithin5s { dnet.output("ps -a -q -f name=^brief$").isEmpty }, "ps -a no longer lists it")
        #expect(try settlesWithin5s { !(try namespaces().contains("brief")) }, "ip netns no longer lists it")
        #expect(!FileManager.default.fileExists(atPath: "/etc/netns/brief"))
        // This process still holds the netlink socket it made the container with (the backend
        // keeps a few), which keeps the namespace alive, and the veth with it, taken down.
        let hostEnd = try shell(["ip", "-o", "link", "show", veth])
        #expect(hostEnd.status != 0 || !hostEnd.output.contains(",UP"), "its veth is down: \(hostEnd.output)")
        dnet.backend.closeNamespaceSockets()
        #expect(try settlesWithin5s { try shell(["ip", "link", "show", veth]).status != 0 }, "its veth is gone")
        #expect(dnet.output("network inspect -f '{{len .Containers}}' n") == "0")

        // `stop` removes an --rm container, as Docker.
        ids.append(dnet.output("run --rm --name long --net n -- sleep 1000"))
        #expect(dnet.output("stop -t 1 long") == "long")
        #expect(dnet.output("ps -a -q -f name=^long$") == "")
        #expect(!(try namespaces().contains("long")))

        // Without a command nothing exits: it stays.
        dnet.output("run --rm --name keep --net n")
        usleep(300_000)
        #expect(dnet.output("ps -q -f name=^keep$").count == 12)

        // A command that cannot start: Docker's status, and nothing left.
        let failed = dnet.run("run --rm --name nostart --net n -- no-such-program-dnet")
        #expect(failed.status == 127, "\(failed)")
        #expect(dnet.output("ps -a -q -f name=^nostart$") == "")
        #expect(!(try namespaces().contains("nostart")))

        // `ps -f status=`: an exited container (no --rm) and the running one.
        dnet.output("run --name done --net n -- true")
        // Once it shows as exited, its code is known (the supervisor writes the code before it
        // reaps the process, which counts as running until then).
        #expect(settlesWithin5s { dnet.output("ps -f status=exited --format {{.Names}}") == "done" })
        #expect(dnet.output("ps -f exited=0 --format {{.Names}}") == "done")
        #expect(dnet.output("ps -f exited=1 --format {{.Names}}") == "")
        #expect(dnet.output("ps -f status=running --format {{.Names}}") == "keep")
        #expect(settlesWithin5s { !removerRuns(ids) }, "the removers are done")
    }

    @Test func sysctlsAreSetInsideAndAFailedOneLeavesNothing() throws {
        let dnet = ContainerHarness(backend: try NetlinkBackend())
        defer {
            dnet.cleanUp(containers: ["sc"], networks: ["n"])
            dnetVethsGone()
        }
        dnet.output("network create --subnet 10.82.0.0/24 n")
        let hostRPFilter = try shell(["cat", "/proc/sys/net/ipv4/conf/all/rp_filter"]).output
        dnet.output("run --name sc --net n --sysctl net.ipv4.ip_forward=1 --sysctl net.ipv4.conf.eth0.rp_filter=2 -- sleep 1000")
        #expect(try shell(["ip", "netns", "exec", "sc", "cat", "/proc/sys/net/ipv4/ip_forward"]).output == "1\n")
        #expect(try shell(["ip", "netns", "exec", "sc", "cat", "/proc/sys/net/ipv4/conf/eth0/rp_filter"]).output == "2\n")
        #expect(dnet.output("exec sc sysctl -n net.ipv4.conf.eth0.rp_filter") == "2")
        #expect(try shell(["cat", "/proc/sys/net/ipv4/conf/all/rp_filter"]).output == hostRPFilter, "the host's own is untouched")

        let failed = dnet.run("run --name bad --net n --sysctl net.ipv4.no_such_setting=1")
        #expect(failed.status == 125 && failed.stderr.contains("net.ipv4.no_such_setting"), "\(failed)")
        #expect(failed.stdout == "")
        #expect(!(try namespaces().contains("bad")))
        #expect(!FileManager.default.fileExists(atPath: "/etc/netns/bad"))
        #expect(dnet.output("ps -a -q -f name=^bad$") == "")
        #expect(dnet.output("network inspect -f '{{len .Containers}}' n") == "1")
    }

    @Test func linkLocalAddressesJoinTheInterfaceAndLeaveWithIt() throws {
        let dnet = ContainerHarness(backend: try NetlinkBackend())
        defer {
            dnet.cleanUp(containers: ["ll"], networks: ["n1", "n2"])
            dnetVethsGone()
        }
        dnet.output("network create --subnet 10.83.0.0/24 n1")
        dnet.output("network create --subnet 10.84.0.0/24 n2")
        dnet.output("run --name ll --net n1")
        dnet.output("network connect --link-local-ip 169.254.7.7 n2 ll")
        let eth1 = try shell(["ip", "netns", "exec", "ll", "ip", "-o", "-4", "addr", "show", "eth1"]).output
        #expect(eth1.contains("inet 10.84.0.2/24") && eth1.contains("inet 169.254.7.7/16"), "\(eth1)")
        dnet.output("network disconnect n2 ll")
        #expect(try shell(["ip", "netns", "exec", "ll", "ip", "link", "show", "eth1"]).status != 0)
    }

    @Test func hostNetworkExecSeesTheContainersNameFiles() throws {
        let dnet = ContainerHarness(backend: try NetlinkBackend())
        defer {
            dnet.cleanUp(containers: ["hp", "hx"])
            dnetVethsGone()
        }
        dnet.output("run --net host --name hp -- sleep 1000")
        let hosts = try String(contentsOfFile: "/etc/hosts", encoding: .utf8)
        #expect(dnet.output("exec hp cat /etc/hosts") == hosts.trimmingCharacters(in: .whitespacesAndNewlines))
        dnet.output("run --net host --name hx --add-host db:10.9.8.7 --dns 9.9.9.9 -- sleep 1000")
        #expect(dnet.output("exec hx cat /etc/hosts").hasSuffix("ff02::2\tip6-allrouters\n10.9.8.7\tdb"))
        #expect(dnet.output("exec hx cat /etc/resolv.conf").contains("nameserver 9.9.9.9"))
        #expect(dnet.output("exec hx hostname") == (try shell(["hostname"]).output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(dnet.output("rm -f hx") == "hx")
        #expect(!FileManager.default.fileExists(atPath: "/etc/netns/hx"))
    }
}
