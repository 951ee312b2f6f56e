import Foundation
import Glibc
import Testing

/// `kill -9` of a dnet process in the middle of a 500-container script, then a new start:
/// the reconcile leaves no namespace, veth, UTS namespace or name-file folder that the state
/// does not account for, and every container the state lists works. Root only, in a network
/// namespace of the test's own inside scripts/sandbox.sh, which both dnet processes share.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DNET_TEST_SANDBOX"] == "1"), .serialized)
struct CrashRecoveryTests {
    static let count = 500
    static let prefix = "kx"

    @Test(arguments: [0.1, 0.4, 0.7])
    func killedMidScriptThenRestarted(fraction: Double) throws {
        let lab = try CrashLab()
        defer { lab.tearDown() }
        let script = lab.dataRoot + "/build.dnet"
        var text = "network create --subnet 10.97.0.0/16 crashnet\n"
        for i in 1...Self.count { text += "run --net crashnet --name \(Self.prefix)\(i)\n" }
        try text.write(toFile: script, atomically: true, encoding: .utf8)

        // Kill it while it is inside a `run`: right after the id of container k came out,
        // container k+1 is on its way (namespace, veth, files, store).
        let killAfter = Int(Double(Self.count) * fraction) + Int.random(in: 0..<20)
        let (printed, errors) = try lab.runAndKill(["--data-root", lab.dataRoot, script], afterLines: killAfter + 1)
        #expect(printed >= killAfter + 1, "dnet printed \(printed) lines before the kill; its errors: \(errors)")

        // A new start reconciles; then compare the kernel and the folders with the state.
        let listed = try lab.dnet(["-c", "ps -a --format '{{.Names}}'"])
        let names = Set(listed.split(separator: "\n").map(String.init))
        #expect(names.count >= killAfter, "only \(names.count) containers listed")
        #expect(names.allSatisfy { $0.hasPrefix(Self.prefix) })

        #expect(lab.entries("/run/netns").filter { $0.hasPrefix(Self.prefix) }.sorted() == names.sorted())
        #expect(lab.entries("/etc/netns").filter { $0.hasPrefix(Self.prefix) }.sorted() == names.sorted())
        #expect(lab.entries("/run/dnet/uts").filter { $0.hasPrefix(Self.prefix) }.sorted() == names.sorted())
        #expect(lab.entries(lab.dataRoot + "/creating") == [], "the creation journal is not empty")

        // Each container has one veth on the host, marked with its endpoint's id. A deleted
        // namespace takes its veth with it, asynchronously: wait for the kernel.
        let endpoints = Set(try lab.dnet(["-c", "for id in $(ps -aq) { inspect -f '{{range .NetworkSettings.Networks}}dnet:{{.EndpointID}}{{end}}' $id }"])
            .split(separator: "\n").map(String.init))
        var veths: [String] = []
        for _ in 0..<100 {
            veths = try lab.hostVethAliases()
            if veths.count == names.count { break }
            usleep(50_000)
        }
        #expect(veths.count == names.count, "\(veths.count) veths for \(names.count) containers")
        #expect(Set(veths) == endpoints, "veths whose mark no endpoint has: \(Set(veths).subtracting(endpoints).sorted())")

        // Every container the state lists reaches its gateway.
        var unreachable: [String] = []
        for name in names.sorted() {
            let ok = (try? Spawn.run(["nsenter", "--net=/run/netns/\(name)", "ping", "-c1", "-W2", "-q", "10.97.0.1"],
                                     capture: false)) != nil
            if !ok { unreachable.append(name) }
        }
        #expect(unreachable.isEmpty, "cannot reach the gateway: \(unreachable)")

        // And the engine goes on: one more container, then everything removed.
        _ = try lab.dnet(["-c", "run --net crashnet --name \(Self.prefix)-after"])
        _ = try lab.dnet(["-c", "for id in $(ps -aq) { rm -f $id }; network rm crashnet"])
        #expect(lab.entries("/run/netns").filter { $0.hasPrefix(Self.prefix) } == [])
        #expect(lab.entries("/etc/netns").filter { $0.hasPrefix(Self.prefix) } == [])
    }
}

/// A network namespace of the test's own (both dnet processes join it with `nsenter --net`,
/// keeping the sandbox's mounts, so they see each other's namespaces) and a data root.
struct CrashLab {
    let namespace = "dnet-crash-\(getpid())-\(Int.random(in: 0..<1_000_000))"
    let dataRoot: String

    init() throws {
        dataRoot = try DnetBinary.temporaryDirectory().path
        try Spawn.run(["ip", "netns", "add", namespace], capture: false)
        try Spawn.run(["ip", "-n", namespace, "link", "set", "lo", "up"], capture: false)
    }

    var enter: [String] { ["nsenter", "--net=/run/netns/\(namespace)"] }

    /// Runs dnet in the lab; throws when it fails.
    func dnet(_ arguments: [String]) throws -> String {
        let r = try DnetBinary.run(Array(enter.dropFirst()) + [DnetBinary.path, "--data-root", dataRoot] + arguments,
                                   executable: "/usr/bin/nsenter")
        guard r.status == 0 else { throw Spawn.Failure(description: "dnet \(arguments) failed (\(r.status)): \(r.stderr)") }
        return r.stdout
    }

    /// Starts dnet, reads its stdout until `afterLines` lines came, kills it with SIGKILL,
    /// and returns how many lines it had printed.
    /// The lines dnet printed before it was killed (or ended), and what it wrote on stderr.
    func runAndKill(_ arguments: [String], afterLines: Int) throws -> (lines: Int, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
        process.arguments = Array(enter.dropFirst()) + [DnetBinary.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        let errorsPath = dataRoot + "/stderr.txt"
        FileManager.default.createFile(atPath: errorsPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: errorsPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let reader = out.fileHandleForReading
        var lines = 0
        var buffer = Data()
        while lines < afterLines {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            lines = buffer.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        // nsenter execs dnet: the pid is dnet's own.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return (lines, (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? "")
    }

    /// The names in a folder (none when it is missing).
    func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// The aliases of the veths in the lab's namespace ("-" for one without).
    func hostVethAliases() throws -> [String] {
        let text = try Spawn.run(["ip", "-n", namespace, "-d", "-o", "link", "show", "type", "veth"], capture: true)
        return text.split(separator: "\n").map { line in
            let words = line.split(separator: " ")
            guard let i = words.firstIndex(of: "alias"), i + 1 < words.count else { return "-" }
            return String(words[i + 1])
        }
    }

    func tearDown() {
        for name in entries("/run/netns") where name.hasPrefix(CrashRecoveryTests.prefix) {
            _ = try? Spawn.run(["ip", "netns", "del", name], capture: false)
        }
        for name in entries("/etc/netns") where name.hasPrefix(CrashRecoveryTests.prefix) {
            try? FileManager.default.removeItem(atPath: "/etc/netns/" + name)
        }
        for name in entries("/run/dnet/uts") where name.hasPrefix(CrashRecoveryTests.prefix) {
            umount2("/run/dnet/uts/" + name, Int32(MNT_DETACH))
            unlink("/run/dnet/uts/" + name)
        }
        _ = try? Spawn.run(["ip", "netns", "del", namespace], capture: false)
        try? FileManager.default.removeItem(atPath: dataRoot)
    }
}
