/// JSON encoding that matches Go's encoding/json byte for byte: struct fields in declaration
/// order, map keys sorted, Go's string escaping and float formatting.
///
/// Docker's `json` template function and the daemon's API both turn HTML escaping off
/// (`SetEscapeHTML(false)`), so `<`, `>` and `&` stay as they are by default; U+2028 and
/// U+2029 are always escaped, as Go does.
public enum GoJSON {
    /// Go's `json: unsupported value: NaN` and the like.
    public struct UnsupportedValue: Error, CustomStringConvertible {
        public let description: String
    }

    /// Compact JSON, as Go's `json.Marshal`.
    public static func encode(_ value: TemplateValue, escapeHTML: Bool = false) throws -> String {
        var out = ""
        try write(value, indent: nil, depth: 0, escapeHTML: escapeHTML, to: &out)
        return out
    }

    /// Indented JSON, as Go's `json.MarshalIndent(v, "", indent)`; Docker's `inspect` uses four spaces.
    public static func encodeIndented(_ value: TemplateValue, indent: String = "    ", escapeHTML: Bool = false) throws -> String {
        var out = ""
        try write(value, indent: indent, depth: 0, escapeHTML: escapeHTML, to: &out)
        return out
    }

    private static func newline(_ indent: String?, _ depth: Int, _ out: inout String) {
        guard let indent else { return }
        out.append("\n")
        for _ in 0..<depth { out += indent }
    }

    private static func write(_ value: TemplateValue, indent: String?, depth: Int, escapeHTML: Bool, to out: inout String) throws {
        switch value {
        case .string(let s):
            writeString(s, escapeHTML: escapeHTML, to: &out)
        case .int(let n):
            out += String(n)
        case .float(let f):
            guard f.isFinite else {
                throw UnsupportedValue(description: "json: unsupported value: " + GoFloatFormat.format(f, "g", precision: -1))
            }
            out += GoFloatFormat.json(f)
        case .bool(let b):
            out += b ? "true" : "false"
        case .null:
            out += "null"
        case .list(let elements):
            if elements.isEmpty {
                out += "[]"
                return
            }
            out.append("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(",") }
                newline(indent, depth + 1, &out)
                try write(element, indent: indent, depth: depth + 1, escapeHTML: escapeHTML, to: &out)
            }
            newline(indent, depth, &out)
            out.append("]")
        case .structure(let s):
            let fields = s.omitEmpty.isEmpty ? s.fields : s.fields.filter { !(s.omitEmpty.contains($0.name) && $0.value.isJSONEmpty) }
            try writeObject(fields.lazy.map { ($0.name, $0.value) }, isEmpty: fields.isEmpty,
                            indent: indent, depth: depth, escapeHTML: escapeHTML, to: &out)
        case .map(let map):
            try writeObject(map.sortedKeys.lazy.map { ($0, map.entries[$0]!) }, isEmpty: map.entries.isEmpty,
                            indent: indent, depth: depth, escapeHTML: escapeHTML, to: &out)
        case .object(let object):
            try write(object.base, indent: indent, depth: depth, escapeHTML: escapeHTML, to: &out)
        }
    }

    private static func writeObject<S: Sequence>(_ members: S, isEmpty: Bool, indent: String?, depth: Int,
                                                 escapeHTML: Bool, to out: inout String) throws
        where S.Element == (String, TemplateValue) {
        if isEmpty {
            out += "{}"
            return
        }
        out.append("{")
        var first = true
        for (key, value) in members {
            if !first { out.append(",") }
            first = false
            newline(indent, depth + 1, &out)
            writeString(key, escapeHTML: escapeHTML, to: &out)
            out += indent == nil ? ":" : ": "
            try write(value, indent: indent, depth: depth + 1, escapeHTML: escapeHTML, to: &out)
        }
        newline(indent, depth, &out)
        out.append("}")
    }

    private static let hexDigits = Array("0123456789abcdef")

    /// `s` as a JSON string, quoted as Go's encoder quotes it.
    public static func quote(_ s: String, escapeHTML: Bool = false) -> String {
        var out = ""
        writeString(s, escapeHTML: escapeHTML, to: &out)
        return out
    }

    static func writeString(_ s: String, escapeHTML: Bool, to out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || (escapeHTML && (scalar == "<" || scalar == ">" || scalar == "&")) {
                    out += "\\u00" + String(hexDigits[Int(scalar.value >> 4)]) + String(hexDigits[Int(scalar.value & 0xF)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}

extension TemplateValue {
    /// Go's `omitempty` test: false, 0, "", nil, and empty lists and maps.
    var isJSONEmpty: Bool {
        switch self {
        case .string(let s): return s.isEmpty
        case .int(let i): return i == 0
        case .float(let f): return f == 0
        case .bool(let b): return !b
        case .null: return true
        case .list(let l): return l.isEmpty
        case .map(let m): return m.entries.isEmpty
        case .structure, .object: return false
        }
    }
}
