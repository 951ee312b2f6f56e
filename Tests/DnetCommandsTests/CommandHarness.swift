import Foundation
import DnetCommandKit
import DnetCommands
@testable import DnetEngine
import DnetKernel

/// What one command did.
struct Outcome: Equatable, CustomStringConvertible {
    var stdout: String
    /// What dnet shows after `error: ` (the command's failure message), one line per error.
    var stderr: String
    var status: Int32

    var description: String { "stdout: \(stdout.debugDescription) stderr: \(stderr.debugDescription) status: \(status)" }
}

/// The network commands on an engine of their own: a fresh data root, and a dry-run kernel
/// (that sees a few host links) or, as root in a sandbox, the real one.
final class CommandHarness {
    let registry = CommandRegistry()
    let handle: EngineHandle
    let dataRoot: String
    /// The dry-run backend, when the kernel is not the real one.
    let dryRun: DryRunBackend?
    /// Whether commands may ask questions, and where they read the answers.
    var isInteractive = false
    var stdinDescriptor: Int32 = 0

    enum Kernel {
        /// Nothing reaches the kernel; reads see `FakeHost`.
        case dryRun
        /// Netlink, in the sandbox's network namespace.
        case real
    }

    init(_ kernel: Kernel = .dryRun, settings: EngineSettings = EngineSettings()) throws {
        dataRoot = FileManager.default.temporaryDirectory.path + "/dnet-commands-\(UUID().uuidString)"
        let backend: KernelBackend
        switch kernel {
        case .dryRun:
            let dry = DryRunBackend(reading: FakeHost())
            dryRun = dry
            backend = dry
        case .real:
            dryRun = nil
            backend = try NetlinkBackend()
        }
        let root = dataRoot
        handle = EngineHandle { Engine(settings: settings, dataRoot: root, backend: backend) }
        DnetCommands.register(into: registry, engine: handle)
    }

    deinit { try? FileManager.default.removeItem(atPath: dataRoot) }

    var engine: Engine { get throws { try handle.get() } }

    /// Runs one command line: words split as a shell does (quotes, `$(command)` substituted
    /// and split into words), plus `attach NETWORK` / `detach NETWORK`, which give a network
    /// an endpoint (a container, as far as the network commands care) or take it away.
    @discardableResult
    func run(_ line: String) -> Outcome {
        let words = ShellWords.split(ShellWords.substitute(line) { run($0).stdout })
        guard let name = words.first else { return Outcome(stdout: "", stderr: "", status: 0) }
        let arguments = Array(words.dropFirst())
        if name == "attach" || name == "detach" {
            do {
                try endpoint(attach: name == "attach", network: arguments[0])
                return Outcome(stdout: "", stderr: "", status: 0)
            } catch {
                return Outcome(stdout: "", stderr: "\(error)\n", status: 1)
            }
        }
        let context = CommandContext(stdout: .capture(), stderr: .capture(), stdinDescriptor: stdinDescriptor,
                                     isInteractive: isInteractive)
        guard let entry = registry.lookup(name) else {
            return Outcome(stdout: "", stderr: "unknown command \(name)\n", status: 127)
        }
        do {
            let status = try entry.handler(arguments, context)
            return Outcome(stdout: context.stdout.capturedText, stderr: context.stderr.capturedText, status: status)
        } catch let failure as CommandFailure {
            return Outcome(stdout: context.stdout.capturedText, stderr: failure.message + "\n", status: failure.status)
        } catch {
            return Outcome(stdout: context.stdout.capturedText, stderr: "unexpected error: \(error)\n", status: -1)
        }
    }

    private func endpoint(attach: Bool, network reference: String) throws {
        let engine = try self.engine
        let network = try engine.network(reference)
        try engine.store.write { transaction in
            if attach {
                try transaction.put(EndpointRecord(id: Identifiers.randomID(), networkID: network.id,
                                                   containerID: Identifiers.randomID()))
            } else if let endpoint = try transaction.endpoints(of: network.id).first {
                transaction.delete(EndpointRecord.self, endpoint.id)
            }
        }
    }

    /// What a failed command must leave as it was: everything in the store (records and meta,
    /// such as the pools' cursor), read through a connection of its own, and on the dry run
    /// the kernel steps taken so far.
    func state() throws -> String {
        try engine.ensureStarted()
        let snapshot = try Store(dataRoot: dataRoot).read()
        let records = snapshot.records.sorted { $0.key < $1.key }.flatMap { kind, byID in
            byID.sorted { $0.key < $1.key }.map { "\(kind) \($0.key) \(String(decoding: $0.value, as: UTF8.self))" }
        }
        let meta = snapshot.meta.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return (records + meta + ["steps: \(dryRun?.steps.count ?? -1)"]).joined(separator: "\n")
    }
}

/// A host as the dry run reads it: loopback and a veth pair `par0`/`par1` (parents for
/// macvlan networks), and a kernel without ipvlan, 802.1Q vlan and dummy devices.
final class FakeHost: KernelBackend, @unchecked Sendable {
    func apply(_ step: KernelStep) throws {
        throw KernelError(action: "\(step)", cause: .invalid("FakeHost is read-only"))
    }

    func links(in namespace: NetworkNamespace) throws -> [LinkInfo] {
        guard namespace == .host else { return [] }
        return [("lo", nil), ("par0", "veth"), ("par1", "veth")].enumerated().map { index, link in
            LinkInfo(index: index + 1, name: link.0, kind: link.1, alias: nil, master: nil, mtu: 1500,
                     macAddress: nil, isUp: true, addresses: [])
        }
    }

    func routes(in namespace: NetworkNamespace) throws -> [RouteInfo] { [] }
    func namespaces() throws -> [String] { [] }
    func readSysctl(_ key: String, in namespace: NetworkNamespace) throws -> String { "0" }
    func supportsLinkKind(_ kind: String) throws -> Bool { !["ipvlan", "vlan", "dummy"].contains(kind) }
    func closeNamespaceSockets() {}
}

/// A command line's words, as a shell splits them (quotes, and `$(command)` replaced by the
/// command's output, split into words).
enum ShellWords {
    /// Replaces each `$(…)` outside single quotes by what `run` prints for it, its newlines as spaces.
    static func substitute(_ line: String, _ run: (String) -> String) -> String {
        var result = "", chars = Array(line)[...]
        var inSingleQuotes = false
        while let c = chars.popFirst() {
            if c == "'" { inSingleQuotes.toggle() }
            guard c == "$", chars.first == "(", !inSingleQuotes else {
                result.append(c)
                continue
            }
            chars = chars.dropFirst()
            var depth = 1, inner = ""
            var quote: Character?
            while let d = chars.popFirst() {
                if let q = quote {
                    if d == q { quote = nil }
                } else if d == "'" || d == "\"" {
                    quote = d
                } else if d == "(" {
                    depth += 1
                } else if d == ")" {
                    depth -= 1
                    if depth == 0 { break }
                }
                inner.append(d)
            }
            result += run(inner).split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        return result
    }

    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = "", inWord = false
        var quote: Character?
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
                continue
            }
            switch c {
            case "'", "\"":
                quote = c
                inWord = true
            case " ", "\t":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(c)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
