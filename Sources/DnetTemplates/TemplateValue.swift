/// A value a template runs on: the subset of Go's data model that Docker's `--format` templates see.
///
/// Structs keep their fields in declaration order (Go prints and JSON-encodes them that way);
/// maps have string keys and are printed, ranged and JSON-encoded in sorted key order, as Go does.
public indirect enum TemplateValue: Sendable {
    case string(String)
    case int(Int)
    case float(Double)
    case bool(Bool)
    /// A Go nil; the kind decides how it prints (see `NilKind`). JSON encodes every kind as `null`.
    case null(NilKind)
    case list([TemplateValue])
    case structure(TemplateStruct)
    case map(TemplateMap)
    /// A value with methods that take string arguments, such as `{{.Label "k"}}` on `network ls` rows.
    case object(TemplateObject)
}

/// Which Go nil a `.null` stands for. Go prints each differently.
public enum NilKind: Sendable, Equatable {
    /// No value at all (Go's invalid `reflect.Value`): what a missing map key gives. Prints `<no value>`.
    case missing
    /// A nil interface, such as JSON `null` decoded into `interface{}`: `{{.X}}` prints `<no value>`,
    /// `print` and lists print `<nil>`, and `{{.X.Y}}` fails with `nil pointer evaluating interface {}.Y`.
    case interface
    /// A nil pointer to the named type (e.g. `*network.EndpointIPAMConfig`): prints `<nil>`.
    case pointer(String)
    /// A nil slice: prints `[]`, has length 0.
    case slice
    /// A nil map: prints `map[]`, has length 0.
    case map
}

/// A Go struct: named fields in declaration order.
public struct TemplateStruct: Sendable {
    /// The Go type name used in error messages, e.g. `types.NetworkResource`.
    public var typeName: String
    public var fields: [(name: String, value: TemplateValue)]
    /// Fields tagged `omitempty`: JSON leaves them out when they hold their zero value.
    public var omitEmpty: Set<String>

    public init(typeName: String = "struct", fields: [(name: String, value: TemplateValue)], omitEmpty: Set<String> = []) {
        self.typeName = typeName
        self.fields = fields
        self.omitEmpty = omitEmpty
    }

    /// The value of the named field, if the struct has it.
    public func field(_ name: String) -> TemplateValue? {
        for field in fields where field.name == name { return field.value }
        return nil
    }
}

/// A Go map with string keys.
public struct TemplateMap: Sendable {
    public var entries: [String: TemplateValue]
    /// What `index` returns for a missing key: the zero value of the element type
    /// (`""` for `map[string]string`, a nil interface for `map[string]interface{}`).
    public var zeroValue: TemplateValue
    /// The Go type name used in error messages.
    public var typeName: String

    public init(_ entries: [String: TemplateValue], zeroValue: TemplateValue = .null(.interface),
                typeName: String = "map[string]interface {}") {
        self.entries = entries
        self.zeroValue = zeroValue
        self.typeName = typeName
    }

    /// A `map[string]string`, as Docker's labels and options are.
    public init(strings: [String: String]) {
        self.init(strings.mapValues { TemplateValue.string($0) }, zeroValue: .string(""), typeName: "map[string]string")
    }

    /// Keys in Go's order: byte-wise ascending.
    public var sortedKeys: [String] { entries.keys.sorted(by: goStringLess) }
}

/// A method callable from a template, e.g. `Label` in `{{.Label "team"}}`.
public struct TemplateMethod: Sendable {
    /// How many string arguments it takes.
    public let arity: Int
    public let call: @Sendable ([String]) throws -> TemplateValue

    public init(arity: Int, _ call: @escaping @Sendable ([String]) throws -> TemplateValue) {
        self.arity = arity
        self.call = call
    }
}

/// A value with methods, like the pointers to Docker's formatter contexts (`*formatter.networkContext`):
/// `{{.X}}` calls the method X if there is one, else reads field or key X of `base`, and a name
/// that is neither is an error (`can't evaluate field X in type *formatter.networkContext`).
/// `base` (a struct or map) is also what prints and what `json` encodes, as Docker's contexts
/// marshal themselves (a map base gives sorted keys, like theirs).
public struct TemplateObject: Sendable {
    public var typeName: String
    public var base: TemplateValue
    public var methods: [String: TemplateMethod]

    public init(typeName: String, base: TemplateValue, methods: [String: TemplateMethod]) {
        self.typeName = typeName
        self.base = base
        self.methods = methods
    }

    /// The field or key `name` of `base`.
    public func field(_ name: String) -> TemplateValue? {
        switch base {
        case .structure(let s): return s.field(name)
        case .map(let m): return m.entries[name]
        default: return nil
        }
    }

    /// The type name without the pointer star, as Go names the struct it points to.
    var pointeeTypeName: String { typeName.hasPrefix("*") ? String(typeName.dropFirst()) : typeName }
}

/// Go compares strings byte by byte; Swift's `<` compares by Unicode canonical order.
func goStringLess(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

extension TemplateValue {
    /// A `[]string`.
    public static func strings(_ values: [String]) -> TemplateValue { .list(values.map { .string($0) }) }

    /// A `map[string]string`.
    public static func stringMap(_ values: [String: String]) -> TemplateValue { .map(TemplateMap(strings: values)) }

    /// A struct from ordered fields.
    public static func fields(_ fields: [(String, TemplateValue)], typeName: String = "struct") -> TemplateValue {
        .structure(TemplateStruct(typeName: typeName, fields: fields.map { (name: $0.0, value: $0.1) }))
    }

    /// The Go type name of the value, as Go's error messages show it.
    public var goTypeName: String {
        switch self {
        case .string: return "string"
        case .int: return "int"
        case .float: return "float64"
        case .bool: return "bool"
        case .null(let kind):
            switch kind {
            case .missing: return "<nil>"
            case .interface: return "interface {}"
            case .pointer(let name): return name
            case .slice: return "[]interface {}"
            case .map: return "map[string]interface {}"
            }
        case .list(let elements):
            if !elements.isEmpty, elements.allSatisfy({ if case .string = $0 { return true } else { return false } }) {
                return "[]string"
            }
            return "[]interface {}"
        case .structure(let s): return s.typeName
        case .map(let m): return m.typeName
        case .object(let o): return o.typeName
        }
    }

    /// Go's invalid value: what a missing map key evaluates to.
    var isMissing: Bool {
        if case .null(.missing) = self { return true }
        return false
    }

    /// Missing or a nil interface: what Go's `indirectInterface` turns into an invalid value,
    /// and what `fmt` receives as a plain `nil`.
    var isUntypedNil: Bool {
        switch self {
        case .null(.missing), .null(.interface): return true
        default: return false
        }
    }
}
