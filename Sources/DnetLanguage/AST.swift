/// Byte offset into the source being parsed; turned into line and column only when an error is shown.
typealias Offset = Int

enum BinaryOperator: String {
    case or = "||", and = "&&"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
}

enum UnaryOperator: String {
    case negate = "-", not = "!"
}

/// A piece of an interpolated string or word.
enum StringPart {
    case text(String)
    /// `$name`, `${expr}` or `$(…)`.
    case interpolation(Expression)
}

indirect enum Expression {
    case int(Int, Offset)
    case bool(Bool, Offset)
    case string([StringPart], Offset)
    case variable(String, Offset)
    /// `$?`
    case status(Offset)
    case list([Expression], Offset)
    case unary(UnaryOperator, Expression, Offset)
    /// Left-associative operators of one precedence level: `a + b - c`. Kept flat so a long
    /// chain on one line never becomes a deep tree.
    case chain(Expression, [(BinaryOperator, Expression, Offset)])
    case range(Expression, Expression, Offset)
    case index(Expression, Expression, Offset)
    case call(String, [Expression], Offset)
    /// `$(statements)`: their captured stdout.
    case capture([Statement], Offset)

    var offset: Offset {
        switch self {
        case .int(_, let o), .bool(_, let o), .string(_, let o), .variable(_, let o), .status(let o),
             .list(_, let o), .unary(_, _, let o), .range(_, _, let o), .index(_, _, let o),
             .call(_, _, let o), .capture(_, let o):
            return o
        case .chain(let first, _):
            return first.offset
        }
    }
}

/// One shell word of a command: its parts concatenate, except that a word made of a single
/// unquoted interpolation of a list expands to one word per element.
struct Word {
    enum Part {
        case text(String)
        case interpolation(Expression, quoted: Bool)
    }
    var parts: [Part]
    var offset: Offset
}

struct Block {
    var statements: [Statement]
    var offset: Offset
}

indirect enum Statement {
    case declare(String, Expression, Offset)
    case assign(String, Expression, Offset)
    case command([Word], Offset)
    case conditional([(Expression, Block)], otherwise: Block?, Offset)
    case whileLoop(Expression, Block, Offset)
    case forLoop(String, Expression, Block, Offset)
    case function(String, [String], Block, Offset)
    case returnValue(Expression?, Offset)
    case breakLoop(Offset)
    case continueLoop(Offset)
    case tryBlock(Block, errorName: String, handler: Block, Offset)
    case tryCommand(Statement, Offset)
    case assert(Expression, message: Expression?, Offset)
    case block(Block)
}
