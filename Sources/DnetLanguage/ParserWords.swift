/// Shell words, quoted strings and `$` interpolation.
extension Parser {
    /// One command word, at its first byte.
    func parseWord() throws -> Word {
        let start = pos
        var parts: [Word.Part] = []
        var text: [UInt8] = []
        var parenDepth = 0
        loop: while pos < bytes.count {
            let c = bytes[pos]
            switch c {
            case Char.space, Char.tab, Char.carriageReturn, Char.newline, Char.semicolon:
                break loop
            case Char.closeParen:
                if parenDepth == 0 && captureDepth > 0 { break loop }
                parenDepth = max(0, parenDepth - 1)
                text.append(c)
                pos += 1
            case Char.openParen:
                parenDepth += 1
                text.append(c)
                pos += 1
            case Char.backslash:
                if try skipContinuation() { continue }
                text.append(bytes[pos + 1])
                pos += 2
            case Char.quote:
                try parseDoubleQuoted(text: &text, parts: &parts)
            case Char.apostrophe:
                try parseSingleQuoted(into: &text)
            case Char.dollar:
                if let expression = try parseDollar() {
                    Parser.flush(&text, into: &parts)
                    parts.append(.interpolation(expression, quoted: false))
                } else {
                    text.append(c)
                    pos += 1
                }
            default:
                text.append(c)
                pos += 1
            }
        }
        Parser.flush(&text, into: &parts)
        if parts.isEmpty { parts = [.text("")] }  // "" or ''
        return Word(parts: Parser.merged(parts), offset: start)
    }

    static func flush(_ text: inout [UInt8], into parts: inout [Word.Part]) {
        guard !text.isEmpty else { return }
        parts.append(.text(String(decoding: text, as: UTF8.self)))
        text.removeAll(keepingCapacity: true)
    }

    /// Joins neighbouring literal pieces (`a"b"'c'` is one piece of text).
    static func merged(_ parts: [Word.Part]) -> [Word.Part] {
        var out: [Word.Part] = []
        for part in parts {
            if case .text(let next) = part, let last = out.last, case .text(let previous) = last {
                out[out.count - 1] = .text(previous + next)
            } else {
                out.append(part)
            }
        }
        return out
    }

    /// `"…"` at its opening quote: escapes `\n \t \" \\ \$`, interpolation, may span lines.
    func parseDoubleQuoted(text: inout [UInt8], parts: inout [Word.Part]) throws {
        let open = pos
        pos += 1
        // An empty "" still makes a word.
        if text.isEmpty && parts.isEmpty && current == Char.quote { parts.append(.text("")) }
        while true {
            guard pos < bytes.count else {
                throw ParseError(message: "unterminated string", offset: open, incomplete: true)
            }
            let c = bytes[pos]
            switch c {
            case Char.quote:
                pos += 1
                return
            case Char.backslash:
                guard pos + 1 < bytes.count else {
                    throw ParseError(message: "unterminated string", offset: open, incomplete: true)
                }
                let e = bytes[pos + 1]
                pos += 2
                switch e {
                case UInt8(ascii: "n"): text.append(Char.newline)
                case UInt8(ascii: "t"): text.append(Char.tab)
                case Char.quote, Char.backslash, Char.dollar: text.append(e)
                case Char.newline: break
                default: text.append(Char.backslash); text.append(e)
                }
            case Char.dollar:
                if let expression = try parseDollar() {
                    Parser.flush(&text, into: &parts)
                    parts.append(.interpolation(expression, quoted: true))
                } else {
                    text.append(c)
                    pos += 1
                }
            default:
                text.append(c)
                pos += 1
            }
        }
    }

    /// `'…'` at its opening quote: literal text, may span lines.
    func parseSingleQuoted(into text: inout [UInt8]) throws {
        let open = pos
        var end = pos + 1
        while end < bytes.count, bytes[end] != Char.apostrophe { end += 1 }
        guard end < bytes.count else {
            throw ParseError(message: "unterminated string", offset: open, incomplete: true)
        }
        text.append(contentsOf: bytes[(open + 1)..<end])
        pos = end + 1
    }

    /// `$name`, `$?`, `${expr}` or `$(statements)` at a `$`; nil when the `$` is a plain character.
    func parseDollar() throws -> Expression? {
        let start = pos
        let next = byte(at: pos + 1)
        if pos + 1 < bytes.count && Char.isIdentifierStart(next) {
            let end = scanIdentifier(at: pos + 1)
            pos = end
            return .variable(text((start + 1)..<end), start)
        }
        guard pos + 1 < bytes.count else { return nil }
        switch next {
        case Char.question:
            pos += 2
            return .status(start)
        case Char.openBrace:
            try open("${", at: start)
            pos += 2
            let saved = bracketDepth
            bracketDepth += 1
            let expression = try parseExpression()
            try skipSpace()
            guard current == Char.closeBrace && !atEnd else { throw unexpected("'}' to close '${'") }
            pos += 1
            bracketDepth = saved
            close()
            return expression
        case Char.openParen:
            return try parseCapture()
        default:
            return nil
        }
    }

    /// `$(statements)` at the `$`: quoting starts afresh inside, and newlines separate statements.
    func parseCapture() throws -> Expression {
        let start = pos
        try open("$(", at: start)
        pos += 2
        let saved = (bracketDepth, loopDepth, inFunction)
        (bracketDepth, loopDepth, inFunction) = (0, 0, false)
        captureDepth += 1
        let statements = try parseStatements(until: .paren)
        captureDepth -= 1
        (bracketDepth, loopDepth, inFunction) = saved
        close()
        return .capture(statements, start)
    }
}
