/// Expressions: precedence from loosest to tightest is `||`, `&&`, comparisons, `..`, `+ -`,
/// `* / %`, unary `- !`, then indexing and calls.
extension Parser {
    func parseExpression() throws -> Expression {
        try parseChain(level: 0)
    }

    private static let levels: [[(String, BinaryOperator)]] = [
        [("||", .or)],
        [("&&", .and)],
        [("==", .equal), ("!=", .notEqual), ("<=", .lessEqual), (">=", .greaterEqual), ("<", .less), (">", .greater)],
        [],  // ranges
        [("+", .add), ("-", .subtract)],
        [("*", .multiply), ("/", .divide), ("%", .remainder)],
    ]
    private static let rangeLevel = 3

    private func parseChain(level: Int) throws -> Expression {
        if level == Parser.levels.count { return try parseUnary() }
        if level == Parser.rangeLevel {
            let low = try parseChain(level: level + 1)
            try skipSpace()
            guard current == Char.dot && byte(at: pos + 1) == Char.dot else { return low }
            let offset = pos
            pos += 2
            return .range(low, try parseChain(level: level + 1), offset)
        }
        let first = try parseChain(level: level + 1)
        var rest: [(BinaryOperator, Expression, Offset)] = []
        while true {
            try skipSpace()
            guard let (symbol, op) = Parser.levels[level].first(where: { matches($0.0) }) else { break }
            let offset = pos
            pos += symbol.utf8.count
            rest.append((op, try parseChain(level: level + 1), offset))
        }
        return rest.isEmpty ? first : .chain(first, rest)
    }

    private func matches(_ symbol: String) -> Bool {
        var i = pos
        for b in symbol.utf8 {
            guard byte(at: i) == b, i < bytes.count else { return false }
            i += 1
        }
        // `<` is not `<=`, `!` is not `!=`, and so on; `=` alone is never an operator here.
        if symbol.utf8.count == 1, byte(at: i) == Char.equals { return false }
        return true
    }

    private func parseUnary() throws -> Expression {
        var operators: [(UnaryOperator, Offset)] = []
        while true {
            try skipSpace()
            let c = current
            if c == UInt8(ascii: "-") && !atEnd {
                operators.append((.negate, pos))
            } else if c == Char.bang && byte(at: pos + 1) != Char.equals && !atEnd {
                operators.append((.not, pos))
            } else {
                break
            }
            if operators.count > Parser.maxNesting {
                throw ParseError(message: "nesting too deep (more than \(Parser.maxNesting) levels)", offset: pos,
                                 incomplete: false)
            }
            pos += 1
        }
        var operand: Expression
        if let (op, offset) = operators.last, op == .negate, Char.isDigit(current) {
            // Folded so that the most negative integer can be written.
            operand = try parseInteger(negative: true, minusOffset: offset)
            operators.removeLast()
            operand = try parsePostfix(operand)
        } else {
            operand = try parsePostfix(try parsePrimary())
        }
        for (op, offset) in operators.reversed() { operand = .unary(op, operand, offset) }
        return operand
    }

    private func parseInteger(negative: Bool, minusOffset: Offset) throws -> Expression {
        let start = pos
        while Char.isDigit(current) && !atEnd { pos += 1 }
        if Char.isIdentifierStart(current) || current == Char.dot && Char.isDigit(byte(at: pos + 1)) {
            throw ParseError(message: "invalid number '\(text(start..<scanNumberLike(from: start)))'", offset: start,
                             incomplete: false)
        }
        let digits = text(start..<pos)
        guard let value = Int((negative ? "-" : "") + digits) else {
            throw ParseError(message: "integer literal \(negative ? "-" : "")\(digits) is out of range", offset: start,
                             incomplete: false)
        }
        return .int(value, negative ? minusOffset : start)
    }

    private func scanNumberLike(from start: Int) -> Int {
        var end = start
        while end < bytes.count, Char.isIdentifierPart(bytes[end]) || bytes[end] == Char.dot { end += 1 }
        return end
    }

    /// Indexing `x[i]` and nothing else: the `[` must touch what it indexes.
    private func parsePostfix(_ base: Expression) throws -> Expression {
        var expression = base
        var count = 0
        while current == Char.openBracket && !atEnd {
            count += 1
            if count > Parser.maxNesting {
                throw ParseError(message: "nesting too deep (more than \(Parser.maxNesting) levels)", offset: pos,
                                 incomplete: false)
            }
            let open = pos
            try self.open("[", at: open)
            pos += 1
            bracketDepth += 1
            let index = try parseExpression()
            try skipSpace()
            guard current == Char.closeBracket && !atEnd else { throw unexpected("']'") }
            pos += 1
            bracketDepth -= 1
            close()
            expression = .index(expression, index, open)
        }
        return expression
    }

    private func parsePrimary() throws -> Expression {
        try skipSpace()
        let start = pos
        guard pos < bytes.count else { throw failure("expected an expression, found end of input", at: pos) }
        let c = bytes[pos]
        if Char.isDigit(c) { return try parseInteger(negative: false, minusOffset: start) }
        switch c {
        case Char.quote:
            var text: [UInt8] = []
            var parts: [Word.Part] = []
            try parseDoubleQuoted(text: &text, parts: &parts)
            Parser.flush(&text, into: &parts)
            let stringParts: [StringPart] = Parser.merged(parts).map {
                switch $0 {
                case .text(let t): return .text(t)
                case .interpolation(let e, _): return .interpolation(e)
                }
            }
            return .string(stringParts, start)
        case Char.apostrophe:
            var text: [UInt8] = []
            try parseSingleQuoted(into: &text)
            return .string([.text(String(decoding: text, as: UTF8.self))], start)
        case Char.dollar:
            guard let expression = try parseDollar() else { throw unexpected("a variable name after '$'") }
            return expression
        case Char.openParen:
            try open("(", at: start)
            pos += 1
            bracketDepth += 1
            let inner = try parseExpression()
            try skipSpace()
            guard current == Char.closeParen && !atEnd else { throw unexpected("')'") }
            pos += 1
            bracketDepth -= 1
            close()
            return inner
        case Char.openBracket:
            try open("[", at: start)
            pos += 1
            bracketDepth += 1
            let items = try parseList(closer: Char.closeBracket, closerName: "']'")
            bracketDepth -= 1
            close()
            return .list(items, start)
        default:
            break
        }
        guard let (name, end) = identifier(at: start) else { throw unexpected("an expression") }
        switch name {
        case "true": pos = end; return .bool(true, start)
        case "false": pos = end; return .bool(false, start)
        default: break
        }
        if Keywords.reserved.contains(name) {
            throw ParseError(message: "expected an expression, found '\(name)'", offset: start, incomplete: false)
        }
        pos = end
        guard current == Char.openParen && !atEnd else { return .variable(name, start) }
        try open("(", at: pos)
        pos += 1
        bracketDepth += 1
        let arguments = try parseList(closer: Char.closeParen, closerName: "')'")
        bracketDepth -= 1
        close()
        return .call(name, arguments, start)
    }

    /// Comma-separated expressions up to `closer` (a trailing comma is allowed), consuming it.
    private func parseList(closer: UInt8, closerName: String) throws -> [Expression] {
        var items: [Expression] = []
        while true {
            try skipSpace()
            if current == closer && !atEnd { pos += 1; return items }
            items.append(try parseExpression())
            try skipSpace()
            if current == Char.comma && !atEnd {
                pos += 1
            } else if !(current == closer && !atEnd) {
                throw unexpected("',' or \(closerName)")
            }
        }
    }
}
