import Foundation

/// The Go type of a function parameter, which decides how an argument is checked.
enum ParameterType {
    /// `reflect.Value`: anything, including a missing value.
    case value
    /// `interface{}`: anything; a missing value becomes a nil interface.
    case any
    case string
    case int
    /// `[]string`
    case stringList

    var goName: String {
        switch self {
        case .value: return "reflect.Value"
        case .any: return "interface {}"
        case .string: return "string"
        case .int: return "int"
        case .stringList: return "[]string"
        }
    }
}

/// A failure inside a function; execution reports it as `error calling NAME: MESSAGE`.
struct FunctionError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A function callable from a template, with Go's signature for argument checking.
struct TemplateFunction {
    let parameters: [ParameterType]
    /// The element type of a trailing `...` parameter.
    let variadic: ParameterType?
    let body: ([TemplateValue]) throws -> TemplateValue

    init(_ parameters: [ParameterType], variadic: ParameterType? = nil, _ body: @escaping ([TemplateValue]) throws -> TemplateValue) {
        self.parameters = parameters
        self.variadic = variadic
        self.body = body
    }
}

/// Which functions a template runs with.
public enum TemplateFunctionSet: Sendable {
    /// Go's builtins and Docker's helpers (`json`, `join`, `split`, `upper`, `lower`, `title`, `pad`, `truncate`).
    case docker
    /// Docker's `HeaderFunctions`, used to render a table's header row: the helpers return
    /// their string argument unchanged so the header shows the column name.
    case dockerHeader
}

enum TemplateFunctions {
    /// Names known at parse time (Go checks that a called function exists when parsing).
    static let names: Set<String> = Set(builtins.keys).union(dockerHelpers.keys)

    static func table(_ set: TemplateFunctionSet) -> [String: TemplateFunction] {
        switch set {
        case .docker: return dockerTable
        case .dockerHeader: return headerTable
        }
    }

    private static let dockerTable: [String: TemplateFunction] = builtins.merging(dockerHelpers) { _, helper in helper }
    private static let headerTable: [String: TemplateFunction] = dockerTable.merging(headerHelpers) { _, helper in helper }

    // MARK: Go builtins

    private static let builtins: [String: TemplateFunction] = [
        // The first false (and) or true (or) argument, else the last. The executor short-circuits
        // them: arguments after the deciding one are not evaluated.
        "and": TemplateFunction([.value], variadic: .value) { args in args.first { !isTrue($0) } ?? args[args.count - 1] },
        "or": TemplateFunction([.value], variadic: .value) { args in args.first { isTrue($0) } ?? args[args.count - 1] },
        "not": TemplateFunction([.value]) { .bool(!isTrue($0[0])) },
        "len": TemplateFunction([.value]) { try length($0[0]) },
        "index": TemplateFunction([.value], variadic: .value) { try index($0[0], Array($0.dropFirst())) },
        "slice": TemplateFunction([.value], variadic: .value) { try slice($0[0], Array($0.dropFirst())) },
        "print": TemplateFunction([], variadic: .any) { .string(GoFormatter.sprint($0)) },
        "printf": TemplateFunction([.string], variadic: .any) { args in
            guard case .string(let format) = args[0] else { return .string("") }
            return .string(GoFormatter.sprintf(format, Array(args.dropFirst())))
        },
        "println": TemplateFunction([], variadic: .any) { .string(GoFormatter.sprintln($0)) },
        "html": TemplateFunction([], variadic: .any) { .string(htmlEscape(printedArguments($0))) },
        "js": TemplateFunction([], variadic: .any) { .string(jsEscape(printedArguments($0))) },
        "urlquery": TemplateFunction([], variadic: .any) { .string(urlQueryEscape(printedArguments($0))) },
        "call": TemplateFunction([.value], variadic: .value) { args in
            // Template values are never functions: Go's error for calling one that is not.
            if args[0].isUntypedNil { throw FunctionError("call of nil") }
            throw FunctionError("non-function of type \(args[0].goTypeName)")
        },
        "eq": TemplateFunction([.value], variadic: .value) { .bool(try equal($0[0], Array($0.dropFirst()))) },
        "ne": TemplateFunction([.value, .value]) { .bool(!(try equal($0[0], [$0[1]]))) },
        "lt": TemplateFunction([.value, .value]) { .bool(try less($0[0], $0[1])) },
        "le": TemplateFunction([.value, .value]) { .bool(try lessOrEqual($0[0], $0[1])) },
        "gt": TemplateFunction([.value, .value]) { .bool(!(try lessOrEqual($0[0], $0[1]))) },
        "ge": TemplateFunction([.value, .value]) { .bool(!(try less($0[0], $0[1]))) },
    ]

    // MARK: Docker's helpers (docker/cli templates.basicFunctions)

    private static let dockerHelpers: [String: TemplateFunction] = [
        // Docker encodes with SetEscapeHTML(false) and ignores encoding errors (prints nothing).
        "json": TemplateFunction([.any]) { .string((try? GoJSON.encode($0[0])) ?? "") },
        "split": TemplateFunction([.string, .string]) { .strings(goSplit(string($0[0]), string($0[1]))) },
        "join": TemplateFunction([.stringList, .string]) { args in
            .string(stringList(args[0]).joined(separator: string(args[1])))
        },
        "title": TemplateFunction([.string]) { .string(goTitle(string($0[0]))) },
        "lower": TemplateFunction([.string]) { .string(mapScalars(string($0[0])) { $0.properties.lowercaseMapping }) },
        "upper": TemplateFunction([.string]) { .string(mapScalars(string($0[0])) { $0.properties.uppercaseMapping }) },
        "pad": TemplateFunction([.string, .int, .int]) { args in
            let source = string(args[0])
            if source.isEmpty { return .string(source) }
            guard case .int(let prefix) = args[1], case .int(let suffix) = args[2], prefix >= 0, suffix >= 0 else {
                throw FunctionError("strings: negative Repeat count")
            }
            return .string(String(repeating: " ", count: prefix) + source + String(repeating: " ", count: suffix))
        },
        "truncate": TemplateFunction([.string, .int]) { args in
            let source = string(args[0])
            guard case .int(let length) = args[1] else { return .string(source) }
            let bytes = Array(source.utf8)
            if bytes.count < length { return .string(source) }
            guard length >= 0 else { throw FunctionError("runtime error: slice bounds out of range [:\(length)]") }
            return .string(String(decoding: bytes[..<length], as: UTF8.self))
        },
    ]

    /// docker/cli templates.HeaderFunctions: keep the header text as it is.
    private static let headerHelpers: [String: TemplateFunction] = [
        "json": TemplateFunction([.string]) { $0[0] },
        "split": TemplateFunction([.string, .string]) { $0[0] },
        "join": TemplateFunction([.string, .string]) { $0[0] },
        "title": TemplateFunction([.string]) { $0[0] },
        "lower": TemplateFunction([.string]) { $0[0] },
        "upper": TemplateFunction([.string]) { $0[0] },
        "truncate": TemplateFunction([.string, .int]) { $0[0] },
    ]

    // MARK: helpers

    private static func string(_ value: TemplateValue) -> String {
        if case .string(let s) = value { return s }
        return ""
    }

    private static func stringList(_ value: TemplateValue) -> [String] {
        guard case .list(let elements) = value else { return [] }
        return elements.map(string)
    }

    /// Go's truth: non-zero, non-empty, non-nil.
    static func isTrue(_ value: TemplateValue) -> Bool {
        switch value {
        case .string(let s): return !s.isEmpty
        case .int(let n): return n != 0
        case .float(let f): return f != 0
        case .bool(let b): return b
        case .null: return false
        case .list(let l): return !l.isEmpty
        case .map(let m): return !m.entries.isEmpty
        case .structure, .object: return true
        }
    }

    private static func length(_ value: TemplateValue) throws -> TemplateValue {
        switch value {
        case .null(.missing): throw FunctionError("reflect: call of reflect.Value.Type on zero Value")
        case .null(.pointer), .null(.interface): throw FunctionError("len of nil pointer")
        case .null(.slice), .null(.map): return .int(0)
        case .string(let s): return .int(s.utf8.count)
        case .list(let l): return .int(l.count)
        case .map(let m): return .int(m.entries.count)
        case .object(let o): throw FunctionError("len of type \(o.pointeeTypeName)")
        default: throw FunctionError("len of type \(value.goTypeName)")
        }
    }

    private static func indexArgument(_ index: TemplateValue, count: Int) throws -> Int {
        switch index {
        case .int(let x):
            if x < 0 || x > count { throw FunctionError("index out of range: \(x)") }
            return x
        case .null(.missing), .null(.interface):
            throw FunctionError("cannot index slice/array with nil")
        default:
            throw FunctionError("cannot index slice/array with type \(index.goTypeName)")
        }
    }

    private static func index(_ item: TemplateValue, _ indexes: [TemplateValue]) throws -> TemplateValue {
        var item = item
        if item.isUntypedNil { throw FunctionError("index of untyped nil") }
        for index in indexes {
            switch item {
            case .object(let o):
                throw FunctionError("can't index item of type \(o.pointeeTypeName)")
            case .null(.pointer), .null(.interface):
                throw FunctionError("index of nil pointer")
            case .list(let elements):
                let x = try indexArgument(index, count: elements.count)
                guard x < elements.count else { throw FunctionError("reflect: slice index out of range") }
                item = elements[x]
            case .null(.slice):
                _ = try indexArgument(index, count: 0)
                throw FunctionError("reflect: slice index out of range")
            case .string(let s):
                let bytes = Array(s.utf8)
                let x = try indexArgument(index, count: bytes.count)
                guard x < bytes.count else { throw FunctionError("reflect: string index out of range") }
                item = .int(Int(bytes[x]))
            case .map(let map):
                item = map.entries[try mapKey(index)] ?? map.zeroValue
            case .null(.map):
                _ = try mapKey(index)
                item = .null(.interface)
            default:
                throw FunctionError("can't index item of type \(item.goTypeName)")
            }
        }
        return item
    }

    private static func mapKey(_ index: TemplateValue) throws -> String {
        switch index {
        case .string(let key): return key
        case .null(.missing), .null(.interface): throw FunctionError("value is nil; should be of type string")
        default: throw FunctionError("value has type \(index.goTypeName); should be string")
        }
    }

    private static func slice(_ item: TemplateValue, _ indexes: [TemplateValue]) throws -> TemplateValue {
        if item.isUntypedNil { throw FunctionError("slice of untyped nil") }
        if indexes.count > 3 { throw FunctionError("too many slice indexes: \(indexes.count)") }
        let count: Int
        switch item {
        case .string(let s):
            if indexes.count == 3 { throw FunctionError("cannot 3-index slice a string") }
            count = s.utf8.count
        case .list(let l): count = l.count
        case .null(.slice): count = 0
        default: throw FunctionError("can't slice item of type \(item.goTypeName)")
        }
        var bounds = [0, count, count]
        for (i, index) in indexes.enumerated() { bounds[i] = try indexArgument(index, count: count) }
        if bounds[0] > bounds[1] { throw FunctionError("invalid slice index: \(bounds[0]) > \(bounds[1])") }
        if indexes.count == 3 && bounds[1] > bounds[2] {
            throw FunctionError("invalid slice index: \(bounds[1]) > \(bounds[2])")
        }
        switch item {
        case .string(let s): return .string(String(decoding: Array(s.utf8)[bounds[0]..<bounds[1]], as: UTF8.self))
        case .list(let l): return .list(Array(l[bounds[0]..<bounds[1]]))
        default: return item
        }
    }

    // MARK: comparison (Go's eq, lt and friends)

    private enum BasicKind { case bool, int, float, string, invalid }

    private static func basicKind(_ value: TemplateValue) -> BasicKind {
        switch value {
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .string: return .string
        default: return .invalid
        }
    }

    /// Go's reflect kind name, for "non-comparable types" messages.
    private static func reflectKind(_ value: TemplateValue) -> String {
        switch value {
        case .list, .null(.slice): return "slice"
        case .map, .null(.map): return "map"
        case .structure: return "struct"
        case .object, .null(.pointer): return "ptr"
        case .null(.interface), .null(.missing): return "invalid"
        default: return "basic"
        }
    }

    private static func isNil(_ value: TemplateValue) -> Bool {
        if case .null = value { return true }
        return false
    }

    private static func isComparable(_ value: TemplateValue) -> Bool {
        switch value {
        case .list, .map, .null(.slice), .null(.map): return false
        case .structure(let s): return s.fields.allSatisfy { isComparable($0.value) }
        default: return true
        }
    }

    private static func identical(_ a: TemplateValue, _ b: TemplateValue) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.null(let x), .null(let y)): return x == y
        case (.structure(let x), .structure(let y)):
            return x.typeName == y.typeName && x.fields.count == y.fields.count
                && zip(x.fields, y.fields).allSatisfy { $0.name == $1.name && identical($0.value, $1.value) }
        default: return false
        }
    }

    private static func equal(_ first: TemplateValue, _ others: [TemplateValue]) throws -> Bool {
        if others.isEmpty { throw FunctionError("missing argument for comparison") }
        let k1 = basicKind(first)
        for other in others {
            let k2 = basicKind(other)
            var truth = false
            if k1 != k2 {
                if !first.isUntypedNil && !other.isUntypedNil { throw FunctionError("incompatible types for comparison") }
            } else {
                switch (first, other) {
                case (.bool(let a), .bool(let b)): truth = a == b
                case (.int(let a), .int(let b)): truth = a == b
                case (.float(let a), .float(let b)): truth = a == b
                case (.string(let a), .string(let b)): truth = a == b
                default:
                    let kind1 = reflectKind(first), kind2 = reflectKind(other)
                    if kind1 != kind2 && kind1 != "invalid" && kind2 != "invalid" {
                        throw FunctionError("non-comparable types \(GoFormatter.sprintf("%s", [first])): \(first.goTypeName), \(other.goTypeName): \(GoFormatter.sprintf("%v", [other]))")
                    }
                    if isNil(first) || isNil(other) {
                        truth = isNil(first) == isNil(other)
                    } else {
                        if !isComparable(other) {
                            throw FunctionError("non-comparable type \(GoFormatter.sprintf("%s", [other])): \(other.goTypeName)")
                        }
                        truth = identical(first, other)
                    }
                }
            }
            if truth { return true }
        }
        return false
    }

    private static func less(_ a: TemplateValue, _ b: TemplateValue) throws -> Bool {
        let k1 = basicKind(a), k2 = basicKind(b)
        if k1 == .invalid || k2 == .invalid { throw FunctionError("invalid type for comparison") }
        if k1 != k2 { throw FunctionError("incompatible types for comparison") }
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.float(let x), .float(let y)): return x < y
        case (.string(let x), .string(let y)): return goStringLess(x, y)
        default: throw FunctionError("invalid type for comparison")
        }
    }

    private static func lessOrEqual(_ a: TemplateValue, _ b: TemplateValue) throws -> Bool {
        if try less(a, b) { return true }
        return try equal(a, [b])
    }

    // MARK: strings

    /// `strings.Split`: an empty separator splits into UTF-8 characters.
    private static func goSplit(_ s: String, _ separator: String) -> [String] {
        if separator.isEmpty { return s.unicodeScalars.map { String($0) } }
        var parts: [String] = []
        var rest = Substring(s)
        while let range = rest.range(of: separator, options: .literal) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    /// `strings.Title`: upper-cases the first letter of each word.
    private static func goTitle(_ s: String) -> String {
        var previous: Unicode.Scalar = " "
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if isTitleSeparator(previous) {
                let mapped = scalar.properties.titlecaseMapping.unicodeScalars
                if mapped.count == 1 { out.append(contentsOf: mapped) } else { out.append(scalar) }
            } else {
                out.append(scalar)
            }
            previous = scalar
        }
        return String(out)
    }

    private static func isTitleSeparator(_ r: Unicode.Scalar) -> Bool {
        if r.value <= 0x7F {
            if ("0"..."9").contains(r) || ("a"..."z").contains(r) || ("A"..."Z").contains(r) || r == "_" { return false }
            return true
        }
        if r.properties.isAlphabetic || r.properties.numericType != nil { return false }
        return r.properties.isWhitespace
    }

    /// Go maps case rune by rune (simple case mapping): a rune whose full mapping is
    /// several runes (ß → SS) stays as it is.
    private static func mapScalars(_ s: String, _ mapping: (Unicode.Scalar) -> String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            let mapped = mapping(scalar).unicodeScalars
            if mapped.count == 1 { out.append(contentsOf: mapped) } else { out.append(scalar) }
        }
        return String(out)
    }

    /// Go's evalArgs for html/js/urlquery: one string as is, else `fmt.Sprint`.
    private static func printedArguments(_ args: [TemplateValue]) -> String {
        if args.count == 1, case .string(let s) = args[0] { return s }
        return GoFormatter.sprint(args)
    }

    private static func htmlEscape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\0": out += "\u{FFFD}"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func jsEscape(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "<": out += "\\u003C"
            case ">": out += "\\u003E"
            case "&": out += "\\u0026"
            case "=": out += "\\u003D"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + String(hex[Int(scalar.value >> 4)]) + String(hex[Int(scalar.value & 0xF)])
                } else if scalar.value < 0x80 || GoQuote.isPrint(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    var h = String(scalar.value, radix: 16, uppercase: true)
                    if h.count < 4 { h = String(repeating: "0", count: 4 - h.count) + h }
                    out += "\\u" + h
                }
            }
        }
        return out
    }

    /// `url.QueryEscape`.
    private static func urlQueryEscape(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}
