import Foundation
import Testing
import DnetCommandKit
@testable import DnetLanguage

/// The EBNF grammar's corpora (Tests/GrammarTests/valid and broken) fed to the real parser:
/// the grammar and the parser must agree on every one of them.
struct GrammarCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("GrammarTests")

    static func files(_ folder: String) -> [String] {
        let dir = corpus.appendingPathComponent(folder).path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".dnet") }.sorted()
    }

    static func compiles(_ folder: String, _ name: String) -> Diagnostic? {
        let url = corpus.appendingPathComponent(folder).appendingPathComponent(name)
        let bytes = [UInt8]((try? Data(contentsOf: url)) ?? Data())
        let interpreter = Interpreter(registry: CommandRegistry(), context: CommandContext(stdout: .capture(), stderr: .capture()))
        do {
            _ = try interpreter.compile(try Source(name: name, bytes: bytes))
            return nil
        } catch let diagnostic as Diagnostic {
            return diagnostic
        } catch {
            return Diagnostic(kind: .syntax, message: "\(error)", file: name, line: 0, column: 0, sourceLine: "")
        }
    }

    @Test(arguments: GrammarCorpusTests.files("valid"))
    func validSnippetParses(_ name: String) {
        let diagnostic = Self.compiles("valid", name)
        #expect(diagnostic == nil, "\(name): \(diagnostic?.description ?? "")")
    }

    @Test(arguments: GrammarCorpusTests.files("broken"))
    func brokenScriptIsRejected(_ name: String) {
        #expect(Self.compiles("broken", name) != nil, "\(name) was accepted")
    }

    @Test func corporaAreThere() {
        #expect(Self.files("valid").count >= 30 && Self.files("broken").count >= 30)
    }
}
