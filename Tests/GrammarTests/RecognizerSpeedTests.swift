import Foundation
import Testing

/// The recognizer handles a script of hundreds of lines in seconds, even in a debug build.
struct RecognizerSpeedTests {
    @Test func fiveHundredLinesInSeconds() throws {
        let pieces = Corpus.scripts(in: Corpus.examples).compactMap { Corpus.text(of: Corpus.examples.appendingPathComponent($0)) }
            + Corpus.scripts(in: Corpus.validSnippets).compactMap { Corpus.text(of: Corpus.validSnippets.appendingPathComponent($0)) }
        try #require(!pieces.isEmpty)
        var script = ""
        while script.split(separator: "\n", omittingEmptySubsequences: false).count < 500 {
            script += pieces.joined(separator: "\n") + "\n"
        }
        // Wrapped in a block, so every statement is parsed one level deep as well.
        script = "if true {\n" + script + "}\n"

        let clock = ContinuousClock()
        var result: Recognizer.Result?
        let elapsed = try clock.measure { result = try DnetGrammar.recognize(script) }
        #expect(result?.accepted == true)
        #expect(elapsed < .seconds(10), "took \(elapsed) for \(script.split(separator: "\n").count) lines")
    }
}
