/// The parse tree of a template, shaped like Go's text/template/parse nodes so that error
/// messages can quote a node as Go does (`executing "" at <.Foo>`).

/// A pipeline: optional variable declarations, then commands separated by `|`.
final class PipeNode {
    let pos: Int
    var isAssign = false
    var declarations: [VariableNode] = []
    var commands: [CommandNode] = []

    init(pos: Int) {
        self.pos = pos
    }

    var description: String {
        var s = ""
        if !declarations.isEmpty {
            s += declarations.map(\.description).joined(separator: ", ")
            s += " := "
        }
        s += commands.map(\.description).joined(separator: " | ")
        return s
    }
}

/// `$x` or `$x.Field.Field`: the variable name is the first identifier.
struct VariableNode {
    let pos: Int
    let identifiers: [String]

    var description: String { identifiers.joined(separator: ".") }
}

/// One command of a pipeline: an operand and its arguments.
final class CommandNode {
    let pos: Int
    var arguments: [ArgumentNode] = []

    init(pos: Int) {
        self.pos = pos
    }

    var description: String {
        arguments.map { argument in
            if case .pipe(let pipe) = argument { return "(" + pipe.description + ")" }
            return argument.description
        }.joined(separator: " ")
    }
}

/// A number literal, with every Go type its text can stand for (Go's ideal constants).
struct NumberNode {
    let pos: Int
    let text: String
    var isInt = false
    var int = 0
    var isFloat = false
    var float = 0.0
    /// A rune constant such as `'a'`: an int, never a float in an untyped context.
    var isRune = false
}

/// An operand of a command.
indirect enum ArgumentNode {
    case field(pos: Int, identifiers: [String])
    case variable(VariableNode)
    case dot(pos: Int)
    case nilLiteral(pos: Int)
    case bool(pos: Int, Bool)
    case number(NumberNode)
    case string(pos: Int, quoted: String, text: String)
    case identifier(pos: Int, name: String)
    case pipe(PipeNode)
    /// `(pipeline).Field.Field`
    case chain(pos: Int, node: ArgumentNode, fields: [String])

    var pos: Int {
        switch self {
        case .field(let pos, _), .dot(let pos), .nilLiteral(let pos), .bool(let pos, _),
             .string(let pos, _, _), .identifier(let pos, _), .chain(let pos, _, _):
            return pos
        case .variable(let v): return v.pos
        case .number(let n): return n.pos
        case .pipe(let p): return p.pos
        }
    }

    var description: String {
        switch self {
        case .field(_, let identifiers): return identifiers.map { "." + $0 }.joined()
        case .variable(let v): return v.description
        case .dot: return "."
        case .nilLiteral: return "nil"
        case .bool(_, let b): return b ? "true" : "false"
        case .number(let n): return n.text
        case .string(_, let quoted, _): return quoted
        case .identifier(_, let name): return name
        case .pipe(let p): return p.description
        case .chain(_, let node, let fields):
            var s: String
            if case .pipe(let p) = node { s = "(" + p.description + ")" } else { s = node.description }
            for field in fields { s += "." + field }
            return s
        }
    }
}

/// `if`, `range` or `with` with its lists.
final class BranchNode {
    enum Kind: String { case ifBranch = "if", rangeBranch = "range", withBranch = "with" }

    let kind: Kind
    let pipe: PipeNode
    let list: [TemplateNode]
    let elseList: [TemplateNode]?

    init(kind: Kind, pipe: PipeNode, list: [TemplateNode], elseList: [TemplateNode]?) {
        self.kind = kind
        self.pipe = pipe
        self.list = list
        self.elseList = elseList
    }

    var pos: Int { pipe.pos }

    var description: String {
        var s = "{{" + kind.rawValue + " " + pipe.description + "}}" + list.map(\.description).joined()
        if let elseList { s += "{{else}}" + elseList.map(\.description).joined() }
        return s + "{{end}}"
    }
}

/// A node of a template's body.
enum TemplateNode {
    case text(String)
    case action(pos: Int, PipeNode)
    case branch(BranchNode)
    case breakLoop(pos: Int)
    case continueLoop(pos: Int)
    /// `{{template "name" pipeline}}`
    case include(pos: Int, name: String, pipe: PipeNode?)

    var description: String {
        switch self {
        case .text(let text): return text
        case .action(_, let pipe): return "{{" + pipe.description + "}}"
        case .branch(let branch): return branch.description
        case .breakLoop: return "{{break}}"
        case .continueLoop: return "{{continue}}"
        case .include(_, let name, let pipe):
            var s = "{{template " + GoQuote.quote(name)
            if let pipe { s += " " + pipe.description }
            return s + "}}"
        }
    }
}

/// Whatever execution is at, for the position and text in an error message.
enum ErrorLocation {
    case none
    case node(TemplateNode)
    case argument(ArgumentNode)
    case pipe(PipeNode)
    case command(CommandNode)
    case branch(BranchNode)

    var pos: Int {
        switch self {
        case .none: return 0
        case .node(let node):
            switch node {
            case .text: return 0
            case .action(let pos, _), .breakLoop(let pos), .continueLoop(let pos), .include(let pos, _, _): return pos
            case .branch(let b): return b.pos
            }
        case .argument(let a): return a.pos
        case .pipe(let p): return p.pos
        case .command(let c): return c.pos
        case .branch(let b): return b.pos
        }
    }

    var description: String {
        switch self {
        case .none: return ""
        case .node(let node): return node.description
        case .argument(let a): return a.description
        case .pipe(let p): return p.description
        case .command(let c): return c.description
        case .branch(let b): return b.description
        }
    }
}
