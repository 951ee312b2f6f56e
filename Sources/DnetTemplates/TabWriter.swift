/// Go's text/tabwriter (as forked by Docker's CLI) without flags: aligns tab-terminated cells
/// of consecutive lines into columns (elastic tabstops). Text after a line's last tab is not
/// part of a column and is never padded.
public struct TabWriter: Sendable {
    /// Docker's tables: `tabwriter.NewWriter(output, 10, 1, 3, ' ', 0)`.
    public static let docker = TabWriter(minWidth: 10, tabWidth: 1, padding: 3, padCharacter: " ")

    public let minWidth: Int
    public let tabWidth: Int
    public let padding: Int
    public let padCharacter: Character

    public init(minWidth: Int, tabWidth: Int, padding: Int, padCharacter: Character) {
        self.minWidth = minWidth
        self.tabWidth = tabWidth
        self.padding = padding
        self.padCharacter = padCharacter
    }

    /// The aligned text, as writing `text` to a Go tabwriter and flushing it prints.
    public func format(_ text: String) -> String {
        var state = State(writer: self)
        state.write(text)
        state.flush()
        return state.output
    }

    private struct Cell {
        var text: Substring
        var width: Int
        var tabTerminated: Bool
    }

    private struct State {
        let writer: TabWriter
        var output = ""
        var lines: [[Cell]] = [[]]
        var widths: [Int] = []
        var pending: Substring = ""  // text of the current, not yet terminated cell

        init(writer: TabWriter) {
            self.writer = writer
        }

        mutating func write(_ text: String) {
            var start = text.startIndex
            var index = start
            while index < text.endIndex {
                let ch = text.unicodeScalars[index]
                if ch == "\t" || ch == "\u{0B}" || ch == "\n" || ch == "\u{0C}" {
                    let cellText = text[start..<index]
                    let cellCount = terminateCell(cellText, tabTerminated: ch == "\t")
                    if ch == "\n" || ch == "\u{0C}" {
                        lines.append([])
                        // A line with a single cell cannot affect the columns of later lines.
                        if ch == "\u{0C}" || cellCount == 1 { flush() }
                    }
                    index = text.unicodeScalars.index(after: index)
                    start = index
                } else {
                    index = text.unicodeScalars.index(after: index)
                }
            }
            pending = text[start..<text.endIndex]
        }

        mutating func terminateCell(_ text: Substring, tabTerminated: Bool) -> Int {
            lines[lines.count - 1].append(Cell(text: text, width: DisplayWidth.of(text), tabTerminated: tabTerminated))
            return lines[lines.count - 1].count
        }

        mutating func flush() {
            if !pending.isEmpty {
                _ = terminateCell(pending, tabTerminated: false)
                pending = ""
            }
            format(0, lines.count)
            lines = [[]]
            widths = []
        }

        mutating func format(_ firstLine: Int, _ endLine: Int) {
            var line0 = firstLine
            let column = widths.count
            var this = line0
            while this < endLine {
                if column >= lines[this].count - 1 {
                    this += 1
                    continue
                }
                // This line has a cell in this column: print the lines above, then size the column.
                writeLines(line0, this)
                line0 = this
                var width = writer.minWidth
                while this < endLine {
                    let line = lines[this]
                    if column >= line.count - 1 { break }
                    width = max(width, line[column].width + writer.padding)
                    this += 1
                }
                widths.append(width)
                format(line0, this)
                widths.removeLast()
                line0 = this
                this += 1
            }
            writeLines(line0, endLine)
        }

        mutating func writeLines(_ firstLine: Int, _ endLine: Int) {
            guard firstLine < endLine else { return }
            for i in firstLine..<endLine {
                for (j, cell) in lines[i].enumerated() {
                    output += cell.text
                    if j < widths.count { writePadding(cell.width, widths[j]) }
                }
                if i + 1 == lines.count {
                    output += pending  // the last buffered line has no newline yet
                } else {
                    output.append("\n")
                }
            }
        }

        mutating func writePadding(_ textWidth: Int, _ cellWidth: Int) {
            if writer.padCharacter == "\t" {
                guard writer.tabWidth > 0 else { return }
                let rounded = (cellWidth + writer.tabWidth - 1) / writer.tabWidth * writer.tabWidth
                let n = rounded - textWidth
                output += String(repeating: "\t", count: (n + writer.tabWidth - 1) / writer.tabWidth)
                return
            }
            let n = cellWidth - textWidth
            if n > 0 { output += String(repeating: writer.padCharacter, count: n) }
        }
    }
}
