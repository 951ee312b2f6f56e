/// `x = x + e` on a string or list appends in place instead of copying `x` each time, so
/// building a list or a text in a loop stays linear.
extension Compiler {
    /// The in-place form of `name = name + operand`, or nil when the statement is not of that shape
    /// or `operand` could observe or change `name` mid-way (a user function call or a `$(…)`).
    func compileAppend(_ name: String, _ expression: Expression, at offset: Offset) -> Execute? {
        guard case .chain(.variable(let read, _), let rest) = expression, read == name, rest.count == 1,
              rest[0].0 == .add, Compiler.isPure(rest[0].1) else { return nil }
        let operand = compile(rest[0].1)
        let location = self.location(rest[0].2)
        switch resolve(name) {
        case .local(let slot):
            return { frame in
                let addition = try operand(frame)
                let cell = frame.slots + slot
                try Compiler.append(addition, to: cell, at: location)
                return .normal
            }
        case .global(let cell):
            let assignLocation = self.location(offset)
            return { frame in
                guard cell.pointee != nil else {
                    throw RuntimeError("assignment to undeclared variable '\(name)' (declare it with 'let')",
                                       at: assignLocation)
                }
                let addition = try operand(frame)
                var value = cell.move()!
                defer { cell.initialize(to: value) }
                try Compiler.append(addition, to: &value, at: location)
                return .normal
            }
        }
    }

    static func append(_ addition: Value, to cell: UnsafeMutablePointer<Value>, at location: Location) throws {
        var value = cell.move()
        defer { cell.initialize(to: value) }
        try append(addition, to: &value, at: location)
    }

    /// `value = value + addition`, mutating the payload while it is uniquely referenced.
    static func append(_ addition: Value, to value: inout Value, at location: Location) throws {
        if case .string(let t) = addition, case .string(var s) = value {
            value = .empty   // drop the enum's reference so `s` is the only one
            s.append(t)
            value = .string(s)
        } else if case .list(let more) = addition, case .list(var items) = value {
            value = .empty
            items.append(contentsOf: more)
            value = .list(items)
        } else {
            value = try Operators.apply(.add, value, addition, at: location)
        }
    }

    /// True when evaluating `e` cannot run user code or commands.
    static func isPure(_ e: Expression) -> Bool {
        switch e {
        case .int, .bool, .variable, .status: return true
        case .string(let parts, _):
            return parts.allSatisfy {
                if case .interpolation(let inner) = $0 { return isPure(inner) }
                return true
            }
        case .list(let items, _): return items.allSatisfy(isPure)
        case .unary(_, let x, _): return isPure(x)
        case .chain(let first, let rest): return isPure(first) && rest.allSatisfy { isPure($0.1) }
        case .range(let a, let b, _), .index(let a, let b, _): return isPure(a) && isPure(b)
        case .call(let name, let arguments, _): return BuiltinFunction(rawValue: name) != nil && arguments.allSatisfy(isPure)
        case .capture: return false
        }
    }
}
