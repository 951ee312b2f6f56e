/// Parses dnet text into statements. Lexing is done on demand, because what a character means
/// depends on where it is: shell words in commands, tokens in expressions, text in quotes.
final class Parser {
    let bytes: [UInt8]
    var pos = 0
    /// > 0 inside `(…)`, `[…]` and `${…}` of an expression, where newlines are plain space.
    var bracketDepth = 0
    /// > 0 inside `$(…)`, where an unquoted, unbalanced `)` ends a command.
    var captureDepth = 0
    var loopDepth = 0
    var inFunction = false
    /// Constructs opened and not yet closed, innermost last: an error at the end of the input
    /// inside one of them means the text is incomplete rather than wrong.
    var opens: [(what: String, offset: Offset)] = []
    static let maxNesting = 200

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    enum Terminator { case end, brace, paren }

    /// Parses a whole program.
    func parseProgram() throws -> [Statement] {
        if let nul = bytes.firstIndex(of: 0) {
            throw ParseError(message: "binary input: NUL byte", offset: nul, incomplete: false)
        }
        return try parseStatements(until: .end)
    }

    // MARK: - Errors and construct tracking

    /// An error at `offset`; at the end of the input inside an open construct it becomes
    /// "incomplete", reported at the construct's opening.
    func failure(_ message: String, at offset: Offset) -> ParseError {
        if offset >= bytes.count, let open = opens.last {
            let closer: String
            switch open.what {
            case "{", "${": closer = "}"
            case "[": closer = "]"
            default: closer = ")"
            }
            return ParseError(message: "unclosed '\(open.what)' (no matching '\(closer)')", offset: open.offset,
                              incomplete: true)
        }
        return ParseError(message: message, offset: offset, incomplete: false)
    }

    func unexpected(_ expected: String? = nil) -> ParseError {
        let found = Char.describe(bytes, at: pos)
        return failure(expected.map { "expected \($0), found \(found)" } ?? "unexpected \(found)", at: pos)
    }

    func open(_ what: String, at offset: Offset) throws {
        if opens.count >= Parser.maxNesting {
            throw ParseError(message: "nesting too deep (more than \(Parser.maxNesting) levels)", offset: offset,
                             incomplete: false)
        }
        opens.append((what, offset))
    }

    func close() { opens.removeLast() }

    // MARK: - Low-level scanning

    @inline(__always) var atEnd: Bool { pos >= bytes.count }
    @inline(__always) func byte(at i: Int) -> UInt8 { i < bytes.count ? bytes[i] : 0 }
    @inline(__always) var current: UInt8 { byte(at: pos) }

    /// Skips a `\` + newline (a continued line) at `pos`; false if there is none.
    func skipContinuation() throws -> Bool {
        guard current == Char.backslash else { return false }
        var next = pos + 1
        if byte(at: next) == Char.carriageReturn { next += 1 }
        if next >= bytes.count {
            throw ParseError(message: "unexpected end of input after '\\'", offset: pos, incomplete: true)
        }
        guard bytes[next] == Char.newline else { return false }
        pos = next + 1
        if atEnd { throw ParseError(message: "unexpected end of input after '\\'", offset: next - 1, incomplete: true) }
        return true
    }

    /// Skips blanks and continued lines (and newlines inside brackets).
    func skipBlanks() throws {
        while pos < bytes.count {
            let c = bytes[pos]
            if Char.isBlank(c) || (c == Char.newline && bracketDepth > 0) {
                pos += 1
            } else if c == Char.backslash {
                if try !skipContinuation() { return }
            } else {
                return
            }
        }
    }

    func skipComment() {
        while pos < bytes.count, bytes[pos] != Char.newline { pos += 1 }
    }

    /// Skips blanks and comments: in expressions a `#` always starts a comment.
    func skipSpace() throws {
        while true {
            try skipBlanks()
            if current == Char.hash && !atEnd { skipComment() } else { return }
        }
    }

    func scanIdentifier(at start: Int) -> Int {
        var end = start
        while end < bytes.count, Char.isIdentifierPart(bytes[end]) { end += 1 }
        return end
    }

    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// True when the brace at `offset` is a word of its own.
    func isStandaloneBrace(at offset: Int) -> Bool {
        let next = byte(at: offset + 1)
        return offset + 1 >= bytes.count || Char.isBlank(next) || next == Char.newline || next == Char.semicolon
            || (next == Char.closeParen && captureDepth > 0)
    }

    func keyword(at start: Int) -> (String, end: Int)? {
        guard Char.isIdentifierStart(byte(at: start)) else { return nil }
        let end = scanIdentifier(at: start)
        let word = text(start..<end)
        guard Keywords.statement.contains(word) else { return nil }
        let next = byte(at: end)
        let boundary = end >= bytes.count || Char.isBlank(next) || next == Char.newline
            || [Char.semicolon, Char.openBrace, Char.closeBrace, Char.openParen, Char.closeParen, Char.hash,
                Char.quote, Char.apostrophe, Char.dollar, Char.openBracket, Char.bang, Char.backslash].contains(next)
        return boundary ? (word, end) : nil
    }

    // MARK: - Statements

    /// Statements up to the end of input, a `}` or a `)` (the caller has opened the construct).
    func parseStatements(until terminator: Terminator) throws -> [Statement] {
        var statements: [Statement] = []
        while true {
            // Separators: blanks, newlines, `;`, comments.
            while pos < bytes.count {
                let c = bytes[pos]
                if Char.isBlank(c) || c == Char.newline || c == Char.semicolon {
                    pos += 1
                } else if c == Char.hash {
                    skipComment()
                } else if c == Char.backslash, try skipContinuation() {
                    continue
                } else {
                    break
                }
            }
            if atEnd {
                if terminator == .end { return statements }
                throw failure("", at: pos)
            }
            let c = bytes[pos]
            if c == Char.closeBrace {
                guard terminator == .brace else {
                    throw ParseError(message: "unexpected '}' (no open block to close)", offset: pos, incomplete: false)
                }
                pos += 1
                return statements
            }
            if c == Char.closeParen && captureDepth > 0 {
                guard terminator == .paren else { throw unexpected("'}'") }
                pos += 1
                return statements
            }
            statements.append(try parseStatement())
            try expectStatementEnd()
        }
    }

    func atStatementEnd() -> Bool {
        guard pos < bytes.count else { return true }
        let c = bytes[pos]
        return c == Char.newline || c == Char.semicolon || c == Char.hash || c == Char.closeBrace
            || (c == Char.closeParen && captureDepth > 0)
    }

    func expectStatementEnd() throws {
        try skipBlanks()
        guard atStatementEnd() else { throw unexpected("end of statement") }
    }

    func parseStatement() throws -> Statement {
        let start = pos
        let c = current
        if c == Char.openBrace && isStandaloneBrace(at: pos) {
            return .block(try parseBlock())
        }
        if let (word, end) = keyword(at: start) {
            pos = end
            return try parseKeywordStatement(word, at: start)
        }
        if Char.isIdentifierStart(c) {
            let end = scanIdentifier(at: start)
            var j = end
            while j < bytes.count, Char.isBlank(bytes[j]) { j += 1 }
            if byte(at: j) == Char.equals && byte(at: j + 1) != Char.equals {
                let name = text(start..<end)
                if Keywords.reserved.contains(name) {
                    throw ParseError(message: "'\(name)' is a reserved word, not a name", offset: start, incomplete: false)
                }
                pos = j + 1
                return .assign(name, try parseExpression(), start)
            }
            if byte(at: end) == Char.openParen && keyword(at: start) == nil {
                throw failure("a call is an expression, not a statement: write 'let r = \(text(start..<end))(…)', or run the function as a command: '\(text(start..<end)) ARGS…'", at: start)
            }
        }
        return try parseCommand()
    }

    func parseKeywordStatement(_ word: String, at start: Offset) throws -> Statement {
        switch word {
        case "let":
            try skipBlanks()
            let (name, nameOffset) = try parseName(what: "a variable name after 'let'")
            try skipBlanks()
            guard current == Char.equals, byte(at: pos + 1) != Char.equals else { throw unexpected("'='") }
            pos += 1
            return .declare(name, try parseExpression(), nameOffset)
        case "if":
            var branches: [(Expression, Block)] = []
            branches.append((try parseExpression(), try parseHeaderBlock(after: "if")))
            var otherwise: Block?
            while true {
                let saved = pos
                try skipBlanks()
                if let (next, end) = keyword(at: pos), next == "elif" || next == "else" {
                    pos = end
                    if next == "elif" {
                        branches.append((try parseExpression(), try parseHeaderBlock(after: "elif")))
                        continue
                    }
                    otherwise = try parseHeaderBlock(after: "else")
                } else {
                    pos = saved
                }
                break
            }
            return .conditional(branches, otherwise: otherwise, start)
        case "while":
            let condition = try parseExpression()
            return .whileLoop(condition, try parseLoopBody(after: "while"), start)
        case "for":
            try skipBlanks()
            let (name, _) = try parseName(what: "a loop variable after 'for'")
            try skipBlanks()
            guard let (inWord, end) = identifier(at: pos), inWord == "in" else { throw unexpected("'in'") }
            pos = end
            let sequence = try parseExpression()
            return .forLoop(name, sequence, try parseLoopBody(after: "for"), start)
        case "def":
            return try parseFunction(at: start)
        case "return":
            guard inFunction else {
                throw ParseError(message: "'return' outside a function", offset: start, incomplete: false)
            }
            try skipBlanks()
            return .returnValue(atStatementEnd() ? nil : try parseExpression(), start)
        case "break", "continue":
            guard loopDepth > 0 else {
                throw ParseError(message: "'\(word)' outside a loop", offset: start, incomplete: false)
            }
            return word == "break" ? .breakLoop(start) : .continueLoop(start)
        case "try":
            return try parseTry(at: start)
        case "assert":
            let condition = try parseExpression()
            try skipBlanks()
            let message = atStatementEnd() ? nil : try parseExpression()
            return .assert(condition, message: message, start)
        default: // elif, else, catch
            let owner = word == "catch" ? "try { … }" : "if"
            throw ParseError(message: "'\(word)' must follow the closing '}' of an '\(owner)' on the same line",
                             offset: start, incomplete: false)
        }
    }

    func identifier(at start: Int) -> (String, end: Int)? {
        guard Char.isIdentifierStart(byte(at: start)) else { return nil }
        let end = scanIdentifier(at: start)
        return (text(start..<end), end)
    }

    func parseName(what: String) throws -> (String, Offset) {
        let start = pos
        guard let (name, end) = identifier(at: start) else { throw unexpected(what) }
        guard !Keywords.reserved.contains(name) else {
            throw ParseError(message: "'\(name)' is a reserved word, not a name", offset: start, incomplete: false)
        }
        pos = end
        return (name, start)
    }

    /// The block after a header (`if cond`, `else`, …): its `{` must be on the same line.
    func parseHeaderBlock(after header: String) throws -> Block {
        try skipBlanks()
        guard current == Char.openBrace, !atEnd else { throw unexpected("'{' to start the '\(header)' block") }
        return try parseBlock()
    }

    func parseLoopBody(after header: String) throws -> Block {
        loopDepth += 1
        defer { loopDepth -= 1 }
        return try parseHeaderBlock(after: header)
    }

    /// `{ statements }`, at the `{`.
    func parseBlock() throws -> Block {
        let start = pos
        try open("{", at: start)
        pos += 1
        let statements = try parseStatements(until: .brace)
        close()
        return Block(statements: statements, offset: start)
    }

    func parseFunction(at start: Offset) throws -> Statement {
        try skipBlanks()
        let (name, nameOffset) = try parseName(what: "a function name after 'def'")
        if BuiltinNames.all.contains(name) {
            throw ParseError(message: "cannot redefine built-in '\(name)'", offset: nameOffset, incomplete: false)
        }
        guard current == Char.openParen else { throw unexpected("'(' after the function name") }
        let parenOffset = pos
        try open("(", at: parenOffset)
        pos += 1
        bracketDepth += 1
        var parameters: [String] = []
        try skipSpace()
        while current != Char.closeParen || atEnd {
            let (parameter, offset) = try parseName(what: "a parameter name")
            if parameters.contains(parameter) {
                throw ParseError(message: "duplicate parameter '\(parameter)'", offset: offset, incomplete: false)
            }
            parameters.append(parameter)
            try skipSpace()
            if current == Char.comma && !atEnd {
                pos += 1
                try skipSpace()
            } else if current != Char.closeParen || atEnd {
                throw unexpected("',' or ')'")
            }
        }
        pos += 1
        bracketDepth -= 1
        close()
        let saved = (loopDepth, inFunction)
        (loopDepth, inFunction) = (0, true)
        defer { (loopDepth, inFunction) = saved }
        return .function(name, parameters, try parseHeaderBlock(after: "def"), start)
    }

    func parseTry(at start: Offset) throws -> Statement {
        try skipBlanks()
        if current == Char.openBrace && !atEnd {
            let body = try parseBlock()
            try skipBlanks()
            guard let (word, end) = keyword(at: pos), word == "catch" else {
                throw unexpected("'catch NAME { … }' after the try block")
            }
            pos = end
            try skipBlanks()
            let errorName = try parseName(what: "an error variable name after 'catch'").0
            return .tryBlock(body, errorName: errorName, handler: try parseHeaderBlock(after: "catch"), start)
        }
        if atStatementEnd() { throw unexpected("a command or '{' after 'try'") }
        if let (name, end) = identifier(at: pos), byte(at: end) == Char.openParen, keyword(at: pos) == nil {
            throw failure("'try' runs a command, not a call: write 'try \(name) ARGS…'", at: pos)
        }
        return .tryCommand(try parseCommand(), start)
    }

    /// A command: shell-like words up to the end of the statement.
    func parseCommand() throws -> Statement {
        var words: [Word] = []
        while true {
            try skipBlanks()
            guard pos < bytes.count else { break }
            let c = bytes[pos]
            if c == Char.newline || c == Char.semicolon { break }
            if c == Char.hash { skipComment(); break }
            if c == Char.closeParen && captureDepth > 0 { break }
            if c == Char.closeBrace && (words.isEmpty || isStandaloneBrace(at: pos)) { break }
            if c == Char.openBrace && isStandaloneBrace(at: pos) {
                throw ParseError(message: "unexpected '{' in a command (write '{' in quotes to pass it)",
                                 offset: pos, incomplete: false)
            }
            words.append(try parseWord())
        }
        if words.count > 1, words[0].parts.count == 1, case .text("docker") = words[0].parts[0] {
            words.removeFirst()
        }
        guard let first = words.first else { throw unexpected("a command") }
        return .command(words, first.offset)
    }
}
