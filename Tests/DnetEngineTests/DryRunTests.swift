@testable import DnetEngine
import DnetKernel
import Foundation
import Testing

/// `--dry-run` (an engine with `persist: false` over a `DryRunBackend`): commands see each
/// other's changes, and nothing reaches the kernel or the disk.
@Suite struct DryRunTests {
    @Test func dryRunLeavesTheStoreFilesUnchanged() throws {
        let root = TemporaryDataRoot(), kernel = ModelKernel()
        do {
            let engine = EngineFixture.engine(root, kernel)
            try engine.createNetwork(EngineFixture.request("old", subnet: "10.40.0.0/24"))
        }
        let files = root.contents
        #expect(files.keys.contains("dnet.db"))
        kernel.clearSteps()
        let links = kernel.dump

        let recorder = DryRunBackend(reading: kernel)
        do {
            var settings = EngineSettings.modelKernel
            let engine = EngineFixture.engine(root, recorder, settings: settings, persist: false)
            let new = try engine.createNetwork(EngineFixture.request("new"))
            #expect(try engine.networks().map(\.name) == ["bridge", "host", "new", "none", "old"])
            try engine.removeNetwork("old")
            settings.mtu = 1400
            try engine.update(settings: settings)
            #expect(try engine.networks().map(\.name) == ["bridge", "host", "new", "none"])
            #expect(recorder.commands.first == "ip link add \(new.bridgeName!) address \(new.bridgeMACAddress) type bridge forward_delay 0 stp_state 0")
            #expect(recorder.commands.contains("ip link set dnet0 mtu 1400 alias \(engine.mark(try engine.named("bridge")!.id)) up"))
        }
        #expect(kernel.steps.isEmpty)
        #expect(kernel.dump == links)
        #expect(root.contents == files)
        #expect(try EngineFixture.engine(root, kernel).networks().map(\.name) == ["bridge", "host", "none", "old"])
    }

    @Test func dryRunOnAFreshDataRootCreatesNothing() throws {
        let parent = TemporaryDataRoot()
        let dataRoot = parent.path + "/never"
        let recorder = DryRunBackend()
        let engine = Engine(settings: EngineSettings.modelKernel, dataRoot: dataRoot, backend: recorder, persist: false)
        try engine.createNetwork(EngineFixture.request("n"))
        #expect(try engine.networks().count == 4)
        #expect(recorder.steps.count == 4) // dnet0 and its address, then n's bridge and address
        #expect(!FileManager.default.fileExists(atPath: dataRoot))
        #expect(parent.files.isEmpty)
    }
}
