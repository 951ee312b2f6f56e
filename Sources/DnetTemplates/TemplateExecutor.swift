/// Runs a parsed template on data, following Go's text/template/exec.go step by step so that
/// output and error messages match Go's.
struct TemplateExecutor {
    private enum Flow { case normal, breakLoop, continueLoop }

    /// Deep enough for any real template; keeps runaway `{{template}}` recursion off the stack.
    static let maxDepth = 100

    private let template: GoTemplate
    private let functions: [String: TemplateFunction]
    private let missingKey: MissingKeyOption
    private var templateName: String
    private var vars: [(name: String, value: TemplateValue)]
    private var location = ErrorLocation.none
    private var depth = 0

    init(template: GoTemplate, data: TemplateValue, options: TemplateExecutionOptions) {
        self.template = template
        self.functions = TemplateFunctions.table(options.functions)
        self.missingKey = options.missingKey
        self.templateName = template.name
        self.vars = [(name: "$", value: data)]
    }

    mutating func run(_ data: TemplateValue, into out: inout String) throws {
        _ = try walk(data, template.root, &out)
    }

    // MARK: errors

    private func error(_ message: String) -> TemplateError {
        if case .none = location {
            return TemplateError(.execution, "template: \(templateName): \(message)")
        }
        let pos = location.pos
        let bytes = template.sourceBytes
        var line = 1
        var lineStart = 0
        for i in 0..<min(pos, bytes.count) where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return TemplateError(.execution,
            "template: \(template.name):\(line):\(pos - lineStart): executing \(GoQuote.quote(templateName)) at <\(location.description)>: \(message)")
    }

    // MARK: walking

    private mutating func walk(_ dot: TemplateValue, _ list: [TemplateNode], _ out: inout String) throws -> Flow {
        for node in list {
            let flow = try walk(dot, node, &out)
            if flow != .normal { return flow }
        }
        return .normal
    }

    private mutating func walk(_ dot: TemplateValue, _ node: TemplateNode, _ out: inout String) throws -> Flow {
        location = .node(node)
        switch node {
        case .text(let text):
            out += text
        case .action(_, let pipe):
            // Variables declared here persist until the enclosing {{end}}.
            let value = try evalPipeline(dot, pipe)
            if pipe.declarations.isEmpty { out += GoFormatter.printValue(value) }
        case .branch(let branch):
            switch branch.kind {
            case .ifBranch, .withBranch: return try walkIfOrWith(dot, branch, &out)
            case .rangeBranch: try walkRange(dot, branch, &out)
            }
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        case .include(_, let name, let pipe):
            guard let root = template.definitions[name] else { throw error("template \(GoQuote.quote(name)) not defined") }
            if depth == Self.maxDepth { throw error("exceeded maximum template depth (\(Self.maxDepth))") }
            let newDot = try pipe.map { try evalPipeline(dot, $0) } ?? .null(.missing)
            let saved = (vars, templateName)
            vars = [(name: "$", value: newDot)]
            templateName = name
            depth += 1
            defer {
                depth -= 1
                (vars, templateName) = saved
            }
            _ = try walk(newDot, root, &out)
        }
        return .normal
    }

    private mutating func walkIfOrWith(_ dot: TemplateValue, _ branch: BranchNode, _ out: inout String) throws -> Flow {
        let mark = vars.count
        defer { vars.removeLast(vars.count - mark) }
        let value = try evalPipeline(dot, branch.pipe)
        if TemplateFunctions.isTrue(value) {
            return try walk(branch.kind == .withBranch ? value : dot, branch.list, &out)
        } else if let elseList = branch.elseList {
            return try walk(dot, elseList, &out)
        }
        return .normal
    }

    private mutating func walkRange(_ dot: TemplateValue, _ branch: BranchNode, _ out: inout String) throws {
        location = .branch(branch)
        let outerMark = vars.count
        defer { vars.removeLast(vars.count - outerMark) }
        let value = try evalPipeline(dot, branch.pipe)
        let mark = vars.count
        let declarations = branch.pipe.declarations.count

        // Runs the body once; false when {{break}} ends the loop.
        func iteration(_ executor: inout TemplateExecutor, _ index: TemplateValue, _ element: TemplateValue) throws -> Bool {
            if declarations > 0 { executor.vars[executor.vars.count - 1].value = element }
            if declarations > 1 { executor.vars[executor.vars.count - 2].value = index }
            defer { executor.vars.removeLast(executor.vars.count - mark) }
            return try executor.walk(element, branch.list, &out) != .breakLoop
        }

        switch value {
        case .list(let elements) where !elements.isEmpty:
            for (i, element) in elements.enumerated() {
                if try !iteration(&self, .int(i), element) { break }
            }
            return
        case .map(let map) where !map.entries.isEmpty:
            for key in map.sortedKeys {
                if try !iteration(&self, .string(key), map.entries[key]!) { break }
            }
            return
        case .int(let n):
            if declarations > 1 { throw error("can't use \(n) to iterate over more than one variable") }
            if n > 0 {
                for i in 0..<n {
                    if try !iteration(&self, .int(i), .int(i)) { break }
                }
                return
            }
        case .list, .map, .null(.missing), .null(.interface), .null(.slice), .null(.map):
            break  // empty: run the else branch
        default:
            throw error("range can't iterate over \(GoFormatter.sprint([value]))")
        }
        if let elseList = branch.elseList {
            _ = try walk(dot, elseList, &out)
        }
    }

    // MARK: evaluation

    private mutating func evalPipeline(_ dot: TemplateValue, _ pipe: PipeNode) throws -> TemplateValue {
        location = .pipe(pipe)
        var value: TemplateValue?
        for command in pipe.commands {
            value = try evalCommand(dot, command, final: value)
            // Like Go, a nil interface that a command yields becomes no value at all.
            if case .null(.interface) = value { value = .null(.missing) }
        }
        let result = value ?? .null(.missing)
        for variable in pipe.declarations {
            if pipe.isAssign {
                try setVariable(variable.identifiers[0], result)
            } else {
                vars.append((name: variable.identifiers[0], value: result))
            }
        }
        return result
    }

    private mutating func setVariable(_ name: String, _ value: TemplateValue) throws {
        for i in vars.indices.reversed() where vars[i].name == name {
            vars[i].value = value
            return
        }
        throw error("undefined variable: \(name)")
    }

    private func variableValue(_ name: String) throws -> TemplateValue {
        for variable in vars.reversed() where variable.name == name { return variable.value }
        throw error("undefined variable: \(name)")
    }

    private func notAFunction(_ args: [ArgumentNode], _ final: TemplateValue?) throws {
        if args.count > 1 || final != nil {
            throw error("can't give argument to non-function \(args[0].description)")
        }
    }

    private mutating func evalCommand(_ dot: TemplateValue, _ command: CommandNode, final: TemplateValue?) throws -> TemplateValue {
        let first = command.arguments[0]
        switch first {
        case .field(_, let identifiers):
            location = .argument(first)
            return try evalFieldChain(dot, receiver: dot, node: first, identifiers, args: command.arguments, final: final)
        case .chain(_, let inner, let fields):
            return try evalChain(dot, first, inner: inner, fields: fields, args: command.arguments, final: final)
        case .identifier(_, let name):
            return try evalFunction(dot, name, node: first, call: .command(command), args: command.arguments, final: final)
        case .pipe(let pipe):
            try notAFunction(command.arguments, final)
            return try evalPipeline(dot, pipe)
        case .variable(let variable):
            return try evalVariable(dot, variable, node: first, args: command.arguments, final: final)
        default:
            break
        }
        location = .argument(first)
        try notAFunction(command.arguments, final)
        switch first {
        case .bool(_, let b): return .bool(b)
        case .dot: return dot
        case .nilLiteral: throw error("nil is not a command")
        case .number(let number): return try idealConstant(number)
        case .string(_, _, let text): return .string(text)
        default: throw error("can't evaluate command \(GoQuote.quote(first.description))")
        }
    }

    /// A number literal where no type is known: its syntax decides, as in Go.
    private mutating func idealConstant(_ number: NumberNode) throws -> TemplateValue {
        location = .argument(.number(number))
        let text = number.text
        let isHexInt = text.count > 2 && text.hasPrefix("0") && (text.dropFirst().first == "x" || text.dropFirst().first == "X")
            && !text.contains("p") && !text.contains("P")
        if number.isFloat && !isHexInt && !number.isRune && text.contains(where: { ".eEpP".contains($0) }) {
            return .float(number.float)
        }
        if number.isInt { return .int(number.int) }
        throw error("\(text) overflows int")
    }

    /// `(pipeline).Field.Field`: `chain` is the whole node, `inner` the term before the fields.
    private mutating func evalChain(_ dot: TemplateValue, _ chain: ArgumentNode, inner: ArgumentNode, fields: [String],
                                    args: [ArgumentNode], final: TemplateValue?) throws -> TemplateValue {
        location = .argument(chain)
        if case .nilLiteral = inner { throw error("indirection through explicit nil in \(chain.description)") }
        let receiver = try evalArgument(dot, .any, inner)
        return try evalFieldChain(dot, receiver: receiver, node: chain, fields, args: args, final: final)
    }

    private mutating func evalVariable(_ dot: TemplateValue, _ variable: VariableNode, node: ArgumentNode,
                                       args: [ArgumentNode], final: TemplateValue?) throws -> TemplateValue {
        location = .argument(node)
        let value = try variableValue(variable.identifiers[0])
        if variable.identifiers.count == 1 {
            try notAFunction(args, final)
            return value
        }
        return try evalFieldChain(dot, receiver: value, node: node, Array(variable.identifiers.dropFirst()), args: args, final: final)
    }

    private mutating func evalFieldChain(_ dot: TemplateValue, receiver: TemplateValue, node: ArgumentNode, _ identifiers: [String],
                                         args: [ArgumentNode], final: TemplateValue?) throws -> TemplateValue {
        var receiver = receiver
        var staticType: String?
        for name in identifiers.dropLast() {
            let next = try evalField(dot, name, node: node, args: [], final: nil, receiver: receiver, staticType: staticType)
            staticType = Self.elementStaticType(receiver)
            receiver = next
        }
        return try evalField(dot, identifiers[identifiers.count - 1], node: node, args: args, final: final,
                             receiver: receiver, staticType: staticType)
    }

    /// Go reports a value read from a `map[string]interface{}` as of type `interface {}`.
    private static func elementStaticType(_ container: TemplateValue) -> String? {
        if case .map(let map) = container, case .null(.interface) = map.zeroValue { return "interface {}" }
        return nil
    }

    private mutating func evalField(_ dot: TemplateValue, _ name: String, node: ArgumentNode, args: [ArgumentNode],
                                    final: TemplateValue?, receiver: TemplateValue, staticType: String?) throws -> TemplateValue {
        if receiver.isMissing {
            if missingKey == .error { throw error("nil data; no entry for key \(GoQuote.quote(name))") }
            return .null(.missing)
        }
        let typeName = staticType ?? receiver.goTypeName
        let hasArgs = args.count > 1 || final != nil
        switch receiver {
        case .object(let object):
            if let method = object.methods[name] {
                return try evalMethod(dot, method, name: name, node: node, args: args, final: final)
            }
            if let value = object.field(name) {
                if hasArgs { throw error("\(name) has arguments but cannot be invoked as function") }
                return value
            }
        case .structure(let s):
            if let value = s.field(name) {
                if hasArgs { throw error("\(name) has arguments but cannot be invoked as function") }
                return value
            }
        case .map(let map):
            if hasArgs { throw error("\(name) is not a method but has arguments") }
            if let value = map.entries[name] { return value }
            return try missingMapEntry(name, zeroValue: map.zeroValue)
        case .null(.map):
            if hasArgs { throw error("\(name) is not a method but has arguments") }
            return try missingMapEntry(name, zeroValue: .null(.interface))
        case .null(.pointer), .null(.interface):
            throw error("nil pointer evaluating \(typeName).\(name)")
        default:
            break
        }
        throw error("can't evaluate field \(name) in type \(typeName)")
    }

    private func missingMapEntry(_ name: String, zeroValue: TemplateValue) throws -> TemplateValue {
        switch missingKey {
        case .invalid: return .null(.missing)
        case .zero: return zeroValue
        case .error: throw error("map has no entry for key \(GoQuote.quote(name))")
        }
    }

    /// `call` is what an "error calling" message quotes: the whole command, or the bare name when
    /// the function is an argument of another command.
    private mutating func evalFunction(_ dot: TemplateValue, _ name: String, node: ArgumentNode, call: ErrorLocation,
                                       args: [ArgumentNode], final: TemplateValue?) throws -> TemplateValue {
        location = .argument(node)
        guard let function = functions[name] else { throw error("\(GoQuote.quote(name)) is not a defined function") }
        return try evalCall(dot, function, name: name, isShortCircuit: name == "and" || name == "or",
                            call: call, args: Array(args.dropFirst()), final: final)
    }

    private mutating func evalMethod(_ dot: TemplateValue, _ method: TemplateMethod, name: String, node: ArgumentNode,
                                     args: [ArgumentNode], final: TemplateValue?) throws -> TemplateValue {
        let function = TemplateFunction(Array(repeating: .string, count: method.arity)) { values in
            let strings = values.map { value -> String in
                if case .string(let s) = value { return s }
                return ""
            }
            do {
                return try method.call(strings)
            } catch {
                throw FunctionError("\(error)")  // Go: a method's error return fails the template
            }
        }
        return try evalCall(dot, function, name: name, isShortCircuit: false, call: .argument(node),
                            args: Array(args.dropFirst()), final: final)
    }

    private mutating func evalCall(_ dot: TemplateValue, _ function: TemplateFunction, name: String, isShortCircuit: Bool,
                                   call: ErrorLocation, args: [ArgumentNode], final: TemplateValue?) throws -> TemplateValue {
        let parameters = function.parameters
        let argumentCount = args.count + (final == nil ? 0 : 1)
        var fixedCount = args.count
        if function.variadic != nil {
            fixedCount = parameters.count
            if argumentCount < fixedCount {
                throw error("wrong number of args for \(name): want at least \(parameters.count) got \(args.count)")
            }
        } else if argumentCount != parameters.count {
            throw error("wrong number of args for \(name): want \(parameters.count) got \(argumentCount)")
        }

        if isShortCircuit {
            var value = TemplateValue.null(.missing)
            for arg in args {
                value = try evalArgument(dot, .value, arg)
                if TemplateFunctions.isTrue(value) == (name == "or") { return value }
            }
            if let final { value = final }
            return value
        }

        var values: [TemplateValue] = []
        values.reserveCapacity(argumentCount)
        var i = 0
        while i < fixedCount && i < args.count {
            values.append(try evalArgument(dot, parameters[i], args[i]))
            i += 1
        }
        if let variadic = function.variadic {
            while i < args.count {
                values.append(try evalArgument(dot, variadic, args[i]))
                i += 1
            }
        }
        if let final {
            var type = parameters.last ?? .any
            if let variadic = function.variadic {
                type = argumentCount - 1 < fixedCount ? parameters[argumentCount - 1] : variadic
            }
            values.append(try validateType(final, type))
        }
        do {
            return try function.body(values)
        } catch let failure as FunctionError {
            location = call
            throw error("error calling \(name): \(failure.message)")
        }
    }

    private func validateType(_ value: TemplateValue, _ type: ParameterType) throws -> TemplateValue {
        if value.isMissing {
            switch type {
            case .value, .any: return value
            case .stringList: return .null(.slice)
            case .string, .int: throw error("invalid value; expected \(type.goName)")
            }
        }
        switch (type, value) {
        case (.value, _), (.any, _), (.string, .string), (.int, .int), (.stringList, .null(.slice)):
            return value
        case (.stringList, .list(let elements)) where value.goTypeName == "[]string" || elements.isEmpty:
            return value
        default:
            throw error("wrong type for value; expected \(type.goName); got \(value.goTypeName)")
        }
    }

    private mutating func evalArgument(_ dot: TemplateValue, _ type: ParameterType, _ node: ArgumentNode) throws -> TemplateValue {
        location = .argument(node)
        switch node {
        case .dot:
            return try validateType(dot, type)
        case .nilLiteral:
            switch type {
            case .value: return .null(.missing)
            case .any: return .null(.interface)
            case .stringList: return .null(.slice)
            case .string, .int: throw error("cannot assign nil to \(type.goName)")
            }
        case .field(_, let identifiers):
            return try validateType(try evalFieldChain(dot, receiver: dot, node: node, identifiers, args: [node], final: nil), type)
        case .variable(let variable):
            return try validateType(try evalVariable(dot, variable, node: node, args: [], final: nil), type)
        case .pipe(let pipe):
            return try validateType(try evalPipeline(dot, pipe), type)
        case .identifier(_, let name):
            return try validateType(try evalFunction(dot, name, node: node, call: .argument(node), args: [node], final: nil), type)
        case .chain(_, let inner, let fields):
            return try validateType(try evalChain(dot, node, inner: inner, fields: fields, args: [], final: nil), type)
        case .bool(_, let b):
            switch type {
            case .value, .any: return .bool(b)
            case .string: throw error("expected string; found \(node.description)")
            case .int: throw error("expected integer; found \(node.description)")
            case .stringList: throw error("can't handle \(node.description) for arg of type []string")
            }
        case .number(let number):
            switch type {
            case .value, .any: return try idealConstant(number)
            case .int:
                if number.isInt { return .int(number.int) }
                throw error("expected integer; found \(node.description)")
            case .string: throw error("expected string; found \(node.description)")
            case .stringList: throw error("can't handle \(node.description) for arg of type []string")
            }
        case .string(_, _, let text):
            switch type {
            case .value, .any, .string: return .string(text)
            case .int: throw error("expected integer; found \(node.description)")
            case .stringList: throw error("can't handle \(node.description) for arg of type []string")
            }
        }
    }
}
