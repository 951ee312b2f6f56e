/// How JSON objects become template values.
public enum JSONObjectStyle: Sendable {
    /// Objects become structs that keep their key order (Docker's typed inspect data),
    /// except objects under a key in `mapKeys` (e.g. `Containers`, `Labels`, `Options`),
    /// which become maps: ranged and printed in sorted key order, as the Go maps they are.
    case structs(mapKeys: Set<String>)
    /// Every object becomes a `map[string]interface{}`, as Go's `json.Unmarshal` into
    /// `interface{}` does (Docker's raw fallback for inspect templates).
    case maps
}

/// A JSON syntax error with its byte offset.
public struct TemplateJSONError: Error, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

extension TemplateValue {
    /// Parses JSON into a template value. Integers become `.int`, other numbers `.float`,
    /// `null` a nil interface.
    public static func parseJSON(_ text: String, objects: JSONObjectStyle = .structs(mapKeys: [])) throws -> TemplateValue {
        var parser = JSONParser(bytes: Array(text.utf8), style: objects)
        parser.skipSpace()
        let value = try parser.parseValue(key: nil)
        parser.skipSpace()
        if parser.index != parser.bytes.count { throw parser.error("unexpected text after the value") }
        return value
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    let style: JSONObjectStyle
    var index = 0

    init(bytes: [UInt8], style: JSONObjectStyle) {
        self.bytes = bytes
        self.style = style
    }

    func error(_ reason: String) -> TemplateJSONError { TemplateJSONError(offset: index, reason: reason) }

    mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func parseValue(key: String?) throws -> TemplateValue {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(key: key)
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null(.interface)
        default: return try parseNumber()
        }
    }

    mutating func expectWord(_ word: String) throws {
        let w = Array(word.utf8)
        guard index + w.count <= bytes.count, Array(bytes[index..<(index + w.count)]) == w else {
            throw error("invalid literal")
        }
        index += w.count
    }

    mutating func parseObject(key: String?) throws -> TemplateValue {
        index += 1
        var members: [(name: String, value: TemplateValue)] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let name = try parseString()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
                index += 1
                skipSpace()
                members.append((name: name, value: try parseValue(key: name)))
                skipSpace()
                guard index < bytes.count else { throw error("unexpected end of input") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
                index += 1
                break
            }
        }
        switch style {
        case .maps:
            return .map(TemplateMap(Dictionary(members, uniquingKeysWith: { _, last in last })))
        case .structs(let mapKeys):
            if let key, mapKeys.contains(key) {
                let entries = Dictionary(members, uniquingKeysWith: { _, last in last })
                let allStrings = entries.values.allSatisfy { if case .string = $0 { return true } else { return false } }
                if allStrings && !entries.isEmpty {
                    return .map(TemplateMap(entries, zeroValue: .string(""), typeName: "map[string]string"))
                }
                return .map(TemplateMap(entries))
            }
            return .structure(TemplateStruct(fields: members))
        }
    }

    mutating func parseArray() throws -> TemplateValue {
        index += 1
        var elements: [TemplateValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .list(elements)
        }
        while true {
            skipSpace()
            elements.append(try parseValue(key: nil))
            skipSpace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
            index += 1
            return .list(elements)
        }
    }

    mutating func parseNumber() throws -> TemplateValue {
        let start = index
        var isInteger = true
        while index < bytes.count {
            let b = bytes[index]
            if (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") {
                index += 1
            } else if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                isInteger = false
                index += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let n = Int(text) { return .int(n) }
        guard !text.isEmpty, let f = Double(text) else {
            index = start
            throw error("invalid character")
        }
        return .float(f)
    }

    mutating func parseString() throws -> String {
        index += 1  // opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flushRun(_ parser: JSONParser, _ end: Int) {
            scalars.append(contentsOf: String(decoding: parser.bytes[runStart..<end], as: UTF8.self).unicodeScalars)
        }
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                flushRun(self, index)
                index += 1
                return String(scalars)
            }
            if b == UInt8(ascii: "\\") {
                flushRun(self, index)
                index += 1
                guard index < bytes.count else { throw error("unterminated string") }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if code >= 0xD800 && code < 0xDC00,
                       index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        let save = index
                        index += 2
                        let low = try parseHex4()
                        if low >= 0xDC00 && low < 0xE000 {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            index = save
                        }
                    }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default:
                    throw error("invalid escape")
                }
                runStart = index
                continue
            }
            index += 1
        }
    }

    mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("invalid \\u escape") }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape")
            }
            code = code * 16 + UInt32(digit)
            index += 1
        }
        return code
    }
}
