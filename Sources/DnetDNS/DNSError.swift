/// A failure of the embedded DNS server or its controller, with a message a user can act on.
public struct DNSError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
