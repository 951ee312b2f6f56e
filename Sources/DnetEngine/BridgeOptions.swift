import DnetIPAM

/// The `-o` options the bridge driver honours, parsed with Docker's error texts.
struct BridgeOptions {
    static let name = "com.docker.network.bridge.name"
    static let enableICC = "com.docker.network.bridge.enable_icc"
    static let enableIPMasquerade = "com.docker.network.bridge.enable_ip_masquerade"
    static let hostBindingIPv4 = "com.docker.network.bridge.host_binding_ipv4"
    static let mtu = "com.docker.network.driver.mtu"
    static let defaultBridge = "com.docker.network.bridge.default_bridge"
    static let enableIPv6 = "com.docker.network.enable_ipv6"

    var bridgeName: String?
    var mtu: Int?
    var enableICC = true
    var enableIPMasquerade = true
    var hostBindingIPv4: IPAddress?

    init(_ options: [String: String]) throws {
        if let name = options[Self.name] {
            guard NetworkName.isValidInterfaceName(name) else {
                throw EngineError.invalid("invalid bridge name \"\(name)\": a kernel interface name is 1 to 15 characters without '/', ':' or spaces")
            }
            bridgeName = name
        }
        if let text = options[Self.mtu] {
            let value = try Self.integer(text, Self.mtu)
            if value < 0 { throw EngineError.invalid("invalid MTU number: \(value)") }
            // Docker takes 0 for the default.
            if value != 0 {
                guard (68...65535).contains(value) else {
                    throw EngineError.invalid("invalid \(Self.mtu) value: \(value): a bridge's MTU is between 68 and 65535")
                }
                mtu = value
            }
        }
        enableICC = try Self.bool(options, Self.enableICC) ?? true
        enableIPMasquerade = try Self.bool(options, Self.enableIPMasquerade) ?? true
        _ = try Self.bool(options, Self.enableIPv6)
        _ = try Self.bool(options, Self.defaultBridge)
        if let text = options[Self.hostBindingIPv4] {
            // Go's net.ParseIP: either family.
            guard let address = IPAddress(text) else {
                throw Self.parseError(Self.hostBindingIPv4, text, "nil ip")
            }
            hostBindingIPv4 = address
        }
    }

    /// Go's `strconv.Atoi`, with its error texts.
    static func integer(_ text: String, _ key: String) throws -> Int {
        if let value = Int(text) { return value }
        let digits = text.drop { $0 == "+" || $0 == "-" }
        let reason = !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) && text.count - digits.count <= 1
            ? "value out of range" : "invalid syntax"
        throw parseError(key, text, "strconv.Atoi: parsing \"\(text)\": \(reason)")
    }

    /// Go's `strconv.ParseBool`, with its error text.
    static func bool(_ options: [String: String], _ key: String) throws -> Bool? {
        guard let text = options[key] else { return nil }
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False": return false
        default:
            throw parseError(key, text, "strconv.ParseBool: parsing \"\(text)\": invalid syntax")
        }
    }

    /// libnetwork's `parseErr`.
    static func parseError(_ key: String, _ value: String, _ reason: String) -> EngineError {
        EngineError.invalid("failed to parse \(key) value: \(value) (\(reason))")
    }
}
