/// A dnet value. Lists are Swift arrays (copy on write), so passing one around copies nothing.
enum Value: Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([Value])

    static let empty = Value.string("")

    var typeName: String {
        switch self {
        case .string: return "string"
        case .int: return "int"
        case .bool: return "bool"
        case .list: return "list"
        }
    }

    /// The text of a value as a word or inside a string: lists join with single spaces.
    var text: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .list(let items):
            var out = ""
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(" ") }
                out.append(item.text)
            }
            return out
        }
    }

    /// Appends the value's text without building an intermediate string for ints and strings.
    func append(to out: inout String) {
        switch self {
        case .string(let s): out.append(s)
        case .int(let i): out.append(String(i))
        case .bool(let b): out.append(b ? "true" : "false")
        case .list: out.append(text)
        }
    }

    /// Values of different types are never equal.
    static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.list(let x), .list(let y)): return x == y
        default: return false
        }
    }
}
