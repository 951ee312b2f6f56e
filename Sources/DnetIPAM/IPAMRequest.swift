/// The IPAM options of `network create` (`--subnet`, `--ip-range`, `--gateway`,
/// `--aux-address`), checked as Docker checks them and grouped per subnet.
///
/// Each ip-range, gateway and aux-address joins the subnet that contains it, whatever the
/// order on the command line. The checks and texts are the docker CLI's (`no matching subnet
/// for gateway X`, …, origin `.client`) then the daemon's (`Invalid subnet X : …`).
public struct IPAMRequest: Hashable, Sendable {
    /// One entry per `--subnet`: IPv4 entries first, then IPv6, each in command-line order.
    public let configs: [IPAMConfig]

    /// Validates the raw option values; `auxAddresses` are `name=ip` strings.
    public init(subnets: [String] = [], ipRanges: [String] = [], gateways: [String] = [],
                auxAddresses: [String] = []) throws {
        func client(_ message: String) -> IPAMError { IPAMError(message, origin: .client) }

        if subnets.count < ipRanges.count || subnets.count < gateways.count {
            throw client("every ip-range or gateway must have a corresponding subnet")
        }
        // `data` lies in `subnet` (a CIDR's address as written, or a plain address)?
        func matches(_ subnet: String, _ data: String) throws -> Bool {
            guard let s = try? CIDR.parse(subnet) else {
                throw client("invalid subnet: invalid CIDR address: \(subnet)")
            }
            if data.contains("/") {
                guard let d = try? CIDR.parse(data) else { throw client("invalid CIDR address: \(data)") }
                return s.contains(d.address)
            }
            return IPAddress(data).map(s.contains) ?? false
        }

        var ranges: [String: String] = [:], gatewayBySubnet: [String: String] = [:]
        var aux: [String: [String: String]] = [:]
        var accepted: [String] = []
        for subnet in subnets {
            for earlier in accepted where try matches(subnet, earlier) || matches(earlier, subnet) {
                throw client("multiple overlapping subnet configuration is not supported")
            }
            accepted.append(subnet)
        }
        for range in ipRanges {
            var matched = false
            for subnet in subnets where try matches(subnet, range) {
                if let other = ranges[subnet] {
                    throw client("cannot configure multiple ranges (\(range), \(other)) on the same subnet (\(subnet))")
                }
                ranges[subnet] = range
                matched = true
            }
            if !matched { throw client("no matching subnet for range \(range)") }
        }
        for gateway in gateways {
            var matched = false
            for subnet in subnets where try matches(subnet, gateway) {
                if let other = gatewayBySubnet[subnet] {
                    throw client("cannot configure multiple gateways (\(gateway), \(other)) for the same subnet (\(subnet))")
                }
                gatewayBySubnet[subnet] = gateway
                matched = true
            }
            if !matched { throw client("no matching subnet for gateway \(gateway)") }
        }
        // Docker keeps aux-addresses in a map: a repeated name keeps the last address.
        var auxByName: [String: String] = [:]
        for item in auxAddresses {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            auxByName[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        for (name, address) in auxByName.sorted(by: { $0.key < $1.key }) {
            // An aux-address is a plain address: a CIDR form is not one.
            let matching = address.contains("/") ? [] : try subnets.filter { try matches($0, address) }
            guard !matching.isEmpty else { throw client("no matching subnet for aux-address \(address)") }
            for subnet in matching { aux[subnet, default: [:]][name] = address }
        }

        // Daemon side: every subnet is parsed before any other field is looked at.
        let parsed = try subnets.map { text -> CIDR in
            guard let subnet = try? CIDR.parse(text) else {
                throw IPAMError("Invalid subnet \(text) : invalid CIDR address: \(text)")
            }
            return subnet
        }
        var v4: [IPAMConfig] = [], v6: [IPAMConfig] = []
        for (subnetText, subnet) in zip(subnets, parsed) {
            var config = IPAMConfig(subnet: subnet)
            if let range = ranges[subnetText] { config.ipRange = try CIDR.parse(range) }
            if let gateway = gatewayBySubnet[subnetText] {
                guard let address = IPAddress(gateway) else {
                    throw IPAMError("invalid gateway address \(gateway) in Ipam configuration")
                }
                config.gateway = address
            }
            config.auxiliaryAddresses = (aux[subnetText] ?? [:]).mapValues { IPAddress($0)! }
            if subnet.family == .ipv4 { v4.append(config) } else { v6.append(config) }
        }
        configs = v4 + v6
    }

    /// True when a `--subnet` of `family` was given.
    public func hasSubnet(_ family: IPAddress.Family) -> Bool {
        configs.contains { $0.family == family }
    }
}
