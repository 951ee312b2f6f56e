import Foundation

/// Go's text/template parser (text/template/parse/parse.go) over the lexer's tokens.
/// Error texts and line numbers match Go's.
struct TemplateParser {
    /// The parsed template: the main body and the `{{define}}`d ones.
    struct Result {
        var root: [TemplateNode]
        var definitions: [String: [TemplateNode]]
    }

    private enum ListEnd {
        case end
        case elseNode(pos: Int)

        var description: String {
            switch self {
            case .end: return "{{end}}"
            case .elseNode: return "{{else}}"
            }
        }
    }

    private enum Item {
        case node(TemplateNode)
        case listEnd(ListEnd)
    }

    private let name: String
    private let tokens: [TemplateToken]
    private let functions: Set<String>
    private var index = 0
    private var highWater = 0
    private var vars: [String] = ["$"]
    private var rangeDepth = 0
    private var actionLine = 0
    private var definitions: [String: [TemplateNode]] = [:]

    static func parse(_ text: String, name: String, functions: Set<String>) throws -> Result {
        var parser = TemplateParser(name: name, tokens: TemplateLexer.tokenize(text), functions: functions)
        let root = try parser.parseTop()
        return Result(root: root, definitions: parser.definitions)
    }

    private init(name: String, tokens: [TemplateToken], functions: Set<String>) {
        self.name = name
        self.tokens = tokens
        self.functions = functions
    }

    // MARK: token stream

    private mutating func next() -> TemplateToken {
        let i = min(index, tokens.count - 1)
        highWater = max(highWater, i)
        index = i + 1
        return tokens[i]
    }

    private mutating func peek() -> TemplateToken {
        let i = min(index, tokens.count - 1)
        highWater = max(highWater, i)
        return tokens[i]
    }

    private mutating func backup() { index -= 1 }

    private mutating func nextNonSpace() -> TemplateToken {
        var token = next()
        while token.kind == .space { token = next() }
        return token
    }

    private mutating func peekNonSpace() -> TemplateToken {
        let token = nextNonSpace()
        backup()
        return token
    }

    // MARK: errors

    private func error(_ message: String) -> TemplateError {
        TemplateError(.parse, "template: \(name):\(tokens[highWater].line): \(message)")
    }

    private mutating func expect(_ kind: TemplateToken.Kind, _ context: String) throws -> TemplateToken {
        let token = nextNonSpace()
        if token.kind != kind { throw unexpected(token, context) }
        return token
    }

    private func unexpected(_ token: TemplateToken, _ context: String) -> TemplateError {
        if token.kind == .error {
            var extra = ""
            if actionLine != 0 && actionLine != token.line {
                extra = " in action started at \(name):\(actionLine)"
                if token.value.hasSuffix(" action") { extra = String(extra.dropFirst(" in action".count)) }
            }
            return error(token.description + extra)
        }
        return error("unexpected \(token.description) in \(context)")
    }

    // MARK: structure

    private mutating func parseTop() throws -> [TemplateNode] {
        var root: [TemplateNode] = []
        while peek().kind != .eof {
            if peek().kind == .leftDelim {
                let saved = index
                _ = next()
                if nextNonSpace().kind == .define {
                    try parseDefinition()
                    continue
                }
                index = saved
            }
            switch try textOrAction() {
            case .listEnd(let end): throw error("unexpected \(end.description)")
            case .node(let node): root.append(node)
            }
        }
        return root
    }

    private mutating func parseDefinition() throws {
        let context = "define clause"
        let nameToken = nextNonSpace()
        guard nameToken.kind == .string || nameToken.kind == .rawString else { throw unexpected(nameToken, context) }
        let definitionName = try unquote(nameToken.value)
        _ = try expect(.rightDelim, context)
        let savedVars = vars
        vars = ["$"]
        let (list, end) = try itemList()
        vars = savedVars
        guard case .end = end else { throw error("unexpected \(end.description) in \(context)") }
        try addDefinition(definitionName, list)
    }

    private mutating func addDefinition(_ definitionName: String, _ list: [TemplateNode]) throws {
        if let existing = definitions[definitionName], !Self.isEmpty(existing), !Self.isEmpty(list) {
            throw error("template: multiple definition of template \(GoQuote.quote(definitionName))")
        }
        if definitions[definitionName] == nil || !Self.isEmpty(list) { definitions[definitionName] = list }
    }

    /// Go's IsEmptyTree: only blank text.
    private static func isEmpty(_ list: [TemplateNode]) -> Bool {
        list.allSatisfy { node in
            if case .text(let text) = node { return text.allSatisfy(\.isWhitespace) }
            return false
        }
    }

    private mutating func itemList() throws -> ([TemplateNode], ListEnd) {
        var list: [TemplateNode] = []
        while peekNonSpace().kind != .eof {
            switch try textOrAction() {
            case .listEnd(let end): return (list, end)
            case .node(let node): list.append(node)
            }
        }
        throw error("unexpected EOF")
    }

    private mutating func textOrAction() throws -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .text:
            return .node(.text(token.value))
        case .leftDelim:
            actionLine = token.line
            defer { actionLine = 0 }
            return try action()
        default:
            throw unexpected(token, "input")
        }
    }

    private mutating func action() throws -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .block: return .node(try blockControl())
        case .breakKeyword: return .node(try loopControl(token, isBreak: true))
        case .continueKeyword: return .node(try loopControl(token, isBreak: false))
        case .elseKeyword: return .listEnd(try elseControl())
        case .end:
            _ = try expect(.rightDelim, "end")
            return .listEnd(.end)
        case .ifKeyword: return .node(.branch(try branchControl(.ifBranch)))
        case .range: return .node(.branch(try branchControl(.rangeBranch)))
        case .template: return .node(try templateControl())
        case .with: return .node(.branch(try branchControl(.withBranch)))
        default:
            backup()
            let start = peek()
            // Variables are not popped here: they persist until the enclosing "end".
            return .node(.action(pos: start.pos, try pipeline("command", end: .rightDelim)))
        }
    }

    private mutating func loopControl(_ keyword: TemplateToken, isBreak: Bool) throws -> TemplateNode {
        let word = isBreak ? "{{break}}" : "{{continue}}"
        let token = nextNonSpace()
        if token.kind != .rightDelim { throw unexpected(token, word) }
        if rangeDepth == 0 { throw error("\(word) outside {{range}}") }
        return isBreak ? .breakLoop(pos: keyword.pos) : .continueLoop(pos: keyword.pos)
    }

    private mutating func elseControl() throws -> ListEnd {
        // "else if" and "else with": leave the keyword for the enclosing control to see.
        let peeked = peekNonSpace()
        if peeked.kind == .ifKeyword || peeked.kind == .with { return .elseNode(pos: peeked.pos) }
        let token = try expect(.rightDelim, "else")
        return .elseNode(pos: token.pos)
    }

    private mutating func branchControl(_ kind: BranchNode.Kind) throws -> BranchNode {
        let context = kind.rawValue
        let savedVarCount = vars.count
        defer { vars.removeLast(vars.count - savedVarCount) }
        let pipe = try pipeline(context, end: .rightDelim)
        if kind == .rangeBranch { rangeDepth += 1 }
        let (list, end) = try itemList()
        if kind == .rangeBranch { rangeDepth -= 1 }
        var elseList: [TemplateNode]?
        if case .elseNode = end {
            // {{if a}}_{{else if b}}_{{end}} is {{if a}}_{{else}}{{if b}}_{{end}}{{end}}; same for with.
            if kind == .ifBranch && peek().kind == .ifKeyword {
                _ = next()
                elseList = [.branch(try branchControl(.ifBranch))]
            } else if kind == .withBranch && peek().kind == .with {
                _ = next()
                elseList = [.branch(try branchControl(.withBranch))]
            } else {
                let (list, end) = try itemList()
                guard case .end = end else { throw error("expected end; found \(end.description)") }
                elseList = list
            }
        }
        return BranchNode(kind: kind, pipe: pipe, list: list, elseList: elseList)
    }

    private mutating func blockControl() throws -> TemplateNode {
        let context = "block clause"
        let token = nextNonSpace()
        let blockName = try templateName(token, context)
        let pipe = try pipeline(context, end: .rightDelim)
        let savedVars = vars
        vars = ["$"]
        let (list, end) = try itemList()
        vars = savedVars
        guard case .end = end else { throw error("unexpected \(end.description) in \(context)") }
        try addDefinition(blockName, list)
        return .include(pos: token.pos, name: blockName, pipe: pipe)
    }

    private mutating func templateControl() throws -> TemplateNode {
        let context = "template clause"
        let token = nextNonSpace()
        let includedName = try templateName(token, context)
        var pipe: PipeNode?
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline(context, end: .rightDelim)
        }
        return .include(pos: token.pos, name: includedName, pipe: pipe)
    }

    private mutating func templateName(_ token: TemplateToken, _ context: String) throws -> String {
        guard token.kind == .string || token.kind == .rawString else { throw unexpected(token, context) }
        return try unquote(token.value)
    }

    private func unquote(_ literal: String) throws -> String {
        do {
            return try GoUnquote.unquote(literal)
        } catch {
            throw self.error("invalid syntax")
        }
    }

    // MARK: pipelines

    private mutating func pipeline(_ context: String, end: TemplateToken.Kind) throws -> PipeNode {
        let pipe = PipeNode(pos: peekNonSpace().pos)
        declarations: while peekNonSpace().kind == .variable {
            let variableIndex = index
            let v = nextNonSpace()
            let following = peekNonSpace()
            if following.kind == .assign || following.kind == .declare {
                pipe.isAssign = following.kind == .assign
                _ = nextNonSpace()
                pipe.declarations.append(VariableNode(pos: v.pos, identifiers: [v.value]))
                vars.append(v.value)
            } else if following.kind == .char && following.value == "," {
                _ = nextNonSpace()
                pipe.declarations.append(VariableNode(pos: v.pos, identifiers: [v.value]))
                vars.append(v.value)
                if context == "range" && pipe.declarations.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen:
                        continue declarations  // second variable of a range pipeline
                    default:
                        throw error("range can only initialize variables")
                    }
                }
                throw error("too many declarations in \(context)")
            } else {
                index = variableIndex
            }
            break
        }
        while true {
            let token = nextNonSpace()
            if token.kind == end {
                try checkPipeline(pipe, context)
                return pipe
            }
            switch token.kind {
            case .bool, .charConstant, .complex, .dot, .field, .identifier, .number, .nilKeyword,
                 .rawString, .string, .variable, .leftParen:
                backup()
                pipe.commands.append(try command())
            default:
                throw unexpected(token, context)
            }
        }
    }

    private func checkPipeline(_ pipe: PipeNode, _ context: String) throws {
        if pipe.commands.isEmpty { throw error("missing value for \(context)") }
        for (i, command) in pipe.commands.enumerated().dropFirst() {
            switch command.arguments[0] {
            case .bool, .dot, .nilLiteral, .number, .string:
                throw error("non executable command in pipeline stage \(i + 1)")
            default:
                break
            }
        }
    }

    private mutating func command() throws -> CommandNode {
        let command = CommandNode(pos: peekNonSpace().pos)
        while true {
            _ = peekNonSpace()  // skip leading spaces
            if let operand = try operand() { command.arguments.append(operand) }
            let token = next()
            switch token.kind {
            case .space:
                continue
            case .rightDelim, .rightParen:
                backup()
            case .pipe:
                break
            default:
                throw unexpected(token, "operand")
            }
            break
        }
        if command.arguments.isEmpty { throw error("empty command") }
        return command
    }

    private mutating func operand() throws -> ArgumentNode? {
        guard let node = try term() else { return nil }
        guard peek().kind == .field else { return node }
        let chainPos = peek().pos
        var fields: [String] = []
        while peek().kind == .field { fields.append(String(next().value.dropFirst())) }
        switch node {
        case .field(_, let identifiers):
            return .field(pos: chainPos, identifiers: identifiers + fields)
        case .variable(let v):
            return .variable(VariableNode(pos: chainPos, identifiers: v.identifiers + fields))
        case .bool, .string, .number, .nilLiteral, .dot:
            throw error("unexpected . after term \(GoQuote.quote(node.description))")
        default:
            return .chain(pos: chainPos, node: node, fields: fields)
        }
    }

    private mutating func term() throws -> ArgumentNode? {
        let token = nextNonSpace()
        switch token.kind {
        case .identifier:
            if !functions.contains(token.value) { throw error("function \(GoQuote.quote(token.value)) not defined") }
            return .identifier(pos: token.pos, name: token.value)
        case .dot:
            return .dot(pos: token.pos)
        case .nilKeyword:
            return .nilLiteral(pos: token.pos)
        case .variable:
            return .variable(try useVariable(token))
        case .field:
            return .field(pos: token.pos, identifiers: token.value.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init))
        case .bool:
            return .bool(pos: token.pos, token.value == "true")
        case .charConstant, .number:
            return .number(try number(token))
        case .complex:
            throw error("complex number \(token.value) is not supported")
        case .leftParen:
            return .pipe(try pipeline("parenthesized pipeline", end: .rightParen))
        case .string, .rawString:
            return .string(pos: token.pos, quoted: token.value, text: try unquote(token.value))
        default:
            backup()
            return nil
        }
    }

    private func useVariable(_ token: TemplateToken) throws -> VariableNode {
        let identifiers = token.value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard vars.contains(identifiers[0]) else { throw error("undefined variable \(GoQuote.quote(identifiers[0]))") }
        return VariableNode(pos: token.pos, identifiers: identifiers)
    }

    private func number(_ token: TemplateToken) throws -> NumberNode {
        let text = token.value
        var node = NumberNode(pos: token.pos, text: text)
        if token.kind == .charConstant {
            let rune: Int?
            do {
                rune = try GoUnquote.unquoteRune(text)
            } catch {
                throw self.error("invalid syntax")
            }
            guard let value = rune else { throw error("malformed character constant: \(text)") }
            node.isInt = true
            node.int = value
            node.isFloat = true
            node.float = Double(value)
            node.isRune = true
            return node
        }
        if text.hasSuffix("i") { throw error("complex number \(text) is not supported") }
        if let value = GoNumberLiteral.parseInt(text) {
            node.isInt = true
            node.int = value
            node.isFloat = true
            node.float = Double(value)
        } else if let value = GoNumberLiteral.parseFloat(text) {
            if !text.contains(where: { ".eEpP".contains($0) }) {
                throw error("integer overflow: \(GoQuote.quote(text))")
            }
            node.isFloat = true
            node.float = value
            if let asInt = Int(exactly: value) {
                node.isInt = true
                node.int = asInt
            }
        } else {
            throw error("illegal number syntax: \(GoQuote.quote(text))")
        }
        return node
    }
}

/// Go's number literal syntax (`strconv.ParseInt(s, 0, 64)` and `ParseFloat`).
enum GoNumberLiteral {
    static func parseInt(_ text: String) -> Int? {
        var s = Substring(text)
        var negative = false
        if s.first == "+" || s.first == "-" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        var radix = 10
        var hasPrefix = false
        let lower = s.lowercased()
        if lower.hasPrefix("0x") {
            radix = 16; s = s.dropFirst(2); hasPrefix = true
        } else if lower.hasPrefix("0o") {
            radix = 8; s = s.dropFirst(2); hasPrefix = true
        } else if lower.hasPrefix("0b") {
            radix = 2; s = s.dropFirst(2); hasPrefix = true
        } else if s.count > 1 && s.first == "0" {
            radix = 8; s = s.dropFirst(); hasPrefix = true
        }
        if s.contains("_") {
            // Underscores only between digits, or right after a base prefix.
            let leadingOK = hasPrefix && radix != 8 || !s.hasPrefix("_")
            guard leadingOK, !s.hasSuffix("_"), !s.contains("__") else { return nil }
            s = Substring(s.replacingOccurrences(of: "_", with: ""))
        }
        guard !s.isEmpty, let magnitude = UInt64(s, radix: radix) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int.max) else { return nil }
        return Int(magnitude)
    }

    static func parseFloat(_ text: String) -> Double? {
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        // A hex mantissa needs a 'p' exponent in Go.
        if cleaned.lowercased().contains("0x") && !cleaned.lowercased().contains("p") { return nil }
        guard let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }
}
