import DnetIPAM
import Glibc

/// The functions every expression can call.
enum BuiltinFunction: String, CaseIterable {
    case len, str, int, split, join, contains, env
    case cidr_host, cidr_subnet

    var arity: ClosedRange<Int> {
        switch self {
        case .len, .str, .int, .env: return 1...1
        case .split: return 1...2
        case .join, .contains, .cidr_host: return 2...2
        case .cidr_subnet: return 3...3
        }
    }

    var signature: String {
        switch self {
        case .len: return "len(list_or_string)"
        case .str: return "str(value)"
        case .int: return "int(value)"
        case .split: return "split(string[, separator])"
        case .join: return "join(list, separator)"
        case .contains: return "contains(list_or_string, value)"
        case .env: return "env(name)"
        case .cidr_host: return "cidr_host(cidr, n)"
        case .cidr_subnet: return "cidr_subnet(cidr, prefix_length, index)"
        }
    }

    var summary: String {
        switch self {
        case .len: return "Number of elements of a list, or of characters of a string"
        case .str: return "A value as text (a list joins with spaces)"
        case .int: return "An integer from a decimal string"
        case .split: return "Split a string on whitespace, or on a separator"
        case .join: return "Join a list's elements with a separator"
        case .contains: return "Whether a list has an element, or a string a substring"
        case .env: return "An environment variable (empty when unset)"
        case .cidr_host: return "The n-th address of a subnet: cidr_host(\"10.0.0.0/24\", 5) is \"10.0.0.5\""
        case .cidr_subnet: return "The index-th subnet of a prefix length: cidr_subnet(\"10.0.0.0/16\", 24, 3) is \"10.0.3.0/24\""
        }
    }

    func call(_ arguments: [Value], runtime: Runtime, at location: Location) throws -> Value {
        guard arity.contains(arguments.count) else {
            let expected = arity.count == 1 ? Runtime.plural(arity.lowerBound, "argument")
                : "\(arity.lowerBound) to \(arity.upperBound) arguments"
            throw runtime.arityError(rawValue, expected: expected, got: arguments.count, at: location)
        }
        func fail(_ message: String) -> RuntimeError { RuntimeError("\(rawValue)(): \(message)", at: location) }
        func typeError(_ what: String, _ value: Value) -> RuntimeError {
            RuntimeError("type error: \(rawValue)() needs \(what), got \(value.typeName)", at: location)
        }
        func string(_ i: Int, _ what: String = "a string") throws -> String {
            guard case .string(let s) = arguments[i] else { throw typeError(what, arguments[i]) }
            return s
        }
        func integer(_ i: Int) throws -> Int {
            guard case .int(let n) = arguments[i] else { throw typeError("an int", arguments[i]) }
            return n
        }

        switch self {
        case .len:
            switch arguments[0] {
            case .string(let s): return .int(s.count)
            case .list(let items): return .int(items.count)
            default: throw typeError("a list or a string", arguments[0])
            }
        case .str:
            return .string(arguments[0].text)
        case .int:
            switch arguments[0] {
            case .int: return arguments[0]
            case .string(let s):
                let trimmed = s.trimmingBlanks()
                guard let n = Int(trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed) else {
                    throw fail("not an integer: \"\(s)\"")
                }
                return .int(n)
            default: throw typeError("a string or an int", arguments[0])
            }
        case .split:
            let s = try string(0)
            if arguments.count == 1 {
                return .list(s.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) })
            }
            let separator = try string(1)
            guard !separator.isEmpty else { throw fail("the separator is empty") }
            return .list(s.split(separator: separator, omittingEmptySubsequences: false).map { .string(String($0)) })
        case .join:
            guard case .list(let items) = arguments[0] else { throw typeError("a list", arguments[0]) }
            let separator = try string(1, "a string separator")
            return .string(items.map(\.text).joined(separator: separator))
        case .contains:
            switch arguments[0] {
            case .list(let items): return .bool(items.contains(arguments[1]))
            case .string(let s):
                guard case .string(let part) = arguments[1] else {
                    throw typeError("a string to look for in a string", arguments[1])
                }
                return .bool(part.isEmpty || s.contains(part))
            default: throw typeError("a list or a string", arguments[0])
            }
        case .env:
            let name = try string(0)
            if let value = runtime.context.environment[name] { return .string(value) }
            return .string(getenv(name).map { String(cString: $0) } ?? "")
        case .cidr_host:
            let text = try string(0), n = try integer(1)
            do {
                return .string(try CIDR.parse(text).host(n).description)
            } catch let error as IPAMError {
                throw fail(error.message)
            }
        case .cidr_subnet:
            let text = try string(0), prefix = try integer(1), index = try integer(2)
            do {
                return .string(try CIDR.parse(text).subnet(prefixLength: prefix, index: index).description)
            } catch let error as IPAMError {
                throw fail(error.message)
            }
        }
    }
}

extension String {
    func trimmingBlanks() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
