/// A compiled source's bytes and line table: turns byte offsets into line, column and line text.
final class SourceFile {
    let name: String
    let bytes: [UInt8]
    let firstLine: Int
    let directory: String?
    private lazy var lineStarts: [Int] = {
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 10 { starts.append(i + 1) }
        return starts
    }()

    init(name: String, bytes: [UInt8], firstLine: Int, directory: String?) {
        self.name = name
        self.bytes = bytes
        self.firstLine = firstLine
        self.directory = directory
    }

    convenience init(_ source: Source) {
        self.init(name: source.name, bytes: Array(source.text.utf8), firstLine: source.firstLine,
                  directory: source.directory)
    }

    /// 1-based line and column (in characters) of a byte offset, and that line's text.
    func position(of offset: Int) -> (line: Int, column: Int, text: String) {
        var offset = min(max(offset, 0), bytes.count)
        // The end of a file that ends with a newline belongs to its last line.
        if offset == bytes.count, offset > 0, bytes[offset - 1] == 10 { offset -= 1 }
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        var end = lo + 1 < lineStarts.count ? lineStarts[lo + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == 13 { end -= 1 }   // CRLF files
        let prefixEnd = min(offset, end)
        let column = String(decoding: bytes[start..<prefixEnd], as: UTF8.self).count + 1 + (offset - prefixEnd)
        return (firstLine + lo, column, String(decoding: bytes[start..<end], as: UTF8.self))
    }

    func diagnostic(_ kind: Diagnostic.Kind, _ message: String, at offset: Int) -> Diagnostic {
        let p = position(of: offset)
        return Diagnostic(kind: kind, message: message, file: name, line: p.line, column: p.column,
                          sourceLine: p.text)
    }
}
