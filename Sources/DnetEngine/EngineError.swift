/// An engine failure with Docker's message text and the HTTP status Docker's daemon
/// answers it with (the daemon mode uses it; local commands print the message).
public struct EngineError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Equatable {
        /// 400: the request is malformed or invalid.
        case invalid
        /// 403: the operation is not permitted (predefined networks).
        case forbidden
        /// 404: no such network or container.
        case notFound
        /// 409: conflicts with the current state (name taken, endpoints active).
        case conflict
        /// 500: the kernel or the store failed.
        case system
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func invalid(_ message: String) -> EngineError { EngineError(.invalid, message) }
    public static func forbidden(_ message: String) -> EngineError { EngineError(.forbidden, message) }
    public static func notFound(_ message: String) -> EngineError { EngineError(.notFound, message) }
    public static func conflict(_ message: String) -> EngineError { EngineError(.conflict, message) }
    public static func system(_ message: String) -> EngineError { EngineError(.system, message) }

    public var httpStatus: Int {
        switch kind {
        case .invalid: return 400
        case .forbidden: return 403
        case .notFound: return 404
        case .conflict: return 409
        case .system: return 500
        }
    }

    public var description: String { message }
}
