/// An error with the place it happened: `file:line:col: error: message`, the line, and a caret.
public struct Diagnostic: Error, CustomStringConvertible, Equatable {
    public enum Kind: Equatable {
        /// Found before anything ran (exit status 2).
        case syntax
        /// Found while running (exit status 1).
        case runtime
    }

    public let kind: Kind
    public let message: String
    public let file: String
    /// 1-based.
    public let line: Int
    /// 1-based, counting characters.
    public let column: Int
    /// The text of the line the error is on, without its newline.
    public let sourceLine: String

    /// For callers that report their own errors in the same shape.
    public init(kind: Kind, message: String, file: String, line: Int, column: Int, sourceLine: String) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.sourceLine = sourceLine
    }

    /// `file:line:col: error: message`.
    public var description: String { "\(file):\(line):\(column): error: \(message)" }

    /// The header, the source line and a caret under the column (tabs kept so the caret lines up).
    public var rendered: String {
        var caret = ""
        for (i, ch) in sourceLine.enumerated() where i < column - 1 {
            caret.append(ch == "\t" ? "\t" : " ")
        }
        let shortfall = column - 1 - sourceLine.count
        if shortfall > 0 { caret += String(repeating: " ", count: shortfall) }
        return "\(description)\n\(sourceLine)\n\(caret)^"
    }
}
