import Foundation
import Testing
import DnetCommandKit
import DnetCommands
import DnetEngine
import DnetKernel

/// What one command did.
struct Outcome: Equatable, CustomStringConvertible {
    var stdout: String
    var stderr: String
    var status: Int32

    var description: String { "stdout: \(stdout.debugDescription) stderr: \(stderr.debugDescription) status: \(status)" }
}

/// dnet's commands on an engine of their own: a fresh data root and a kernel backend
/// (dry run, or the real one in the sandbox, optionally failing at a step).
final class ContainerHarness {
    let registry = CommandRegistry()
    let handle: EngineHandle
    let dataRoot: String
    let backend: KernelBackend

    /// Runs as root in a private namespace (`scripts/sandbox.sh`)?
    static var inSandbox: Bool { ProcessInfo.processInfo.environment["DNET_TEST_SANDBOX"] == "1" }

    /// `persist: false` is a dry run's engine: the store lives in memory.
    /// `nameFiles`: where the engine writes containers' name files; by default the data root's
    /// `netns` folder, except for the real kernel (/etc/netns, private in the sandbox, where
    /// `ip netns exec` finds them).
    init(backend: KernelBackend, dataRoot: String? = nil, persist: Bool = true, nameFiles: String? = nil) {
        self.dataRoot = dataRoot ?? FileManager.default.temporaryDirectory.path + "/dnet-containers-\(UUID().uuidString)"
        self.backend = backend
        let root = self.dataRoot
        handle = EngineHandle {
            let engine = Engine(settings: EngineSettings(), dataRoot: root, backend: backend, persist: persist)
            if let nameFiles {
                engine.nameFilesRoot = nameFiles
            } else if persist && !(backend is NetlinkBackend || backend is FailingBackend) {
                engine.nameFilesRoot = root + "/netns"
            }
            return engine
        }
        DnetCommands.register(into: registry, engine: handle)
    }

    func removeDataRoot() { try? FileManager.default.removeItem(atPath: dataRoot) }

    /// A kernel test's end: removes the containers (`rm -f`), then the networks, then the data root.
    func cleanUp(containers: [String], networks: [String] = []) {
        for name in containers { run("rm -f \(name)") }
        for name in networks { run("network rm \(name)") }
        removeDataRoot()
    }

    var engine: Engine { get throws { try handle.get() } }

    /// Runs one command line; words split at spaces, single quotes group.
    @discardableResult
    func run(_ line: String) -> Outcome {
        let words = Self.split(line)
        let context = CommandContext(stdout: .capture(), stderr: .capture())
        guard let name = words.first, let entry = registry.lookup(name) else {
            return Outcome(stdout: "", stderr: "unknown command \(line)\n", status: 127)
        }
        do {
            let status = try entry.handler(Array(words.dropFirst()), context)
            return Outcome(stdout: context.stdout.capturedText, stderr: context.stderr.capturedText, status: status)
        } catch let failure as CommandFailure {
            return Outcome(stdout: context.stdout.capturedText, stderr: failure.message + "\n", status: failure.status)
        } catch {
            return Outcome(stdout: context.stdout.capturedText, stderr: "unexpected error: \(error)\n", status: -1)
        }
    }

    /// The output of a command that must succeed, trimmed.
    @discardableResult
    func output(_ line: String) -> String {
        let outcome = run(line)
        if outcome.status != 0 { Issue.record("\(line): \(outcome)") }
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func split(_ line: String) -> [String] {
        var words: [String] = [], current = "", quoted = false, started = false
        for c in line {
            if c == "'" { quoted.toggle(); started = true; continue }
            if c == " " && !quoted {
                if started { words.append(current) }
                current = ""
                started = false
                continue
            }
            current.append(c)
            started = true
        }
        if started { words.append(current) }
        return words
    }
}
