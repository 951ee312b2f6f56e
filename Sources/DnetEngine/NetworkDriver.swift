/// The network drivers dnet knows, with Docker's errors for the others.
enum NetworkDriver: String {
    case bridge, host, null, macvlan, ipvlan

    init(_ name: String) throws {
        if name == "overlay" {
            throw EngineError.invalid("the overlay driver needs multi-host support, which dnet does not have yet: use bridge or macvlan")
        }
        guard let driver = NetworkDriver(rawValue: name) else {
            throw EngineError.notFound("plugin \"\(name)\" not found")
        }
        self = driver
    }

    /// macvlan and ipvlan put containers' interfaces on a parent link instead of a bridge.
    var isSublink: Bool { self == .macvlan || self == .ipvlan }
}
