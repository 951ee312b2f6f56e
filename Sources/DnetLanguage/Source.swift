/// A piece of dnet text to compile: a script file, one REPL/stdin statement, or a `-c` argument.
public struct Source {
    /// Shown in diagnostics: a path, `<stdin>` or `<command>`.
    public let name: String
    public let text: String
    /// The line number of the text's first line (the stdin runner compiles one statement at a time).
    public let firstLine: Int
    /// The base for relative `source` paths; nil means the current directory.
    public let directory: String?

    public init(name: String, text: String, firstLine: Int = 1, directory: String? = nil) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        self.directory = directory
    }

    /// Decodes raw input, rejecting invalid UTF-8 and NUL bytes (binary input) with a syntax diagnostic.
    public init(name: String, bytes: [UInt8], firstLine: Int = 1, directory: String? = nil) throws {
        if let bad = UTF8Check.firstInvalidOffset(in: bytes) {
            throw SourceFile(name: name, bytes: bytes, firstLine: firstLine, directory: directory)
                .diagnostic(.syntax, "invalid UTF-8 in input", at: bad)
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw SourceFile(name: name, bytes: bytes, firstLine: firstLine, directory: directory)
                .diagnostic(.syntax, "binary input: NUL byte", at: nul)
        }
        self.init(name: name, text: String(decoding: bytes, as: UTF8.self), firstLine: firstLine,
                  directory: directory)
    }
}

enum UTF8Check {
    /// The offset of the first byte that does not start or continue a well-formed UTF-8 sequence.
    static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF   // allowed range of the second byte
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F        // no surrogates
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + 1 < n, bytes[i + 1] >= low, bytes[i + 1] <= high else { return i }
            for k in 2..<length {
                guard i + k < n, bytes[i + k] & 0xC0 == 0x80 else { return i }
            }
            i += length
        }
        return nil
    }
}
