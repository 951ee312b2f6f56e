import DnetEngine

/// The engine, made on the first command that needs it, so that `dnet -c 'echo hi'` never
/// opens the store or a netlink socket.
public final class EngineHandle {
    private let factory: () throws -> Engine
    private var engine: Engine?

    public init(_ factory: @escaping () throws -> Engine) { self.factory = factory }

    public func get() throws -> Engine {
        if let engine { return engine }
        let made = try factory()
        engine = made
        return made
    }

    /// The engine if one was made already (for completion, which must not start one).
    public var existing: Engine? { engine }
}
