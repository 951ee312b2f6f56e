extension Compiler {
    func compile(_ expression: Expression) -> Evaluate {
        switch expression {
        case .int(let i, _):
            let value = Value.int(i)
            return { _ in value }
        case .bool(let b, _):
            let value = Value.bool(b)
            return { _ in value }
        case .string(let parts, _):
            return compileInterpolation(parts)
        case .variable(let name, let offset):
            switch resolve(name) {
            case .local(let slot):
                return { frame in frame.slots[slot] }
            case .global(let cell):
                let location = self.location(offset)
                return { _ in
                    if let value = cell.pointee { return value }
                    throw RuntimeError("undefined variable '\(name)'", at: location)
                }
            }
        case .status:
            unowned(unsafe) let runtime = self.runtime
            return { _ in .int(Int(runtime.lastStatus)) }
        case .list(let items, _):
            let elements = items.map(compile)
            return { frame in
                var list: [Value] = []
                list.reserveCapacity(elements.count)
                for element in elements { list.append(try element(frame)) }
                return .list(list)
            }
        case .unary(let op, let operand, let offset):
            let value = compile(operand)
            let location = self.location(offset)
            switch op {
            case .negate: return { frame in try Operators.negate(value(frame), at: location) }
            case .not: return { frame in try Operators.not(value(frame), at: location) }
            }
        case .chain(let first, let rest):
            return compileChain(first, rest)
        case .range(let low, let high, let offset):
            let lowValue = compile(low), highValue = compile(high)
            let location = self.location(offset)
            return { frame in try Operators.range(lowValue(frame), highValue(frame), at: location) }
        case .index(let base, let index, let offset):
            let baseValue = compile(base), indexValue = compile(index)
            let location = self.location(offset)
            return { frame in try Operators.index(baseValue(frame), indexValue(frame), at: location) }
        case .call(let name, let arguments, let offset):
            return compileCall(name, arguments, at: offset)
        case .capture(let statements, let offset):
            return compileCapture(statements, at: offset)
        }
    }

    /// A double-quoted string: literal text and interpolated values (lists joined by spaces).
    func compileInterpolation(_ parts: [StringPart]) -> Evaluate {
        enum Piece {
            case text(String)
            case value(Evaluate)
        }
        let pieces: [Piece] = parts.map {
            switch $0 {
            case .text(let t): return .text(t)
            case .interpolation(let e): return .value(compile(e))
            }
        }
        switch pieces.count {
        case 0:
            return { _ in .empty }
        case 1:
            switch pieces[0] {
            case .text(let t):
                let value = Value.string(t)
                return { _ in value }
            case .value(let e):
                return { frame in .string(try e(frame).text) }
            }
        case 2:
            if case .text(let prefix) = pieces[0], case .value(let e) = pieces[1] {
                return { frame in
                    var s = prefix
                    try e(frame).append(to: &s)
                    return .string(s)
                }
            }
        default:
            break
        }
        return { frame in
            var s = ""
            for piece in pieces {
                switch piece {
                case .text(let t): s.append(t)
                case .value(let e): try e(frame).append(to: &s)
                }
            }
            return .string(s)
        }
    }

    private func compileChain(_ first: Expression, _ rest: [(BinaryOperator, Expression, Offset)]) -> Evaluate {
        // Short chains (nearly all) nest binary closures; a long one on one line runs as a loop
        // so that evaluating it never recurses deeply.
        if rest.count <= 8 {
            var result = compile(first)
            for (op, operand, offset) in rest {
                result = binary(op, result, compile(operand), operand, at: location(offset))
            }
            return result
        }
        let head = compile(first)
        let tail = rest.map { (op: $0.0, value: compile($0.1), location: location($0.2)) }
        return { frame in
            var accumulator = try head(frame)
            for step in tail {
                switch step.op {
                case .and, .or:
                    guard case .bool(let b) = accumulator else {
                        throw RuntimeError("type error: '\(step.op.rawValue)' needs bools, got \(accumulator.typeName)",
                                           at: step.location)
                    }
                    if b == (step.op == .or) { continue }   // decided; the rest of this operator's run is skipped
                    let next = try step.value(frame)
                    guard case .bool = next else {
                        throw RuntimeError("type error: '\(step.op.rawValue)' needs bools, got \(next.typeName)",
                                           at: step.location)
                    }
                    accumulator = next
                default:
                    accumulator = try Operators.apply(step.op, accumulator, step.value(frame), at: step.location)
                }
            }
            return accumulator
        }
    }

    /// One binary operator, with the int case inline (the hot path of arithmetic loops).
    private func binary(_ op: BinaryOperator, _ left: @escaping Evaluate, _ right: @escaping Evaluate,
                        _ rightExpression: Expression, at location: Location) -> Evaluate {
        // A constant int on the right saves a call per evaluation: `i % 7`, `n > 1000`.
        if case .int(let k, _) = rightExpression, op != .and, op != .or {
            return binary(op, left, constant: k, at: location)
        }
        switch op {
        case .and, .or:
            let stopsAt = op == .or
            return { frame in
                let a = try left(frame)
                guard case .bool(let x) = a else {
                    throw RuntimeError("type error: '\(op.rawValue)' needs bools, got \(a.typeName)", at: location)
                }
                if x == stopsAt { return a }
                let b = try right(frame)
                guard case .bool = b else {
                    throw RuntimeError("type error: '\(op.rawValue)' needs bools, got \(b.typeName)", at: location)
                }
                return b
            }
        case .add:
            return { frame in
                let a = try left(frame), b = try right(frame)
                if case .int(let x) = a, case .int(let y) = b {
                    let (sum, overflow) = x.addingReportingOverflow(y)
                    if !overflow { return .int(sum) }
                }
                return try Operators.apply(.add, a, b, at: location)
            }
        case .subtract, .multiply, .divide, .remainder:
            return { frame in
                let a = try left(frame), b = try right(frame)
                if case .int(let x) = a, case .int(let y) = b {
                    return .int(try Operators.arithmetic(op, x, y, at: location))
                }
                return try Operators.apply(op, a, b, at: location)
            }
        case .equal:
            return { frame in .bool(try left(frame) == right(frame)) }
        case .notEqual:
            return { frame in .bool(try left(frame) != right(frame)) }
        case .less, .lessEqual, .greater, .greaterEqual:
            return { frame in
                let a = try left(frame), b = try right(frame)
                if case .int(let x) = a, case .int(let y) = b { return .bool(Operators.ordered(op, x, y)) }
                return .bool(try Operators.compare(op, a, b, at: location))
            }
        }
    }

    private func binary(_ op: BinaryOperator, _ left: @escaping Evaluate, constant k: Int,
                        at location: Location) -> Evaluate {
        let right = Value.int(k)
        switch op {
        case .add:
            return { frame in
                let a = try left(frame)
                if case .int(let x) = a {
                    let (sum, overflow) = x.addingReportingOverflow(k)
                    if !overflow { return .int(sum) }
                }
                return try Operators.apply(.add, a, right, at: location)
            }
        case .subtract, .multiply, .divide, .remainder:
            return { frame in
                let a = try left(frame)
                if case .int(let x) = a { return .int(try Operators.arithmetic(op, x, k, at: location)) }
                return try Operators.apply(op, a, right, at: location)
            }
        case .less, .lessEqual, .greater, .greaterEqual:
            return { frame in
                let a = try left(frame)
                if case .int(let x) = a { return .bool(Operators.ordered(op, x, k)) }
                return .bool(try Operators.compare(op, a, right, at: location))
            }
        case .equal:
            return { frame in
                if case .int(let x) = try left(frame) { return .bool(x == k) }
                return .bool(false)
            }
        case .notEqual:
            return { frame in
                if case .int(let x) = try left(frame) { return .bool(x != k) }
                return .bool(true)
            }
        case .and, .or:
            preconditionFailure("boolean operators have no constant-int form")
        }
    }

    private func compileCall(_ name: String, _ arguments: [Expression], at offset: Offset) -> Evaluate {
        let values = arguments.map(compile)
        let location = self.location(offset)
        unowned(unsafe) let runtime = self.runtime
        if let builtin = BuiltinFunction(rawValue: name) {
            return { frame in
                var list: [Value] = []
                list.reserveCapacity(values.count)
                for value in values { list.append(try value(frame)) }
                return try builtin.call(list, runtime: runtime, at: location)
            }
        }
        let slot = runtime.functionSlot(name)
        let count = values.count
        return { frame in
            guard let function = slot.function else { throw runtime.unknownFunction(name, at: location) }
            guard function.parameters.count == count else {
                throw runtime.arityError(name, expected: Runtime.plural(function.parameters.count, "argument"),
                                         got: count, at: location)
            }
            return try Frame.with(size: function.frameSize) { callee in
                for i in 0..<count { callee.slots[i] = try values[i](frame) }
                return try runtime.invoke(function, frame: callee, at: location)
            }
        }
    }

    /// `$(…)`: runs the statements with stdout captured; the text, trailing newlines removed.
    private func compileCapture(_ statements: [Statement], at offset: Offset) -> Evaluate {
        let body = withScope { compileStatements(statements) }
        let location = self.location(offset)
        unowned(unsafe) let runtime = self.runtime
        return { frame in
            try runtime.checkStack(location)
            let outer = runtime.context
            let inner = outer.capturing()
            runtime.context = inner
            defer { runtime.context = outer }
            _ = try body(frame)
            var text = inner.stdout.capturedText
            while text.unicodeScalars.last == "\n" { text.unicodeScalars.removeLast() }
            return .string(text)
        }
    }
}
