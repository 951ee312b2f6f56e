/// A grammar read from W3C-style EBNF text: `name ::= expression` rules, `/* comments */`.
///
/// Expression syntax, loosest first: `A | B`, then `A - B`, then sequence `A B`, then the
/// postfix operators `?`, `*`, `+`; operands are `'text'`, `"text"`, `#xN`, `[set]`, `[^set]`,
/// rule names and `( … )`. A rule ends where the next `name ::=` begins.
struct EBNFGrammar {
    /// The rules by name.
    let rules: [String: GrammarExpression]
    /// Rule names in the order they are defined; the first is not necessarily the start rule.
    let ruleNames: [String]

    /// A syntax error in the grammar text, with its 1-based line.
    struct SyntaxError: Error, CustomStringConvertible {
        let line: Int
        let message: String
        var description: String { "dnet.ebnf:\(line): \(message)" }
    }

    /// Parses the grammar text; a rule defined twice is an error.
    init(source: String) throws {
        var parser = Parser(scalars: Array(source.unicodeScalars.map(\.value)))
        var rules: [String: GrammarExpression] = [:]
        var names: [String] = []
        parser.skipSpaceAndComments()
        while !parser.atEnd {
            let line = parser.line
            guard let name = parser.ruleName(), parser.consume("::=") else {
                throw SyntaxError(line: line, message: "expected `name ::=`")
            }
            let expression = try parser.choice()
            guard rules[name] == nil else {
                throw SyntaxError(line: line, message: "rule `\(name)` is defined twice")
            }
            rules[name] = expression
            names.append(name)
        }
        self.rules = rules
        self.ruleNames = names
    }
}

/// Recursive descent over the grammar text, one token at a time.
private struct Parser {
    let scalars: [UInt32]
    var index = 0

    init(scalars: [UInt32]) { self.scalars = scalars }

    var atEnd: Bool { index >= scalars.count }
    var line: Int { 1 + scalars[..<min(index, scalars.count)].filter { $0 == 0x0A }.count }

    private func peek(_ offset: Int = 0) -> UInt32? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private func error(_ message: String) -> EBNFGrammar.SyntaxError {
        EBNFGrammar.SyntaxError(line: line, message: message)
    }

    mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                index += 1
            } else if c == 0x2F, peek(1) == 0x2A {  // "/*"
                index += 2
                while !atEnd, !(peek() == 0x2A && peek(1) == 0x2F) { index += 1 }
                index = min(index + 2, scalars.count)
            } else {
                return
            }
        }
    }

    /// Consumes `text` (after skipping space) if it comes next.
    mutating func consume(_ text: String) -> Bool {
        skipSpaceAndComments()
        let wanted = text.unicodeScalars.map(\.value)
        guard index + wanted.count <= scalars.count,
              Array(scalars[index..<index + wanted.count]) == wanted else { return false }
        index += wanted.count
        return true
    }

    private static func isNameStart(_ c: UInt32) -> Bool {
        (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x5F
    }

    private static func isNameChar(_ c: UInt32) -> Bool {
        isNameStart(c) || (0x30...0x39).contains(c) || c == 0x2D
    }

    /// A rule name, or nil (nothing consumed) if none comes next.
    mutating func ruleName() -> String? {
        skipSpaceAndComments()
        guard let first = peek(), Self.isNameStart(first) else { return nil }
        var end = index
        while end < scalars.count, Self.isNameChar(scalars[end]) { end += 1 }
        let name = String(String.UnicodeScalarView(scalars[index..<end].compactMap(Unicode.Scalar.init)))
        index = end
        return name
    }

    /// Whether the next tokens are `name ::=`, which starts the next rule.
    private mutating func atRuleStart() -> Bool {
        let saved = index
        defer { index = saved }
        return ruleName() != nil && consume("::=")
    }

    mutating func choice() throws -> GrammarExpression {
        var items = [try exception()]
        while consume("|") { items.append(try exception()) }
        return items.count == 1 ? items[0] : .choice(items)
    }

    private mutating func exception() throws -> GrammarExpression {
        let item = try sequence()
        skipSpaceAndComments()
        guard peek() == 0x2D else { return item }  // "-"
        index += 1
        return .exception(item, try sequence())
    }

    private mutating func sequence() throws -> GrammarExpression {
        var items: [GrammarExpression] = []
        while true {
            skipSpaceAndComments()
            guard let c = peek(), c != 0x7C, c != 0x29, c != 0x2D, !atRuleStart() else { break }  // | ) -
            items.append(try postfix())
        }
        guard !items.isEmpty else { throw error("expected an expression") }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func postfix() throws -> GrammarExpression {
        var item = try primary()
        while let c = peek() {
            switch c {
            case 0x3F: item = .optional(item)    // ?
            case 0x2A: item = .zeroOrMore(item)  // *
            case 0x2B: item = .oneOrMore(item)   // +
            default: return item
            }
            index += 1
        }
        return item
    }

    private mutating func primary() throws -> GrammarExpression {
        skipSpaceAndComments()
        guard let c = peek() else { throw error("unexpected end of grammar") }
        switch c {
        case 0x27, 0x22:  // ' "
            index += 1
            let start = index
            while let d = peek(), d != c { index += 1 }
            guard !atEnd else { throw error("unterminated literal") }
            let text = Array(scalars[start..<index])
            index += 1
            guard !text.isEmpty else { throw error("empty literal") }
            return .literal(text)
        case 0x23:  // #xN
            let code = try hexCharacter()
            return .characterSet(.init(ranges: [code...code], negated: false))
        case 0x5B:  // [
            return .characterSet(try characterSet())
        case 0x28:  // (
            index += 1
            let inner = try choice()
            guard consume(")") else { throw error("expected `)`") }
            return inner
        default:
            guard let name = ruleName() else { throw error("unexpected character `\(Unicode.Scalar(c).map(String.init) ?? "?")`") }
            return .reference(name)
        }
    }

    private mutating func hexCharacter() throws -> UInt32 {
        guard peek() == 0x23, peek(1) == 0x78 else { throw error("expected `#x`") }
        index += 2
        var value: UInt32 = 0
        var digits = 0
        while let c = peek(), let digit = Self.hexValue(c) {
            value = value * 16 + digit
            digits += 1
            index += 1
        }
        guard digits > 0, value <= 0x10FFFF else { throw error("bad `#x` character code") }
        return value
    }

    private static func hexValue(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// `[…]` or `[^…]`: single characters, `#xN` codes, and ranges `a-z`. A `-` right before
    /// the closing `]` is a literal minus.
    private mutating func characterSet() throws -> GrammarExpression.CharacterSet {
        index += 1
        var negated = false
        if peek() == 0x5E { negated = true; index += 1 }
        var ranges: [ClosedRange<UInt32>] = []
        while let c = peek(), c != 0x5D {  // ]
            let low = try setMember()
            if peek() == 0x2D, let next = peek(1), next != 0x5D {
                index += 1
                let high = try setMember()
                guard low <= high else { throw error("empty character range") }
                ranges.append(low...high)
            } else {
                ranges.append(low...low)
            }
        }
        guard !atEnd else { throw error("unterminated `[`") }
        index += 1
        guard !ranges.isEmpty else { throw error("empty character set") }
        return .init(ranges: ranges, negated: negated)
    }

    private mutating func setMember() throws -> UInt32 {
        if peek() == 0x23, peek(1) == 0x78 { return try hexCharacter() }
        guard let c = peek() else { throw error("unterminated `[`") }
        index += 1
        return c
    }
}
