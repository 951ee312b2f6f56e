/// `network create`'s options, as the command layer parsed them (not yet validated).
public struct NetworkCreateRequest: Equatable {
    public var name: String
    public var driver: String = "bridge"
    public var subnets: [String] = []
    public var ipRanges: [String] = []
    public var gateways: [String] = []
    /// `name=ip` strings.
    public var auxAddresses: [String] = []
    public var isInternal = false
    public var enableIPv6 = false
    public var isAttachable = false
    public var isIngress = false
    public var isConfigOnly = false
    public var configFrom: String?
    public var scope: String?
    public var labels: [String: String] = [:]
    public var options: [String: String] = [:]
    public var ipamDriver: String = "default"
    public var ipamOptions: [String: String] = [:]

    public init(name: String) { self.name = name }
}
