import Foundation

/// The dnet language as `grammar/dnet.ebnf` defines it, read once for all tests.
enum DnetGrammar {
    /// The grammar's start rule.
    static let start = "script"

    /// The parsed grammar file, or why it could not be read.
    static let loaded: Result<EBNFGrammar, Error> = Result {
        try EBNFGrammar(source: String(contentsOf: Corpus.grammarFile, encoding: .utf8))
    }

    /// Recognizes a whole script.
    static func recognize(_ script: String) throws -> Recognizer.Result {
        Recognizer.recognize(script, grammar: try loaded.get(), start: start)
    }

    /// "line:column" (1-based) of a Unicode scalar offset in `text`.
    static func location(of offset: Int, in text: String) -> String {
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars.prefix(offset) {
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return "\(line):\(column)"
    }
}
