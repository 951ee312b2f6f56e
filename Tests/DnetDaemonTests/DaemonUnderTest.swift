import Foundation
import Glibc
import Testing
import DnetDaemon

/// The root tests run only inside `scripts/sandbox.sh` (a private network and mount
/// namespace): they start real daemons that make bridges in the kernel.
enum Sandboxed {
    static var enabled: Bool {
        ProcessInfo.processInfo.environment["DNET_TEST_SANDBOX"] == "1" && getuid() == 0
    }
}

/// What one command printed, and its status.
struct Outcome: Equatable, CustomStringConvertible {
    var stdout: String
    var stderr: String
    var status: Int32

    var description: String { "stdout: \(stdout.debugDescription) stderr: \(stderr.debugDescription) status: \(status)" }
}

/// Runs a program and collects its output.
func runProgram(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Both pipes are drained at once, so that a full one never blocks the program.
    final class Collected: @unchecked Sendable { var data = Data() }
    let collected = Collected()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { collected.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Outcome(stdout: String(decoding: collected.data, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                   status: process.terminationStatus)
}

/// A `dnet daemon` of its own (fresh data root, socket in a temporary folder), driven by the
/// real docker CLI, by `dnet -H` and by plain HTTP. `finish()` removes every network and
/// container it made, stops it with SIGTERM and removes the folder.
final class DaemonUnderTest {
    let directory: String
    let socket: String
    let dataRoot: String
    private let process: Process
    private let logPath: String
    private(set) var stopped = false

    /// The `dnet` built beside this test bundle.
    static var dnetPath: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("dnet").path
    }

    /// Starts `dnet daemon -H unix://<dir>/d.sock --data-root <dir>/data` plus `arguments`
    /// (more `-H`, TLS flags), and waits until it answers `/_ping`.
    /// `listenOn` reuses a folder: its data root, and whatever socket file is in it.
    init(arguments: [String] = [], listen: [String]? = nil, listenOn existing: String? = nil) throws {
        directory = existing ?? FileManager.default.temporaryDirectory.path + "/dnet-daemon-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        socket = directory + "/d.sock"
        dataRoot = directory + "/data"
        logPath = directory + "/daemon.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        // Settings of its own: none, whatever the host's /etc/dnet/daemon.json says.
        _ = FileManager.default.createFile(atPath: directory + "/daemon.json", contents: Data("{}".utf8))
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.dnetPath)
        let hosts = (listen ?? ["unix://" + socket]).flatMap { ["-H", $0] }
        process.arguments = ["daemon", "--data-root", dataRoot, "--config-file", directory + "/daemon.json"] + hosts + arguments
        let log = FileHandle(forWritingAtPath: logPath)!
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try waitUntilServing()
    }

    deinit { finish() }

    private func waitUntilServing() throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if !process.isRunning { throw DaemonFailure("the daemon exited: \(log)") }
            if FileManager.default.fileExists(atPath: socket),
               let client = try? DaemonClient(address: .unix(path: socket)),
               let answer = try? client.send("GET", "/_ping"), answer.status == 200 {
                return
            }
            usleep(50_000)
        }
        throw DaemonFailure("the daemon did not start: \(log)")
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
    var isRunning: Bool { process.isRunning }
    var pid: Int32 { process.processIdentifier }

    /// A shell command line as bash runs it, with DOCKER_HOST and DNET_HOST at this daemon (so
    /// that a `$(docker …)` inside it goes there too), `$DNET` the dnet binary, and a docker
    /// config folder of its own.
    func shell(_ command: String) -> Outcome {
        (try? runProgram("/bin/bash", ["-c", command], environment: [
            "DOCKER_HOST": "unix://" + socket, "DOCKER_CONFIG": directory + "/docker-config",
            "DOCKER_CLI_HINTS": "false", "DNET_HOST": "unix://" + socket, "DNET": Self.dnetPath,
        ])) ?? Outcome(stdout: "", stderr: "cannot run bash", status: -1)
    }

    /// The docker CLI with these arguments.
    func docker(_ arguments: [String]) -> Outcome {
        (try? runProgram("/usr/bin/env", ["docker", "-H", "unix://" + socket] + arguments,
                         environment: ["DOCKER_CONFIG": directory + "/docker-config", "DOCKER_CLI_HINTS": "false"]))
            ?? Outcome(stdout: "", stderr: "cannot run docker", status: -1)
    }

    /// `dnet -H unix://… ARGS`.
    func dnet(_ arguments: [String], environment: [String: String] = [:]) -> Outcome {
        (try? runProgram(Self.dnetPath, ["-H", "unix://" + socket] + arguments, environment: environment))
            ?? Outcome(stdout: "", stderr: "cannot run dnet", status: -1)
    }

    /// One request over a connection of its own.
    func http(_ method: String, _ path: String, _ body: String? = nil) throws -> (status: Int, body: String) {
        let client = try DaemonClient(address: .unix(path: socket))
        let answer = try client.send(method, path, body: body.map { Array($0.utf8) })
        return (answer.status, String(decoding: answer.body, as: UTF8.self))
    }

    /// Sends SIGTERM and waits; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        guard !stopped else { return process.terminationStatus }
        stopped = true
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Removes what the tests made (containers, networks, the default bridge), stops the
    /// daemon and removes the folder.
    func finish() {
        if !stopped && process.isRunning {
            let containers = docker(["ps", "-aq"]).stdout.split(separator: "\n").map(String.init)
            if !containers.isEmpty { _ = dnet(["rm", "-f"] + containers) }
            _ = docker(["network", "prune", "-f"])
        }
        stop()
        // The default bridge stays after its engine stops, as Docker's docker0 does. The next
        // test's engine makes its own: wait until the kernel has let go of this one's name.
        _ = try? runProgram("/sbin/ip", ["link", "del", "dnet0"])
        for _ in 0..<100 where FileManager.default.fileExists(atPath: "/proc/sys/net/ipv4/conf/dnet0") { usleep(20_000) }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
