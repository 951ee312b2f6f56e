import Foundation
import Testing

/// Golden scripts: each `golden/NAME.dnet` carries its expectations in comments, as clox's
/// tests do: `# expect: LINE` (stdout, in order), `# expect-stderr: LINE` (stderr, in order),
/// `# expect-status: N` (exit status, default 0), `# args: A B` (script arguments).
struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("golden")

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".dnet") }.sorted()
    }

    struct Expectation {
        var stdout: [String] = []
        var stderr: [String] = []
        var status: Int32 = 0
        var arguments: [String] = []

        init(script: String) {
            for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
                if let value = Self.directive("# expect: ", in: line) { stdout.append(value) }
                if let value = Self.directive("# expect-stderr: ", in: line) { stderr.append(value) }
                if let value = Self.directive("# expect-status: ", in: line) { status = Int32(value) ?? -1 }
                if let value = Self.directive("# args: ", in: line) {
                    arguments = value.split(separator: " ").map(String.init)
                }
            }
        }

        static func directive(_ marker: String, in line: Substring) -> String? {
            guard let range = line.range(of: marker) else { return nil }
            return String(line[range.upperBound...])
        }
    }

    @Test("golden script", arguments: GoldenTests.scripts)
    func golden(_ name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let expected = Expectation(script: text)
        let result = try DnetBinary.run([name] + expected.arguments, directory: Self.folder.path)
        #expect(Self.lines(result.stdout) == expected.stdout, "stdout of \(name)")
        #expect(Self.lines(result.stderr) == expected.stderr, "stderr of \(name)")
        #expect(result.status == expected.status, "exit status of \(name)")
    }

    static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if text.hasSuffix("\n") { lines.removeLast() }
        return lines
    }

    @Test func thereAreGoldenScripts() {
        #expect(Self.scripts.count >= 10)
    }
}
