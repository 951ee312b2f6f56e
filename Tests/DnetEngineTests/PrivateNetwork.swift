import DnetKernel
import Foundation
import Testing

/// A network namespace (with a mount namespace, and private tmpfs over /run/netns and
/// /etc/netns) of its own for one root test, held open by a sleeping process. The test's
/// engine, its `ip` checks and the dnet processes it runs all work in there, so tests
/// running at the same time never see each other's links (an engine start removes marked
/// links its store does not know), and whatever a test leaves goes with the namespace.
///
/// Root tests run only inside the test sandbox (scripts/sandbox.sh), announced by
/// DNET_TEST_SANDBOX=1 and checked: the namespace must not be the one the sandbox left.
final class PrivateNetwork {
    static let isAvailable: Bool = {
        guard ProcessInfo.processInfo.environment["DNET_TEST_SANDBOX"] == "1", getuid() == 0 else { return false }
        // scripts/sandbox.sh names the namespace it left (its processes outside cannot be
        // seen from its PID namespace): ours must be another.
        guard let host = ProcessInfo.processInfo.environment["DNET_HOST_NETNS"],
              let ours = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net") else { return false }
        return ours != host
    }()

    private let holder: Process
    /// The real kernel backend, bound to this namespace.
    let backend: NetlinkBackend

    init() throws {
        holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        holder.arguments = ["--net", "--mount", "--propagation", "private", "sh", "-c", """
            set -e
            for dir in /run/netns /etc/netns; do mkdir -p $dir; mount -t tmpfs -o mode=755 tmpfs $dir; done
            ip link set lo up
            echo ready
            exec sleep infinity
            """]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        let line = String(decoding: pipe.fileHandleForReading.readData(ofLength: 6), as: UTF8.self)
        guard line == "ready\n" else {
            holder.terminate()
            throw Failure("cannot make a private network namespace (unshare said: \(line))")
        }
        let path = "/proc/\(holder.processIdentifier)/ns/net"
        do {
            backend = try NamespaceThread.run(inNamespaceAt: path) { try NetlinkBackend() }
        } catch {
            holder.terminate()
            throw error
        }
    }

    deinit {
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The arguments that run a program inside the namespaces.
    func inside(_ arguments: [String]) -> [String] {
        ["nsenter", "--target", String(holder.processIdentifier), "--net", "--mount", "--"] + arguments
    }

    /// Runs a program inside; returns its status and its stdout and stderr together.
    @discardableResult
    func run(_ arguments: String...) -> (status: Int32, output: String) {
        Self.run(inside(arguments))
    }

    /// The output of a program expected to succeed inside.
    @discardableResult
    func output(_ arguments: String...) -> String {
        let result = Self.run(inside(arguments))
        #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.output)")
        return result.output
    }

    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (127, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `ip -d link show`, one block per link (its lines joined), by link name.
    var linkDetails: [String: String] {
        var blocks: [String: String] = [:]
        var current: String?
        for line in output("ip", "-d", "link", "show").split(separator: "\n").map(String.init) {
            if !line.hasPrefix(" ") {
                // `7: br-x: <…>`, or `8: veth1@if2: <…>`
                let name = line.split(separator: ":", maxSplits: 2).dropFirst().first.map {
                    String($0.trimmingCharacters(in: .whitespaces).prefix { $0 != "@" })
                }
                current = name
                if let name { blocks[name] = line }
            } else if let current {
                blocks[current, default: ""] += "\n" + line
            }
        }
        return blocks
    }

    /// `ip -d link` with what changes by itself or with each re-creation dropped: interface
    /// indexes, timers, hardware addresses; sorted by link name.
    var links: String {
        linkDetails.sorted { $0.key < $1.key }.map { Self.normalized($0.value) }.joined(separator: "\n")
    }

    static func normalized(_ block: String) -> String {
        block.replacingOccurrences(of: #"^\d+: "#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"(\w+_timer)\s+[\d.]+"#, with: "$1", options: .regularExpression)
            .replacingOccurrences(of: #"link/ether \S+"#, with: "link/ether", options: .regularExpression)
    }

    /// `ip -o addr`, without indexes and the kernel's own IPv6 link-local addresses, sorted.
    var addresses: String {
        output("ip", "-o", "addr", "show").split(separator: "\n")
            .map { $0.replacingOccurrences(of: #"^\d+: "#, with: "", options: .regularExpression) }
            .filter { !$0.contains("inet6 fe80::") }
            .sorted().joined(separator: "\n")
    }

    /// The addresses of each link (`10.1.0.1/24`), in the kernel's order, link-local ones left out.
    var addressesByLink: [String: [String]] {
        var table: [String: [String]] = [:]
        for line in output("ip", "-o", "addr", "show").split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count > 3, let i = words.firstIndex(where: { $0 == "inet" || $0 == "inet6" }),
                  i + 1 < words.count, !words[i + 1].hasPrefix("fe80:") else { continue }
            table[String(words[1]), default: []].append(String(words[i + 1]))
        }
        return table
    }

    /// `ip netns` (the private /run/netns).
    var namespaces: String { output("ip", "netns", "list") }

    /// The names of the bridges, sorted.
    var bridgeNames: [String] {
        output("ip", "-o", "link", "show", "type", "bridge").split(separator: "\n").compactMap { line in
            line.split(separator: ":", maxSplits: 2).dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) }
        }.sorted()
    }

    /// What `ip -d link show NAME` says, or nil when there is no such device.
    func link(_ name: String) -> String? {
        let result = run("ip", "-d", "link", "show", "dev", name)
        return result.status == 0 ? result.output : nil
    }

    /// The addresses on a link (`10.1.0.1/24`), link-local ones left out.
    func addresses(of name: String) -> [String] { addressesByLink[name] ?? [] }
}
