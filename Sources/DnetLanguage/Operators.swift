/// What the binary and unary operators do, with their errors. The compiler inlines the
/// integer cases; these handle everything, including the errors.
enum Operators {
    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: Location) throws -> Value {
        switch op {
        case .add:
            switch (a, b) {
            case (.int(let x), .int(let y)): return .int(try checked(x.addingReportingOverflow(y), x, "+", y, location))
            case (.string(let x), .string(let y)): return .string(x + y)
            case (.list(let x), .list(let y)): return .list(x + y)
            default: throw typeError(op, a, b, location)
            }
        case .subtract, .multiply, .divide, .remainder:
            guard case .int(let x) = a, case .int(let y) = b else { throw typeError(op, a, b, location) }
            return .int(try arithmetic(op, x, y, at: location))
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less, .lessEqual, .greater, .greaterEqual:
            return .bool(try compare(op, a, b, at: location))
        case .and, .or:
            guard case .bool(let x) = a, case .bool(let y) = b else {
                throw RuntimeError("type error: '\(op.rawValue)' needs bools, got \(a.typeName) and \(b.typeName)",
                                   at: location)
            }
            return .bool(op == .and ? x && y : x || y)
        }
    }

    static func arithmetic(_ op: BinaryOperator, _ x: Int, _ y: Int, at location: Location) throws -> Int {
        switch op {
        case .add: return try checked(x.addingReportingOverflow(y), x, "+", y, location)
        case .subtract: return try checked(x.subtractingReportingOverflow(y), x, "-", y, location)
        case .multiply: return try checked(x.multipliedReportingOverflow(by: y), x, "*", y, location)
        case .divide, .remainder:
            if y == 0 { throw RuntimeError("division by zero", at: location) }
            // Swift's / and % truncate toward zero; only Int.min / -1 overflows.
            return op == .divide
                ? try checked(x.dividedReportingOverflow(by: y), x, "/", y, location)
                : try checked(x.remainderReportingOverflow(dividingBy: y), x, "%", y, location)
        default:
            preconditionFailure("not an arithmetic operator: \(op)")
        }
    }

    @inline(__always)
    static func checked(_ result: (partialValue: Int, overflow: Bool), _ x: Int, _ symbol: String, _ y: Int,
                        _ location: Location) throws -> Int {
        if result.overflow { throw RuntimeError("integer overflow: \(x) \(symbol) \(y)", at: location) }
        return result.partialValue
    }

    /// Ordering is defined for two ints or two strings; anything else is a type error.
    static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: Location) throws -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return ordered(op, x, y)
        case (.string(let x), .string(let y)): return ordered(op, x, y)
        default:
            throw RuntimeError("type error: cannot compare \(a.typeName) and \(b.typeName) with '\(op.rawValue)'",
                               at: location)
        }
    }

    @inline(__always)
    static func ordered<T: Comparable>(_ op: BinaryOperator, _ x: T, _ y: T) -> Bool {
        switch op {
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        default: return x >= y
        }
    }

    static func typeError(_ op: BinaryOperator, _ a: Value, _ b: Value, _ location: Location) -> RuntimeError {
        RuntimeError("type error: cannot apply '\(op.rawValue)' to \(a.typeName) and \(b.typeName)", at: location)
    }

    static func negate(_ v: Value, at location: Location) throws -> Value {
        guard case .int(let x) = v else {
            throw RuntimeError("type error: cannot apply '-' to \(v.typeName)", at: location)
        }
        return .int(try checked((0).subtractingReportingOverflow(x), 0, "-", x, location))
    }

    static func not(_ v: Value, at location: Location) throws -> Value {
        guard case .bool(let x) = v else {
            throw RuntimeError("type error: cannot apply '!' to \(v.typeName)", at: location)
        }
        return .bool(!x)
    }

    /// `xs[i]` and `s[i]` (by character); negative indexes count from the end.
    static func index(_ base: Value, _ index: Value, at location: Location) throws -> Value {
        guard case .int(let i) = index else {
            throw RuntimeError("type error: an index must be an int, got \(index.typeName)", at: location)
        }
        switch base {
        case .list(let items):
            let at = i < 0 ? items.count + i : i
            guard at >= 0 && at < items.count else {
                throw RuntimeError("index \(i) out of range (the list has \(items.count) element\(items.count == 1 ? "" : "s"))",
                                   at: location)
            }
            return items[at]
        case .string(let s):
            let count = s.count
            let at = i < 0 ? count + i : i
            guard at >= 0 && at < count else {
                throw RuntimeError("index \(i) out of range (the string has \(count) character\(count == 1 ? "" : "s"))",
                                   at: location)
            }
            return .string(String(s[s.index(s.startIndex, offsetBy: at)]))
        default:
            throw RuntimeError("type error: cannot index \(base.typeName)", at: location)
        }
    }

    static let maxRangeLength = 10_000_000

    /// `a..b` as a list (inclusive; empty when b < a).
    static func range(_ a: Value, _ b: Value, at location: Location) throws -> Value {
        let (low, high) = try rangeBounds(a, b, at: location)
        guard low <= high else { return .list([]) }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, span < maxRangeLength else {
            throw RuntimeError("range \(low)..\(high) is too long to make a list (use it in 'for' directly)",
                               at: location)
        }
        return .list((low...high).map { .int($0) })
    }

    static func rangeBounds(_ a: Value, _ b: Value, at location: Location) throws -> (Int, Int) {
        guard case .int(let low) = a, case .int(let high) = b else {
            throw RuntimeError("type error: range bounds must be ints, got \(a.typeName) and \(b.typeName)",
                               at: location)
        }
        return (low, high)
    }

    /// A condition's value: only a bool will do.
    @inline(__always)
    static func truth(_ v: Value, at location: Location) throws -> Bool {
        if case .bool(let b) = v { return b }
        throw RuntimeError("type error: a condition must be a bool, got \(v.typeName)", at: location)
    }
}
