/// Turns statements into closures, resolving every variable to a frame slot or a global cell
/// once, so that running looks nothing up by name.
final class Compiler {
    unowned(unsafe) let runtime: Runtime
    let file: SourceFile
    /// Local scopes, innermost last; empty at the top level of a program, where `let` makes globals.
    private var scopes: [[String: Int]] = []
    private var nextSlot = 0
    /// Slots the current frame needs (the most alive at once).
    private(set) var frameSize = 0

    init(runtime: Runtime, file: SourceFile) {
        self.runtime = runtime
        self.file = file
    }

    func location(_ offset: Offset) -> Location { Location(file: file, offset: offset) }

    // MARK: - Scopes

    func withScope<T>(_ body: () -> T) -> T {
        scopes.append([:])
        let saved = nextSlot
        defer {
            scopes.removeLast()
            nextSlot = saved
        }
        return body()
    }

    func declareLocal(_ name: String) -> Int {
        let slot = nextSlot
        nextSlot += 1
        frameSize = max(frameSize, nextSlot)
        scopes[scopes.count - 1][name] = slot
        return slot
    }

    enum Binding {
        case local(Int)
        case global(UnsafeMutablePointer<Value?>)
    }

    func resolve(_ name: String) -> Binding {
        for scope in scopes.reversed() {
            if let slot = scope[name] { return .local(slot) }
        }
        return .global(runtime.global(name))
    }

    // MARK: - Statements

    func compileStatements(_ statements: [Statement]) -> Execute {
        let executes = ContiguousArray(statements.map(compile))
        let flag = runtime.interruptFlag
        if executes.count == 1 {
            let only = executes[0]
            return { frame in
                if flag.pointee != 0 { throw InterruptRequest() }
                return try only(frame)
            }
        }
        return { frame in
            for execute in executes {
                if flag.pointee != 0 { throw InterruptRequest() }
                let flow = try execute(frame)
                if flow != .normal { return flow }
            }
            return .normal
        }
    }

    func compileBlock(_ block: Block) -> Execute {
        withScope { compileStatements(block.statements) }
    }

    func compile(_ statement: Statement) -> Execute {
        switch statement {
        case .declare(let name, let expression, _):
            let value = compile(expression)   // before declaring: `let x = x + 1` reads the outer x
            if scopes.isEmpty { return store(value, in: runtime.global(name)) }
            return store(value, inSlot: declareLocal(name))
        case .assign(let name, let expression, let offset):
            if let append = compileAppend(name, expression, at: offset) { return append }
            let value = compile(expression)
            switch resolve(name) {
            case .local(let slot):
                return store(value, inSlot: slot)
            case .global(let cell):
                let location = self.location(offset)
                return { frame in
                    if cell.pointee == nil {
                        throw RuntimeError("assignment to undeclared variable '\(name)' (declare it with 'let')",
                                           at: location)
                    }
                    cell.pointee = try value(frame)
                    return .normal
                }
            }
        case .command(let words, let offset):
            return compileCommand(words, at: offset)
        case .conditional(let branches, let otherwise, _):
            return compileConditional(branches, otherwise: otherwise)
        case .whileLoop(let condition, let block, _):
            return compileWhile(condition, block)
        case .forLoop(let name, let sequence, let block, let offset):
            return compileFor(name, sequence, block, at: offset)
        case .function(let name, let parameters, let block, _):
            let function = compileFunction(name, parameters, block)
            let slot = runtime.functionSlot(name)
            return { _ in
                slot.function = function
                return .normal
            }
        case .returnValue(let expression, _):
            unowned(unsafe) let runtime = self.runtime
            guard let expression else {
                return { _ in
                    runtime.returnValue = .empty
                    return .returned
                }
            }
            let value = compile(expression)
            return { frame in
                runtime.returnValue = try value(frame)
                return .returned
            }
        case .breakLoop:
            return { _ in .breakLoop }
        case .continueLoop:
            return { _ in .continueLoop }
        case .tryBlock(let block, let errorName, let handler, _):
            return compileTry(block, errorName: errorName, handler: handler)
        case .tryCommand(let inner, _):
            let execute = compile(inner)
            unowned(unsafe) let runtime = self.runtime
            return { frame in
                do {
                    _ = try execute(frame)
                } catch let error as RuntimeError {
                    runtime.lastStatus = error.status
                }
                return .normal
            }
        case .assert(let condition, let message, let offset):
            return compileAssert(condition, message: message, at: offset)
        case .block(let block):
            return compileBlock(block)
        }
    }

    private func store(_ value: @escaping Evaluate, in cell: UnsafeMutablePointer<Value?>) -> Execute {
        return { frame in
            cell.pointee = try value(frame)
            return .normal
        }
    }

    private func store(_ value: @escaping Evaluate, inSlot slot: Int) -> Execute {
        return { frame in
            frame.slots[slot] = try value(frame)
            return .normal
        }
    }

    private func compileConditional(_ branches: [(Expression, Block)], otherwise: Block?) -> Execute {
        let tests = branches.map { (condition: compile($0.0), location: location($0.0.offset), body: compileBlock($0.1)) }
        let elseBody = otherwise.map(compileBlock)
        if tests.count == 1 {
            let (condition, location, body) = tests[0]
            return { frame in
                if try Operators.truth(condition(frame), at: location) { return try body(frame) }
                return try elseBody?(frame) ?? .normal
            }
        }
        return { frame in
            for test in tests where try Operators.truth(test.condition(frame), at: test.location) {
                return try test.body(frame)
            }
            return try elseBody?(frame) ?? .normal
        }
    }

    private func compileWhile(_ condition: Expression, _ block: Block) -> Execute {
        let test = compile(condition)
        let location = self.location(condition.offset)
        let body = compileBlock(block)
        let flag = runtime.interruptFlag
        return { frame in
            while true {
                if flag.pointee != 0 { throw InterruptRequest() }
                guard try Operators.truth(test(frame), at: location) else { break }
                let flow = try body(frame)
                if flow == .breakLoop { break }
                if flow == .returned { return flow }
            }
            return .normal
        }
    }

    private func compileFor(_ name: String, _ sequence: Expression, _ block: Block, at offset: Offset) -> Execute {
        let flag = runtime.interruptFlag
        // A range is counted through, never made into a list.
        if case .range(let lowExpression, let highExpression, let rangeOffset) = sequence {
            let low = compile(lowExpression), high = compile(highExpression)
            let location = self.location(rangeOffset)
            let (slot, body) = withScope { (declareLocal(name), compileBlock(block)) }
            return { frame in
                let (first, last) = try Operators.rangeBounds(low(frame), high(frame), at: location)
                guard first <= last else { return .normal }
                var i = first
                while true {
                    if flag.pointee != 0 { throw InterruptRequest() }
                    frame.slots[slot] = .int(i)
                    let flow = try body(frame)
                    if flow == .breakLoop { break }
                    if flow == .returned { return flow }
                    if i == last { break }
                    i += 1
                }
                return .normal
            }
        }
        let items = compile(sequence)
        let location = self.location(sequence.offset)
        let (slot, body) = withScope { (declareLocal(name), compileBlock(block)) }
        return { frame in
            let value = try items(frame)
            let elements: [Value]
            switch value {
            case .list(let list): elements = list
            case .string(let text): elements = Compiler.nonEmptyLines(text).map { .string($0) }
            default:
                throw RuntimeError("type error: cannot loop over \(value.typeName) (need a list, a range or a string)",
                                   at: location)
            }
            for element in elements {
                if flag.pointee != 0 { throw InterruptRequest() }
                frame.slots[slot] = element
                let flow = try body(frame)
                if flow == .breakLoop { break }
                if flow == .returned { return flow }
            }
            return .normal
        }
    }

    /// The lines of `text` that are not empty (CRLF endings accepted).
    static func nonEmptyLines(_ text: String) -> [String] {
        text.utf8.split(separator: 10).compactMap { line in
            let trimmed = line.last == 13 ? line.dropLast() : line[...]
            return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
        }
    }

    private func compileFunction(_ name: String, _ parameters: [String], _ block: Block) -> CompiledFunction {
        let saved = (scopes, nextSlot, frameSize)
        scopes = [[:]]
        nextSlot = 0
        frameSize = 0
        for parameter in parameters { _ = declareLocal(parameter) }
        let body = compileBlock(block)
        let function = CompiledFunction(name: name, parameters: parameters, frameSize: frameSize, body: body)
        (scopes, nextSlot, frameSize) = saved
        return function
    }

    private func compileTry(_ block: Block, errorName: String, handler: Block) -> Execute {
        let body = compileBlock(block)
        let (errorSlot, handlerBody) = withScope {
            (declareLocal(errorName), compileStatements(handler.statements))
        }
        unowned(unsafe) let runtime = self.runtime
        return { frame in
            do {
                return try body(frame)
            } catch let error as RuntimeError {
                runtime.lastStatus = error.status
                frame.slots[errorSlot] = .string(error.message)
                return try handlerBody(frame)
            }
        }
    }

    private func compileAssert(_ condition: Expression, message: Expression?, at offset: Offset) -> Execute {
        let test = compile(condition)
        let text = message.map(compile)
        let conditionLocation = location(condition.offset), location = self.location(offset)
        return { frame in
            if try Operators.truth(test(frame), at: conditionLocation) { return .normal }
            let detail = try text.map { ": " + (try $0(frame)).text } ?? ""
            throw RuntimeError("assertion failed" + detail, at: location)
        }
    }
}
