import Foundation
import Glibc
import Testing
import DnetDaemon

/// `-H fd://` and `-H fd://N`: sockets passed by the service manager, here by
/// `systemd-socket-activate` (systemd's own launcher: it listens, and on the first connection
/// execs the daemon with LISTEN_PID and LISTEN_FDS set), driven by the real docker CLI.
private let launcher = "/usr/bin/systemd-socket-activate"

@Suite(.serialized, .enabled(if: Sandboxed.enabled && FileManager.default.isExecutableFile(atPath: launcher)))
struct SocketActivationTests {

    /// A daemon started by the launcher on `listen` (`-l` addresses), with `hosts` as its `-H`.
    /// Spawned directly, not as a Foundation `Process`: the launcher closes every descriptor
    /// but the sockets before it execs, which Foundation takes for the end of the process.
    final class Activated {
        let directory: String
        let pid: pid_t
        private let logPath: String
        private var status: Int32?

        init(listen: [String], hosts: [String]) throws {
            directory = FileManager.default.temporaryDirectory.path + "/dnet-fd-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            logPath = directory + "/daemon.log"
            _ = FileManager.default.createFile(atPath: directory + "/daemon.json", contents: Data("{}".utf8))
            let argv = [launcher] + listen.flatMap { ["-l", $0] } + ["--", DaemonUnderTest.dnetPath, "daemon",
                "--data-root", directory + "/data", "--config-file", directory + "/daemon.json"] + hosts.flatMap { ["-H", $0] }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            var cArguments = argv.map { strdup($0) } + [nil]
            defer { cArguments.forEach { free($0) } }
            var child: pid_t = 0
            let result = posix_spawn(&child, launcher, &actions, nil, &cArguments, environ)
            guard result == 0 else { throw DaemonFailure("cannot start \(launcher): \(String(cString: strerror(result)))") }
            pid = child
            // The launcher says "Listening on ADDRESS as FD." once it has each socket.
            for _ in 0..<250 where log.components(separatedBy: "Listening on ").count <= listen.count { usleep(20_000) }
        }

        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

        var isRunning: Bool {
            guard status == nil else { return false }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return true }
            status = Self.exitStatus(raw)
            return false
        }

        private static func exitStatus(_ raw: Int32) -> Int32 {
            (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        }

        func docker(_ host: String, _ arguments: [String]) -> Outcome {
            (try? runProgram("/usr/bin/env", ["docker", "-H", host] + arguments,
                             environment: ["DOCKER_CONFIG": directory + "/docker-config", "DOCKER_CLI_HINTS": "false"]))
                ?? Outcome(stdout: "", stderr: "cannot run docker", status: -1)
        }

        /// Waits for the daemon to end (after SIGTERM when it still runs); its status.
        func stop() -> Int32 {
            if let status { return status }
            if isRunning {
                kill(pid, SIGTERM)
                var raw: Int32 = 0
                waitpid(pid, &raw, 0)
                status = Self.exitStatus(raw)
            }
            return status ?? -1
        }

        func finish() {
            _ = stop()
            _ = try? runProgram("/sbin/ip", ["link", "del", "dnet0"])
            for _ in 0..<100 where FileManager.default.fileExists(atPath: "/proc/sys/net/ipv4/conf/dnet0") { usleep(20_000) }
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    static func port() -> Int { 20_000 + Int.random(in: 0..<20_000) }

    @Test func allPassedSocketsUnixAndTCP() throws {
        let port = Self.port()
        let socket = FileManager.default.temporaryDirectory.path + "/dnet-fd-\(port).sock"
        defer { unlink(socket) }
        let daemon = try Activated(listen: [socket, "127.0.0.1:\(port)"], hosts: ["fd://"])
        defer { daemon.finish() }
        // The first connection makes the launcher exec the daemon, which then answers it.
        let created = daemon.docker("unix://" + socket, ["network", "create", "--subnet", "10.61.0.0/24", "n1"])
        #expect(created.status == 0, "\(created) \(daemon.log)")
        let listed = daemon.docker("tcp://127.0.0.1:\(port)", ["network", "ls", "--format", "{{.Name}}"])
        #expect(listed.stdout == "bridge\nhost\nn1\nnone\n", "\(listed) \(daemon.log)")
        #expect(daemon.docker("tcp://127.0.0.1:\(port)", ["network", "rm", "n1"]).stdout == "n1\n")
        // Each passed socket by its real address.
        #expect(daemon.log.contains("dnet daemon: API listen on unix://\(socket) (systemd fd 3)"), "\(daemon.log)")
        #expect(daemon.log.contains("dnet daemon: API listen on tcp://127.0.0.1:\(port) (systemd fd 4)"), "\(daemon.log)")
        #expect(daemon.stop() == 0, "\(daemon.log)")
        // The socket file is the service manager's: it stays for the next start.
        var info = stat()
        #expect(lstat(socket, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK)
    }

    @Test func oneNamedSocketOnly() throws {
        let port = Self.port()
        let socket = FileManager.default.temporaryDirectory.path + "/dnet-fd-\(port).sock"
        let daemon = try Activated(listen: [socket, "127.0.0.1:\(port)"], hosts: ["fd://4"])
        defer {
            daemon.finish()
            unlink(socket)
        }
        let listed = daemon.docker("tcp://127.0.0.1:\(port)", ["network", "ls", "--format", "{{.Name}}"])
        #expect(listed.stdout == "bridge\nhost\nnone\n", "\(listed) \(daemon.log)")
        // fd 3 (the unix socket) is not named: the daemon closed it, as dockerd does.
        let other = daemon.docker("unix://" + socket, ["network", "ls"])
        #expect(other.status != 0 && other.stderr.contains("Cannot connect to the Docker daemon"), "\(other)")
        #expect(daemon.stop() == 0, "\(daemon.log)")
    }

    /// Starts a daemon that must refuse to serve: the launcher execs it on a first connection,
    /// which then fails; the daemon's status and message.
    static func refusal(listen: String, hosts: [String], connect: () -> Void) throws -> (Int32, String) {
        let daemon = try Activated(listen: [listen], hosts: hosts)
        defer { daemon.finish() }
        connect()
        let deadline = Date().addingTimeInterval(30)
        while daemon.isRunning && Date() < deadline { usleep(20_000) }
        return (daemon.stop(), daemon.log)
    }

    @Test func refusals() throws {
        // No socket passed at all.
        let scratch = FileManager.default.temporaryDirectory.path + "/dnet-fd-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        _ = FileManager.default.createFile(atPath: scratch + "/daemon.json", contents: Data("{}".utf8))
        let bare = try runProgram(DaemonUnderTest.dnetPath, ["daemon", "--config-file", scratch + "/daemon.json",
                                                             "--data-root", scratch + "/data", "-H", "fd://"])
        #expect(bare.status == 1)
        #expect(bare.stderr == "dnet daemon: no sockets found via socket activation: make sure the service was started by systemd (LISTEN_PID and LISTEN_FDS name the sockets passed to this process)\n")

        let socket = FileManager.default.temporaryDirectory.path + "/dnet-fd-\(Self.port()).sock"
        defer { unlink(socket) }
        let (status, log) = try Self.refusal(listen: socket, hosts: ["fd://7"]) {
            _ = try? DaemonClient(address: .unix(path: socket)).send("GET", "/_ping")
        }
        #expect(status == 1)
        #expect(log.contains("dnet daemon: too few socket activated files passed in by systemd: fd://7 names fd 7, and 1 was passed (fd 3)\n"), "\(log)")

        // A passed TCP socket outside loopback follows tcp://'s rule.
        let port = Self.port()
        let (open, openLog) = try Self.refusal(listen: "0.0.0.0:\(port)", hosts: ["fd://"]) {
            _ = try? DaemonClient(address: .tcp(host: "127.0.0.1", port: port)).send("GET", "/_ping")
        }
        #expect(open == 1)
        #expect(openLog.contains("dnet daemon: refusing to listen on tcp://0.0.0.0:\(port) (systemd fd 3) without TLS"), "\(openLog)")

        // A client has nothing to do with passed sockets.
        let client = try runProgram(DaemonUnderTest.dnetPath, ["-H", "fd://", "-c", "network ls"])
        #expect(client.status != 0)
        #expect(client.stderr.contains("fd:// names sockets passed to `dnet daemon` by systemd; a client connects to unix:///path or tcp://host:port"), "\(client)")
    }
}
