import DnetCommandKit
import DnetCommands

/// The `filters` query parameter as Docker encodes it (`{"name":{"n1":true}}`, or the older
/// `{"name":["n1"]}`), turned into the `KEY=VALUE` filters of the local commands.
enum FilterQuery {
    /// The spec whose name appears should a filter ever lack its `=` (it never does here).
    private static let spec = CommandSpec(name: "filters", usage: "", summary: "")

    static func filters(_ query: String?) throws -> Filters {
        try Filters(pairs(query), option: "filters", spec, path: [])
    }

    static func pairs(_ query: String?) throws -> [String] {
        guard let query, !query.isEmpty else { return [] }
        let document: JSONValue
        do { document = try JSONValue.parse(Array(query.utf8)) } catch let error as JSONValue.ParseError {
            throw APIError.badRequest("invalid filters: \(error.message)")
        }
        guard case .object(let keys) = document else {
            throw APIError.badRequest("invalid filters: expected a JSON object, got \(document.typeName)")
        }
        var pairs: [String] = []
        for (key, values) in keys {
            switch values {
            case .object(let set):
                for (value, enabled) in set {
                    guard case .bool(let on) = enabled else {
                        throw APIError.badRequest("invalid filters: the value of \(key)=\(value) must be true or false")
                    }
                    if on { pairs.append("\(key)=\(value)") }
                }
            case .array(let list):
                for item in list {
                    guard case .string(let value) = item else {
                        throw APIError.badRequest("invalid filters: the values of \(key) must be strings")
                    }
                    pairs.append("\(key)=\(value)")
                }
            default:
                throw APIError.badRequest("invalid filters: the values of \(key) must be an object or a list")
            }
        }
        return pairs
    }
}
