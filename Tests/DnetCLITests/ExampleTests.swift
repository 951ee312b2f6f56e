import Foundation
import Testing

/// Every script under examples/ runs to the end without an error: the language-only ones
/// anywhere, the ones that make networks and containers in a `--sandbox` run (root only).
struct ExampleTests {
    static let folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("../../examples").standardized

    static func needsRoot(_ name: String) -> Bool {
        let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
        return text.contains("--sandbox")
    }

    static var languageExamples: [String] { all.filter { !needsRoot($0) } }
    static var kernelExamples: [String] { all.filter(needsRoot) }
    static var all: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".dnet") }.sorted()
    }

    @Test(arguments: ExampleTests.languageExamples)
    func languageExampleRuns(_ name: String) throws {
        let r = try DnetBinary.run([Self.folder.appendingPathComponent(name).path])
        #expect(r.status == 0 && r.stderr == "", "\(name): \(r.stderr)")
        #expect(!r.stdout.isEmpty)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["DNET_TEST_SANDBOX"] == "1"),
          arguments: ExampleTests.kernelExamples)
    func kernelExampleRunsInASandbox(_ name: String) throws {
        let r = try DnetBinary.run(["--sandbox", Self.folder.appendingPathComponent(name).path])
        #expect(r.status == 0 && r.stderr == "", "\(name): \(r.stderr)")
    }

    @Test func thereAreExamplesOfBothKinds() {
        #expect(Self.languageExamples.count >= 3 && Self.kernelExamples.count >= 2)
    }
}
