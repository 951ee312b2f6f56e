import Foundation
import Testing
import DnetEngine
import DnetKernel

/// A container's veth host end has a random name (`veth` + 7 hex digits); one the kernel
/// finds taken is replaced by another, and the command goes on.
@Suite(.serialized, .enabled(if: ContainerHarness.inSandbox, "needs root in a sandbox: DNET_TEST_SANDBOX=1"))
struct VethNameClashTests {
    /// The real kernel, where another program takes the name of the first host end just
    /// before dnet makes it.
    final class TakingBackend: KernelBackend, @unchecked Sendable {
        let base: NetlinkBackend
        private(set) var taken: String?

        init() throws { base = try NetlinkBackend() }

        func apply(_ step: KernelStep) throws {
            if case .addContainerVeth(let spec) = step, taken == nil {
                taken = spec.hostName
                try Self.ip("link", "add", spec.hostName, "type", "veth", "peer", "name", "vtk" + spec.hostName.suffix(7))
            }
            try base.apply(step)
        }

        func links(in namespace: NetworkNamespace) throws -> [LinkInfo] { try base.links(in: namespace) }
        func routes(in namespace: NetworkNamespace) throws -> [RouteInfo] { try base.routes(in: namespace) }
        func namespaces() throws -> [String] { try base.namespaces() }
        func namespaceExists(_ name: String) throws -> Bool { try base.namespaceExists(name) }
        func readSysctl(_ key: String, in namespace: NetworkNamespace) throws -> String { try base.readSysctl(key, in: namespace) }
        func readFirewall(_ commands: String) throws -> String { try base.readFirewall(commands) }
        func supportsLinkKind(_ kind: String) throws -> Bool { try base.supportsLinkKind(kind) }
        func closeNamespaceSockets() { base.closeNamespaceSockets() }

        @discardableResult
        static func ip(_ arguments: String...) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["ip"] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "ip \(arguments.joined(separator: " "))")
            return String(decoding: data, as: UTF8.self)
        }
    }

    @Test func aHostEndNameTakenByAnotherLinkIsReplaced() throws {
        let backend = try TakingBackend()
        let h = ContainerHarness(backend: backend, nameFiles: "/etc/netns")
        defer { h.cleanUp(containers: ["clash1"], networks: ["clashnet"]) }
        h.output("network create --subnet 10.97.0.0/24 clashnet")
        let run = h.run("run --net clashnet --name clash1")
        #expect(run.status == 0, "\(run)")
        let taken = try #require(backend.taken)
        defer { _ = try? TakingBackend.ip("link", "del", taken) }

        // The other program's link is as it made it; the container's host end has a name of its own.
        let bridge = "br-" + h.output("network inspect -f {{.Id}} clashnet").prefix(12)
        let ports = try TakingBackend.ip("-o", "link", "show", "master", bridge)
        #expect(!ports.contains(taken), "\(ports)")
        #expect(ports.split(separator: "\n").count == 1 && ports.contains(": veth"), "\(ports)")
        #expect(!(try TakingBackend.ip("-d", "link", "show", taken)).contains("master"))
        #expect(try TakingBackend.ip("netns", "exec", "clash1", "ping", "-c1", "-W2", "10.97.0.1").contains("1 received"))
    }
}
