/// A template that does not parse or fails while running, with Go's message text, e.g.
/// `template: :1: unexpected "}" in operand` or
/// `template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"`.
///
/// Docker prints these behind `template parsing error: ` (see `DockerFormat`).
public struct TemplateError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The template text is malformed; nothing was run.
        case parse
        /// Running the template on some data failed.
        case execution
    }

    public let kind: Kind
    /// Go's message, starting with `template: `.
    public let message: String

    public var description: String { message }

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
