import DnetKernel
import Foundation
import Testing

/// Root tests touch the kernel only inside the coordinator's throwaway namespace
/// (`unshare --net --mount` with tmpfs over /run/netns and /etc/netns), announced by
/// DNET_TEST_SANDBOX=1; elsewhere they are skipped. As a second guard, they are also
/// skipped in the network namespace the sandbox was unshared from.
enum Sandbox {
    static let isActive: Bool = {
        guard ProcessInfo.processInfo.environment["DNET_TEST_SANDBOX"] == "1" else { return false }
        // scripts/sandbox.sh names the namespace it left (its processes outside cannot be
        // seen from its PID namespace): ours must be another.
        guard let host = ProcessInfo.processInfo.environment["DNET_HOST_NETNS"],
              let ours = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net") else { return false }
        return ours != host
    }()

    /// A short random tag for names that stay unique between tests running in parallel.
    static func tag() -> String {
        String(UInt32.random(in: 0x100000...0xffffff), radix: 16)
    }

    /// Runs a program (found in PATH) and returns its exit status and its stdout and stderr together.
    @discardableResult
    static func run(_ arguments: String...) -> (status: Int32, output: String) {
        run(arguments)
    }

    @discardableResult
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

    /// The output of a command expected to succeed.
    @discardableResult
    static func output(_ arguments: String...) -> String {
        let result = run(arguments)
        #expect(result.status == 0, "\(arguments.joined(separator: " ")) failed: \(result.output)")
        return result.output
    }

    /// Removes links and namespaces a test made, whatever state they are in.
    static func cleanUp(links: [String] = [], namespaces: [String] = []) {
        for name in namespaces { run("ip", "netns", "del", name) }
        for name in links { run("ip", "link", "del", name) }
    }
}
