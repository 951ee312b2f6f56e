@testable import DnetDNS
import Foundation
import Testing

/// What the controller does without root: errors a user can act on, nothing started.
@Suite struct ControllerTests {
    let table = DNSTable(containers: [DNSContainer(id: id(1), name: "c1", namespacePath: "/run/netns/none", endpoints: [])])

    @Test func aMissingExecutableIsReported() throws {
        let directory = NSTemporaryDirectory() + "dnet-dns-\(getpid())-missing"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let controller = DNSController(stateDirectory: directory, executablePath: "/nonexistent/dnet-dns")
        #expect(throws: DNSError("cannot run the DNS server /nonexistent/dnet-dns: No such file or directory")) { try controller.sync(table) }
        #expect(!controller.isRunning)
        #expect(try controller.status() == nil)
    }

    @Test func aMissingNamespaceIsReported() {
        #expect(throws: DNSError("cannot open the namespace for the DNS server in /run/netns/dnet-no-such-ns: No such file or directory")) {
            try DNSController.openSockets(inNamespaceAt: "/run/netns/dnet-no-such-ns")
        }
    }

    @Test func theExecutableDefaultsToTheOneBesideThisProgram() {
        let controller = DNSController(stateDirectory: "/tmp/x")
        #expect(controller.executablePath.hasSuffix("/dnet-dns"))
        #expect(FileManager.default.isExecutableFile(atPath: controller.executablePath))
    }

    @Test func withNothingToServeNothingStarts() throws {
        let directory = NSTemporaryDirectory() + "dnet-dns-\(getpid())-empty"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let controller = DNSController(stateDirectory: directory)
        try controller.sync(DNSTable())
        try controller.update(upserting: [], removing: [id(1)]) { DNSTable() }
        #expect(!controller.isRunning)
        #expect(!FileManager.default.fileExists(atPath: directory + "/" + DNSResident.controlSocketName))
    }
}
