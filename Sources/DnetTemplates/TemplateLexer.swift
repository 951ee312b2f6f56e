/// A token of Go's template syntax, with its byte offset and line in the template.
struct TemplateToken {
    enum Kind: Equatable {
        case error, bool, char, charConstant, complex, assign, declare, eof, field, identifier
        case leftDelim, leftParen, number, pipe, rawString, rightDelim, rightParen, space, string, text, variable
        // Keywords.
        case block, breakKeyword, continueKeyword, dot, define, elseKeyword, end, ifKeyword, nilKeyword
        case range, template, with

        var isKeyword: Bool {
            switch self {
            case .block, .breakKeyword, .continueKeyword, .dot, .define, .elseKeyword, .end, .ifKeyword,
                 .nilKeyword, .range, .template, .with:
                return true
            default:
                return false
            }
        }
    }

    let kind: Kind
    let pos: Int
    let value: String
    let line: Int

    /// How Go's parser names the token in "unexpected …" errors.
    var description: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return value
        default:
            if kind.isKeyword { return "<" + value + ">" }
            if value.unicodeScalars.count > 10 {
                return GoQuote.quote(String(String.UnicodeScalarView(value.unicodeScalars.prefix(10)))) + "..."
            }
            return GoQuote.quote(value)
        }
    }
}

/// Go's text/template lexer (text/template/parse/lex.go), run to completion up front.
struct TemplateLexer {
    private static let keywords: [String: TemplateToken.Kind] = [
        ".": .dot, "block": .block, "break": .breakKeyword, "continue": .continueKeyword, "define": .define,
        "else": .elseKeyword, "end": .end, "if": .ifKeyword, "range": .range, "nil": .nilKeyword,
        "template": .template, "with": .with,
    ]
    private static let leftDelim = Array("{{".utf8)
    private static let rightDelim = Array("}}".utf8)
    private static let leftComment = Array("/*".utf8)
    private static let rightComment = Array("*/".utf8)
    private static let eof: Unicode.Scalar = "\u{FFFF}"  // sentinel; cannot appear in a template's syntax

    private let input: [UInt8]
    private var pos = 0
    private var start = 0
    private var atEOF = false
    private var parenDepth = 0
    private var line = 1
    private var startLine = 1
    private var tokens: [TemplateToken] = []

    private enum State { case text, leftDelim, comment, rightDelim, insideAction, space, identifier, field, variable
        case char, number, quote, rawQuote, done }

    static func tokenize(_ text: String) -> [TemplateToken] {
        var lexer = TemplateLexer(input: Array(text.utf8))
        var state = State.text
        while state != .done { state = lexer.step(state) }
        return lexer.tokens
    }

    private init(input: [UInt8]) {
        self.input = input
    }

    private mutating func step(_ state: State) -> State {
        switch state {
        case .text: return lexText()
        case .leftDelim: return lexLeftDelim()
        case .comment: return lexComment()
        case .rightDelim: return lexRightDelim()
        case .insideAction: return lexInsideAction()
        case .space: return lexSpace()
        case .identifier: return lexIdentifier()
        case .field: return lexFieldOrVariable(.field)
        case .variable: return lexVariable()
        case .char: return lexChar()
        case .number: return lexNumber()
        case .quote: return lexQuote()
        case .rawQuote: return lexRawQuote()
        case .done: return .done
        }
    }

    // MARK: scanning primitives

    private func decode(at i: Int) -> (Unicode.Scalar, Int) {
        let b = input[i]
        if b < 0x80 { return (Unicode.Scalar(b), 1) }
        let size = b >> 5 == 0x6 ? 2 : b >> 4 == 0xE ? 3 : 4
        let end = min(i + size, input.count)
        let s = String(decoding: input[i..<end], as: UTF8.self)
        return (s.unicodeScalars.first ?? "\u{FFFD}", end - i)
    }

    private mutating func next() -> Unicode.Scalar {
        if pos >= input.count {
            atEOF = true
            return Self.eof
        }
        let (r, w) = decode(at: pos)
        pos += w
        if r == "\n" { line += 1 }
        return r
    }

    private mutating func peek() -> Unicode.Scalar {
        if pos >= input.count { return Self.eof }
        return decode(at: pos).0
    }

    private mutating func backup() {
        if !atEOF && pos > 0 {
            var p = pos - 1
            while p > 0 && input[p] & 0xC0 == 0x80 { p -= 1 }
            if input[p] == UInt8(ascii: "\n") { line -= 1 }
            pos = p
        }
    }

    private func slice(_ from: Int, _ to: Int) -> String { String(decoding: input[from..<to], as: UTF8.self) }

    private func hasPrefix(_ prefix: [UInt8], at i: Int) -> Bool {
        guard i >= 0, i + prefix.count <= input.count else { return false }
        for (k, b) in prefix.enumerated() where input[i + k] != b { return false }
        return true
    }

    private func countNewlines(_ from: Int, _ to: Int) -> Int {
        var n = 0
        for i in from..<to where input[i] == UInt8(ascii: "\n") { n += 1 }
        return n
    }

    private mutating func emit(_ kind: TemplateToken.Kind) {
        tokens.append(TemplateToken(kind: kind, pos: start, value: slice(start, pos), line: startLine))
        start = pos
        startLine = line
    }

    private mutating func ignore() {
        line += countNewlines(start, pos)
        start = pos
        startLine = line
    }

    private mutating func accept(_ valid: String) -> Bool {
        if valid.unicodeScalars.contains(next()) { return true }
        backup()
        return false
    }

    private mutating func acceptRun(_ valid: String) {
        while valid.unicodeScalars.contains(next()) {}
        backup()
    }

    private mutating func errorf(_ message: String) -> State {
        tokens.append(TemplateToken(kind: .error, pos: start, value: message, line: startLine))
        return .done
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
    private static func isSpace(_ r: Unicode.Scalar) -> Bool { r == " " || r == "\t" || r == "\r" || r == "\n" }
    private static func isAlphaNumeric(_ r: Unicode.Scalar) -> Bool {
        if r == "_" { return true }
        if r == eof { return false }
        switch r.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }

    private func hasLeftTrimMarker(at i: Int) -> Bool {
        i + 1 < input.count && input[i] == UInt8(ascii: "-") && Self.isSpace(input[i + 1])
    }

    private func hasRightTrimMarker(at i: Int) -> Bool {
        i + 1 < input.count && Self.isSpace(input[i]) && input[i + 1] == UInt8(ascii: "-")
    }

    private func atRightDelim() -> (delim: Bool, trimSpaces: Bool) {
        if hasRightTrimMarker(at: pos) && hasPrefix(Self.rightDelim, at: pos + 2) { return (true, true) }
        if hasPrefix(Self.rightDelim, at: pos) { return (true, false) }
        return (false, false)
    }

    private mutating func atTerminator() -> Bool {
        let r = peek()
        if Self.isSpace(r) { return true }
        switch r {
        case Self.eof, ".", ",", "|", ":", ")", "(": return true
        default: return hasPrefix(Self.rightDelim, at: pos)
        }
    }

    // MARK: states

    private mutating func lexText() -> State {
        var x = pos
        while x < input.count && !hasPrefix(Self.leftDelim, at: x) { x += 1 }
        if x < input.count {
            pos = x
            var trimLength = 0
            if hasLeftTrimMarker(at: pos + Self.leftDelim.count) {
                var k = pos
                while k > start && Self.isSpace(input[k - 1]) { k -= 1 }
                trimLength = pos - k
            }
            pos -= trimLength
            if pos > start {
                line += countNewlines(start, pos)
                emit(.text)
            }
            pos += trimLength
            ignore()
            return .leftDelim
        }
        pos = input.count
        if pos > start {
            line += countNewlines(start, pos)
            emit(.text)
        }
        emit(.eof)
        return .done
    }

    private mutating func lexLeftDelim() -> State {
        pos += Self.leftDelim.count
        let trimSpace = hasLeftTrimMarker(at: pos)
        let afterMarker = trimSpace ? 2 : 0
        if hasPrefix(Self.leftComment, at: pos + afterMarker) {
            pos += afterMarker
            ignore()
            return .comment
        }
        emit(.leftDelim)
        pos += afterMarker
        ignore()
        parenDepth = 0
        return .insideAction
    }

    private mutating func lexComment() -> State {
        pos += Self.leftComment.count
        var i = pos
        while i < input.count && !hasPrefix(Self.rightComment, at: i) { i += 1 }
        if i >= input.count { return errorf("unclosed comment") }
        pos = i + Self.rightComment.count
        let (delim, trimSpace) = atRightDelim()
        if !delim { return errorf("comment ends before closing delimiter") }
        if trimSpace { pos += 2 }
        pos += Self.rightDelim.count
        if trimSpace {
            while pos < input.count && Self.isSpace(input[pos]) { pos += 1 }
        }
        ignore()
        return .text
    }

    private mutating func lexRightDelim() -> State {
        let trimSpace = hasRightTrimMarker(at: pos)
        if trimSpace {
            pos += 2
            ignore()
        }
        pos += Self.rightDelim.count
        emit(.rightDelim)
        if trimSpace {
            while pos < input.count && Self.isSpace(input[pos]) { pos += 1 }
            ignore()
        }
        return .text
    }

    private mutating func lexInsideAction() -> State {
        let (delim, _) = atRightDelim()
        if delim {
            if parenDepth == 0 { return .rightDelim }
            return errorf("unclosed left paren")
        }
        let r = next()
        switch r {
        case Self.eof:
            return errorf("unclosed action")
        case " ", "\t", "\r", "\n":
            backup()  // Put space back in case we have " -}}".
            return .space
        case "=":
            emit(.assign)
        case ":":
            if next() != "=" { return errorf("expected :=") }
            emit(.declare)
        case "|":
            emit(.pipe)
        case "\"":
            return .quote
        case "`":
            return .rawQuote
        case "$":
            return .variable
        case "'":
            return .char
        case ".":
            // special look-ahead for ".field" so we don't break backup().
            if pos < input.count {
                let c = input[pos]
                if c < UInt8(ascii: "0") || c > UInt8(ascii: "9") { return .field }
            }
            backup()
            return .number
        case "+", "-", "0"..."9":
            backup()
            return .number
        case "(":
            emit(.leftParen)
            parenDepth += 1
        case ")":
            emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { return errorf("unexpected right paren " + Self.describeRune(r)) }
        default:
            if Self.isAlphaNumeric(r) {
                backup()
                return .identifier
            }
            if r.value < 0x80 && GoQuote.isPrint(r) {
                emit(.char)
            } else {
                return errorf("unrecognized character in action: " + Self.describeRune(r))
            }
        }
        return .insideAction
    }

    private mutating func lexSpace() -> State {
        var numSpaces = 0
        while Self.isSpace(peek()) {
            _ = next()
            numSpaces += 1
        }
        // Be careful about a trim-marked closing delimiter, which has a minus after a space.
        if hasRightTrimMarker(at: pos - 1) && hasPrefix(Self.rightDelim, at: pos - 1 + 2) {
            backup()
            if numSpaces == 1 { return .rightDelim }
        }
        emit(.space)
        return .insideAction
    }

    private mutating func lexIdentifier() -> State {
        while true {
            let r = next()
            if Self.isAlphaNumeric(r) { continue }
            backup()
            let word = slice(start, pos)
            if !atTerminator() { return errorf("bad character " + Self.describeRune(r)) }
            if let keyword = Self.keywords[word], keyword != .dot {
                emit(keyword)
            } else if word == "true" || word == "false" {
                emit(.bool)
            } else {
                emit(.identifier)
            }
            return .insideAction
        }
    }

    private mutating func lexVariable() -> State {
        if atTerminator() {
            emit(.variable)
            return .insideAction
        }
        return lexFieldOrVariable(.variable)
    }

    private mutating func lexFieldOrVariable(_ kind: TemplateToken.Kind) -> State {
        if atTerminator() {
            emit(kind == .variable ? .variable : .dot)
            return .insideAction
        }
        var r: Unicode.Scalar
        repeat {
            r = next()
        } while Self.isAlphaNumeric(r)
        backup()
        if !atTerminator() { return errorf("bad character " + Self.describeRune(r)) }
        emit(kind)
        return .insideAction
    }

    private mutating func lexChar() -> State {
        while true {
            switch next() {
            case "\\":
                let r = next()
                if r != Self.eof && r != "\n" { continue }
                return errorf("unterminated character constant")
            case Self.eof, "\n":
                return errorf("unterminated character constant")
            case "'":
                emit(.charConstant)
                return .insideAction
            default:
                continue
            }
        }
    }

    private mutating func lexNumber() -> State {
        if !scanNumber() { return errorf("bad number syntax: " + GoQuote.quote(slice(start, pos))) }
        let sign = peek()
        if sign == "+" || sign == "-" {
            // Complex: 1+2i. No spaces, must end in 'i'.
            if !scanNumber() || input[pos - 1] != UInt8(ascii: "i") {
                return errorf("bad number syntax: " + GoQuote.quote(slice(start, pos)))
            }
            emit(.complex)
        } else {
            emit(.number)
        }
        return .insideAction
    }

    private mutating func scanNumber() -> Bool {
        _ = accept("+-")
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") {
                digits = "0123456789abcdefABCDEF_"
            } else if accept("oO") {
                digits = "01234567_"
            } else if accept("bB") {
                digits = "01_"
            }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.count == 11 && accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        if digits.count == 23 && accept("pP") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        _ = accept("i")
        if Self.isAlphaNumeric(peek()) {
            _ = next()
            return false
        }
        return true
    }

    private mutating func lexQuote() -> State {
        while true {
            switch next() {
            case "\\":
                let r = next()
                if r != Self.eof && r != "\n" { continue }
                return errorf("unterminated quoted string")
            case Self.eof, "\n":
                return errorf("unterminated quoted string")
            case "\"":
                emit(.string)
                return .insideAction
            default:
                continue
            }
        }
    }

    private mutating func lexRawQuote() -> State {
        while true {
            switch next() {
            case Self.eof:
                return errorf("unterminated raw quoted string")
            case "`":
                emit(.rawString)
                return .insideAction
            default:
                continue
            }
        }
    }

    /// Go's `%#U`: `U+007D '}'`.
    static func describeRune(_ r: Unicode.Scalar) -> String {
        var hex = String(r.value, radix: 16, uppercase: true)
        if hex.count < 4 { hex = String(repeating: "0", count: 4 - hex.count) + hex }
        if GoQuote.isPrint(r) { return "U+" + hex + " '" + String(Character(r)) + "'" }
        return "U+" + hex
    }
}
