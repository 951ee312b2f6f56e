import DnetCommandKit
import DnetEngine

/// A request the API answers with an error status and Docker's `{"message": …}` body.
struct APIError: Error {
    var status: Int
    var message: String

    init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    static func badRequest(_ message: String) -> APIError { APIError(400, message) }

    /// Any error of a handler as the API shows it: engine errors with their own status,
    /// command-layer failures (bad filters and the like) as 400, anything else as 500.
    static func from(_ error: Error) -> APIError {
        switch error {
        case let api as APIError: return api
        case let engine as EngineError: return APIError(engine.httpStatus, engine.message)
        case let failure as CommandFailure: return APIError(400, failure.message)
        case let parse as JSONValue.ParseError: return APIError(400, parse.message)
        default: return APIError(500, String(describing: error))
        }
    }

    var response: HTTPResponse { .error(status, message) }
}

/// Typed, strict access to a JSON object of a request body: wrong types and unknown fields
/// are refused with Go's texts. Field names match case-insensitively, as Go's decoder does.
struct JSONFields {
    private let members: [(String, JSONValue)]
    /// The Go type the object decodes into, for error texts (`NetworkCreateRequest`).
    let typeName: String

    /// `value` must be an object (null is an empty one) whose keys are all in `allowed` (any
    /// key when nil: a map, or a struct whose other fields `refuseOthers` checks).
    init(_ value: JSONValue, typeName: String, allowed: [String]?) throws {
        self.typeName = typeName
        switch value {
        case .null: members = []
        case .object(let list): members = list
        default:
            throw APIError.badRequest("json: cannot unmarshal \(value.typeName) into Go value of type \(typeName)")
        }
        guard let allowed else { return }
        let known = Set(allowed.map { $0.lowercased() })
        if let unknown = members.first(where: { !known.contains($0.0.lowercased()) }) {
            throw APIError.badRequest("json: unknown field \"\(unknown.0)\"")
        }
    }

    /// The keys, in order.
    var keys: [String] { members.map(\.0) }

    /// Refuses a field outside `handled` that holds anything but its zero value: a setting
    /// dnet cannot honour is an error, not something silently dropped.
    /// `unset` names the fields whose "not set" is another value than zero (-1 for
    /// `MemorySwappiness`).
    func refuseOthers(except handled: Set<String>, unset: [String: JSONValue] = [:], prefix: String) throws {
        let known = Set(handled.map { $0.lowercased() })
        if let (name, _) = members.first(where: { name, value in
            !known.contains(name.lowercased()) && !value.isZero && unset[name] != value
        }) {
            throw APIError.badRequest("dnet does not support \(prefix)\(name): its containers are network namespaces running a host program")
        }
    }

    /// The value of `name`; nil when absent or null.
    func value(_ name: String) -> JSONValue? {
        let key = name.lowercased()
        guard let member = members.last(where: { $0.0.lowercased() == key }) else { return nil }
        if case .null = member.1 { return nil }
        return member.1
    }

    private func mismatch(_ value: JSONValue, _ name: String, _ type: String) -> APIError {
        .badRequest("json: cannot unmarshal \(value.typeName) into Go struct field \(typeName).\(name) of type \(type)")
    }

    func string(_ name: String) throws -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let text) = value else { throw mismatch(value, name, "string") }
        return text
    }

    /// The string, nil when absent or empty (Docker's "not set").
    func nonEmptyString(_ name: String) throws -> String? {
        try string(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    func bool(_ name: String) throws -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else { throw mismatch(value, name, "bool") }
        return flag
    }

    func int(_ name: String) throws -> Int? {
        guard let value = value(name) else { return nil }
        guard case .number(let number) = value, number == number.rounded(), abs(number) < 1e15 else {
            throw mismatch(value, name, "int")
        }
        return Int(number)
    }

    func stringList(_ name: String) throws -> [String]? {
        guard let value = value(name) else { return nil }
        guard case .array(let elements) = value else { throw mismatch(value, name, "[]string") }
        return try elements.map { element in
            guard case .string(let text) = element else { throw mismatch(element, name, "string") }
            return text
        }
    }

    func stringMap(_ name: String) throws -> [String: String]? {
        guard let value = value(name) else { return nil }
        guard case .object(let entries) = value else { throw mismatch(value, name, "map[string]string") }
        var result: [String: String] = [:]
        for (key, element) in entries {
            guard case .string(let text) = element else { throw mismatch(element, name, "string") }
            result[key] = text
        }
        return result
    }

    func object(_ name: String, typeName: String, allowed: [String]?) throws -> JSONFields? {
        guard let value = value(name) else { return nil }
        guard case .object = value else { throw mismatch(value, name, typeName) }
        return try JSONFields(value, typeName: typeName, allowed: allowed)
    }

    func array(_ name: String, elementType: String) throws -> [JSONValue]? {
        guard let value = value(name) else { return nil }
        guard case .array(let elements) = value else { throw mismatch(value, name, "[]" + elementType) }
        return elements
    }
}
