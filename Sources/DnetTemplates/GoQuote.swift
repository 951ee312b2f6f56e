/// Go's `strconv` quoting, used by `%q` and by error messages that quote template text.
enum GoQuote {
    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func isPrint(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// `strconv.Quote` (or `QuoteToASCII` when `asciiOnly`).
    static func quote(_ s: String, asciiOnly: Bool = false) -> String {
        var out = "\""
        for scalar in s.unicodeScalars { appendEscaped(scalar, quote: "\"", asciiOnly: asciiOnly, to: &out) }
        out.append("\"")
        return out
    }

    /// `strconv.QuoteRune` (or `QuoteRuneToASCII`).
    static func quoteRune(_ value: Int, asciiOnly: Bool = false) -> String {
        let scalar = Unicode.Scalar(UInt32(clamping: max(value, 0))) ?? "\u{FFFD}"
        var out = "'"
        appendEscaped(value > 0x10FFFF || value < 0 ? "\u{FFFD}" : scalar, quote: "'", asciiOnly: asciiOnly, to: &out)
        out.append("'")
        return out
    }

    /// `strconv.CanBackquote`: no backquote, no control characters other than tab, no BOM.
    static func canBackquote(_ s: String) -> Bool {
        for scalar in s.unicodeScalars {
            if scalar == "`" || scalar == "\u{FEFF}" { return false }
            if scalar.value < 0x20 && scalar != "\t" { return false }
            if scalar.value == 0x7F { return false }
        }
        return true
    }

    private static let hexDigits = Array("0123456789abcdef")

    private static func appendEscaped(_ scalar: Unicode.Scalar, quote: Character, asciiOnly: Bool, to out: inout String) {
        if Character(scalar) == quote || scalar == "\\" {
            out.append("\\")
            out.unicodeScalars.append(scalar)
            return
        }
        if asciiOnly {
            if scalar.value < 0x80 && isPrint(scalar) {
                out.unicodeScalars.append(scalar)
                return
            }
        } else if isPrint(scalar) {
            out.unicodeScalars.append(scalar)
            return
        }
        switch scalar {
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        default:
            let v = scalar.value
            if v < 0x20 || v == 0x7F {
                out += "\\x" + hex(v, digits: 2)
            } else if v < 0x10000 {
                out += "\\u" + hex(v, digits: 4)
            } else {
                out += "\\U" + hex(v, digits: 8)
            }
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        var s = ""
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            s.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
        return s
    }
}

/// Go's `strconv.Unquote` and `UnquoteChar` for template string and rune literals.
enum GoUnquote {
    struct SyntaxError: Error {}

    /// The value of a `"…"` or `` `…` `` literal (quotes included in `literal`).
    static func unquote(_ literal: String) throws -> String {
        let bytes = Array(literal.utf8)
        guard bytes.count >= 2, let quote = bytes.first, bytes.last == quote else { throw SyntaxError() }
        let body = Array(bytes[1..<(bytes.count - 1)])
        if quote == UInt8(ascii: "`") {
            if body.contains(UInt8(ascii: "`")) { throw SyntaxError() }
            return String(decoding: body.filter { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
        }
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { throw SyntaxError() }
        if body.contains(UInt8(ascii: "\n")) { throw SyntaxError() }
        var out: [UInt8] = []
        var rest = body[...]
        var count = 0
        while !rest.isEmpty {
            out += try unquoteChar(&rest, quote: quote)
            count += 1
            if quote == UInt8(ascii: "'") && count > 1 { throw SyntaxError() }
        }
        if quote == UInt8(ascii: "'") && count != 1 { throw SyntaxError() }
        return String(decoding: out, as: UTF8.self)
    }

    /// The rune value of a `'…'` literal, or nil when more than one character sits between the quotes.
    static func unquoteRune(_ literal: String) throws -> Int? {
        let bytes = Array(literal.utf8)
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "'") else { throw SyntaxError() }
        var rest = bytes[1...]
        let (value, _) = try unquoteOne(&rest, quote: UInt8(ascii: "'"))
        return Array(rest) == [UInt8(ascii: "'")] ? value : nil
    }

    private static func unquoteChar(_ s: inout ArraySlice<UInt8>, quote: UInt8) throws -> [UInt8] {
        let (value, isByte) = try unquoteOne(&s, quote: quote)
        if isByte { return [UInt8(value)] }
        return Array(String(Character(Unicode.Scalar(UInt32(value)) ?? "\u{FFFD}")).utf8)
    }

    /// One character; `isByte` when it was a `\x` or octal escape, which Go keeps as a raw byte.
    private static func unquoteOne(_ s: inout ArraySlice<UInt8>, quote: UInt8) throws -> (Int, isByte: Bool) {
        guard let c = s.first else { throw SyntaxError() }
        if c == quote && (quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"")) { throw SyntaxError() }
        if c >= 0x80 {
            let size = c >> 5 == 0x6 ? 2 : c >> 4 == 0xE ? 3 : 4
            let end = min(s.startIndex + size, s.endIndex)
            let scalar = String(decoding: s[s.startIndex..<end], as: UTF8.self).unicodeScalars.first ?? "\u{FFFD}"
            s = s[end...]
            return (Int(scalar.value), false)
        }
        s = s.dropFirst()
        if c != UInt8(ascii: "\\") { return (Int(c), false) }
        guard let e = s.first else { throw SyntaxError() }
        s = s.dropFirst()
        switch e {
        case UInt8(ascii: "a"): return (7, false)
        case UInt8(ascii: "b"): return (8, false)
        case UInt8(ascii: "f"): return (12, false)
        case UInt8(ascii: "n"): return (10, false)
        case UInt8(ascii: "r"): return (13, false)
        case UInt8(ascii: "t"): return (9, false)
        case UInt8(ascii: "v"): return (11, false)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
            guard s.count >= n else { throw SyntaxError() }
            var v = 0
            for b in s.prefix(n) {
                guard let d = hexValue(b) else { throw SyntaxError() }
                v = v << 4 | d
            }
            s = s.dropFirst(n)
            if e == UInt8(ascii: "x") { return (v, true) }
            guard v <= 0x10FFFF, !(0xD800...0xDFFF).contains(v) else { throw SyntaxError() }
            return (v, false)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            guard s.count >= 2 else { throw SyntaxError() }
            var v = Int(e - UInt8(ascii: "0"))
            for b in s.prefix(2) {
                guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "7") else { throw SyntaxError() }
                v = v << 3 | Int(b - UInt8(ascii: "0"))
            }
            guard v <= 255 else { throw SyntaxError() }
            s = s.dropFirst(2)
            return (v, true)
        case UInt8(ascii: "\\"):
            return (Int(e), false)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            guard e == quote else { throw SyntaxError() }
            return (Int(e), false)
        default:
            throw SyntaxError()
        }
    }

    private static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
