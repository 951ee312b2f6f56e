/// A command that could not do its job: the message is printed as
/// `path:line:col: error: message` by the interpreter, and `status` becomes `$?`.
public struct CommandFailure: Error, Equatable {
    public var message: String
    public var status: Int32

    public init(_ message: String, status: Int32 = 1) {
        self.message = message
        self.status = status
    }
}
