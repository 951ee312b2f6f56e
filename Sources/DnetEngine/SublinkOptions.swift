/// The `-o` options the macvlan and ipvlan drivers honour, checked with Docker's texts.
struct SublinkOptions: Equatable {
    /// `-o parent=IFACE`: the host link the containers' interfaces sit on.
    var parent: String?
    /// `-o macvlan_mode=` (`bridge` by default) or `-o ipvlan_mode=` (`l2` by default).
    var mode: String

    init(_ options: [String: String], driver: NetworkDriver) throws {
        parent = options["parent"]
        switch driver {
        case .ipvlan:
            mode = options["ipvlan_mode"].flatMap { $0.isEmpty ? nil : $0 } ?? "l2"
            guard ["l2", "l3", "l3s"].contains(mode) else {
                throw EngineError.invalid("requested ipvlan mode '\(mode)' is not valid, 'l2' mode is the ipvlan driver default")
            }
        default:
            mode = options["macvlan_mode"].flatMap { $0.isEmpty ? nil : $0 } ?? "bridge"
            guard ["bridge", "private", "vepa", "passthru"].contains(mode) else {
                throw EngineError.invalid("requested macvlan mode '\(mode)' is not valid, 'bridge' mode is the macvlan driver default")
            }
        }
    }
}
