/// Byte classes of the lexical rules (all syntax is ASCII; other bytes only occur inside words and strings).
enum Char {
    static let newline: UInt8 = 10, carriageReturn: UInt8 = 13, space: UInt8 = 32, tab: UInt8 = 9
    static let quote: UInt8 = 34, apostrophe: UInt8 = 39, dollar: UInt8 = 36, hash: UInt8 = 35
    static let backslash: UInt8 = 92, semicolon: UInt8 = 59, equals: UInt8 = 61, comma: UInt8 = 44
    static let openParen: UInt8 = 40, closeParen: UInt8 = 41
    static let openBracket: UInt8 = 91, closeBracket: UInt8 = 93
    static let openBrace: UInt8 = 123, closeBrace: UInt8 = 125
    static let question: UInt8 = 63, bang: UInt8 = 33, dot: UInt8 = 46

    @inline(__always) static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95
    }

    @inline(__always) static func isIdentifierPart(_ c: UInt8) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Space inside a line (a lone carriage return counts, so CRLF scripts work).
    @inline(__always) static func isBlank(_ c: UInt8) -> Bool { c == space || c == tab || c == carriageReturn }

    /// How a byte is shown in "unexpected …" messages.
    static func describe(_ bytes: [UInt8], at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        let c = bytes[offset]
        if c == newline { return "end of line" }
        var end = offset + 1
        if isIdentifierPart(c) {
            while end < bytes.count, isIdentifierPart(bytes[end]) { end += 1 }
        }
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "'" + String(decoding: bytes[offset..<end], as: UTF8.self) + "'"
    }
}

enum Keywords {
    /// Words that start a statement; none of them can name a variable or a function.
    static let statement: Set<String> = ["let", "if", "elif", "else", "while", "for", "def", "return",
                                         "break", "continue", "try", "catch", "assert"]
    static let reserved: Set<String> = statement.union(["in", "true", "false"])
}
