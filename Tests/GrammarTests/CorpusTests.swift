import Foundation
import Testing

/// The grammar accepts every example, README snippet and valid snippet, and rejects every
/// broken script.
struct CorpusTests {
    /// Why `file` was not accepted, or nil if it was.
    private func rejection(of file: URL) throws -> String? {
        guard let text = Corpus.text(of: file) else { return "cannot read \(file.path) as UTF-8" }
        let result = try DnetGrammar.recognize(text)
        return result.accepted ? nil : "rejected; the grammar got no further than \(DnetGrammar.location(of: result.farthest, in: text))"
    }

    @Test(arguments: Corpus.scripts(in: Corpus.examples))
    func exampleIsAccepted(name: String) throws {
        let problem = try rejection(of: Corpus.examples.appendingPathComponent(name))
        #expect(problem == nil, "examples/\(name): \(problem ?? "")")
    }

    @Test func thereAreExamples() {
        #expect(Corpus.scripts(in: Corpus.examples).count >= 4)
    }

    /// Every `dnet` block of the README is accepted (and the README has some).
    @Test func readmeSnippetsAreAccepted() throws {
        let readme = try #require(Corpus.text(of: Corpus.readme), "README.md is missing")
        let blocks = Corpus.dnetBlocks(in: readme)
        #expect(blocks.count >= 5)
        for block in blocks {
            let result = try DnetGrammar.recognize(block.code)
            #expect(result.accepted, "README.md block at line \(block.line): rejected at \(DnetGrammar.location(of: result.farthest, in: block.code)) of the block")
        }
    }

    @Test(arguments: Corpus.scripts(in: Corpus.validSnippets))
    func validSnippetIsAccepted(name: String) throws {
        let problem = try rejection(of: Corpus.validSnippets.appendingPathComponent(name))
        #expect(problem == nil, "valid/\(name): \(problem ?? "")")
    }

    @Test(arguments: Corpus.scripts(in: Corpus.brokenScripts))
    func brokenScriptIsRejected(name: String) throws {
        let problem = try rejection(of: Corpus.brokenScripts.appendingPathComponent(name))
        #expect(problem != nil, "broken/\(name) was accepted")
    }

    @Test func corporaAreLargeEnough() {
        #expect(Corpus.scripts(in: Corpus.validSnippets).count >= 30)
        #expect(Corpus.scripts(in: Corpus.brokenScripts).count >= 30)
    }

    @Test func readmeBlocksAreFoundByTheirFence() {
        let markdown = """
        Intro
        ```dnet
        echo one
        ```
        ```sh
        ```dnet
        not dnet
        ```
        ````dnet
        echo ```
        ````
        """
        let blocks = Corpus.dnetBlocks(in: markdown)
        #expect(blocks.map(\.code) == ["echo one\n", "echo ```\n"])
        #expect(blocks.map(\.line) == [2, 9])
    }
}
