import Foundation
import DnetIPAM

/// The engine's settings: Docker's daemon settings, with Docker's names and defaults.
/// They come from daemon.json, then `dnet` flags, then `engine` statements at run time.
public struct EngineSettings: Codable, Equatable {
    /// `-b/--bridge`: an existing bridge to use as the default bridge, `none` for none;
    /// nil for dnet's own `dnet0`.
    public var bridge: String?
    /// `--bip`: the default bridge's address with its prefix (`172.17.0.1/16`).
    public var bip: String?
    /// `--fixed-cidr`: the sub-range of the default bridge that containers get addresses from.
    public var fixedCIDR: String?
    public var icc = true
    public var ipForward = true
    public var iptables = true
    public var ipMasq = true
    /// `--mtu`: the MTU of the default bridge and of containers' interfaces on it.
    public var mtu = 1500
    public var dns: [String] = []
    public var dnsSearch: [String] = []
    public var defaultAddressPools: [DefaultAddressPool] = []
    /// `hosts` in daemon.json: the sockets `dnet daemon` listens on.
    public var hosts: [String] = []

    public init() {}

    /// The kernel name of the default bridge, or nil with `-b none`.
    public var defaultBridgeName: String? {
        switch bridge {
        case nil: return "dnet0"
        case "none": return nil
        case let name?: return name
        }
    }

    /// The pools networks without `--subnet` take subnets from.
    public var addressPools: [DefaultAddressPool] {
        defaultAddressPools.isEmpty ? DefaultAddressPool.dockerDefaults : defaultAddressPools
    }

    /// Checks each value and the combinations Docker refuses, with Docker's texts.
    public func validate() throws {
        if bridge != nil && bip != nil {
            throw EngineError.invalid("You specified -b & --bip, mutually exclusive options. Please specify only one")
        }
        if let bridge, bridge != "none", !NetworkName.isValidInterfaceName(bridge) {
            throw EngineError.invalid("invalid bridge name \(bridge): at most 15 characters, no '/' or whitespace")
        }
        if let bip {
            let cidr: CIDR
            do { cidr = try CIDR.parse(bip) } catch { throw EngineError.invalid("invalid bip: \(bip): \(error)") }
            guard cidr.family == .ipv4 else { throw EngineError.invalid("invalid bip: \(bip): not an IPv4 address") }
            if cidr.isNetworkAddress && cidr.prefixLength < 31 {
                throw EngineError.invalid("invalid bip: \(bip): it is the network address; give the bridge's own address, e.g. \(try cidr.host(1))/\(cidr.prefixLength)")
            }
        }
        if let fixedCIDR {
            do { _ = try CIDR.parse(fixedCIDR) } catch {
                throw EngineError.invalid("invalid fixed-cidr: \(fixedCIDR): \(error)")
            }
        }
        guard (68...65535).contains(mtu) else {
            throw EngineError.invalid("invalid mtu: \(mtu): must be between 68 and 65535")
        }
        for server in dns where IPAddress(server) == nil {
            throw EngineError.invalid("\(server) is not an ip address")
        }
        for domain in dnsSearch where !Self.isValidSearchDomain(domain) {
            throw EngineError.invalid("\(domain) is not a valid domain")
        }
    }

    static func isValidSearchDomain(_ domain: String) -> Bool {
        if domain == "." { return true }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return !domain.isEmpty && domain.count <= 255 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
    }
}

extension EngineSettings {
    /// The daemon.json keys dnet understands, as Docker spells them.
    public static let configKeys = ["bip", "bridge", "default-address-pools", "dns", "dns-search",
                                    "fixed-cidr", "hosts", "icc", "ip-forward", "ip-masq", "iptables", "mtu"]

    /// Applies a daemon.json document; unknown keys and wrong types are errors, as in Docker.
    public mutating func apply(configFile data: Data, path: String) throws {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw EngineError.invalid("unable to configure the Docker daemon with file \(path): invalid JSON: \(error.localizedDescription)")
        }
        guard let config = object as? [String: Any] else {
            throw EngineError.invalid("unable to configure the Docker daemon with file \(path): the top level must be an object")
        }
        func fail(_ key: String, _ expected: String) -> EngineError {
            EngineError.invalid("unable to configure the Docker daemon with file \(path): \(key) must be \(expected)")
        }
        for (key, value) in config.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "bip", "bridge", "fixed-cidr":
                guard let text = value as? String else { throw fail(key, "a string") }
                if key == "bip" { bip = text } else if key == "bridge" { bridge = text } else { fixedCIDR = text }
            case "icc", "ip-forward", "ip-masq", "iptables":
                guard let flag = value as? Bool else { throw fail(key, "true or false") }
                switch key {
                case "icc": icc = flag
                case "ip-forward": ipForward = flag
                case "ip-masq": ipMasq = flag
                default: iptables = flag
                }
            case "mtu":
                guard let number = value as? Int else { throw fail(key, "a number") }
                mtu = number
            case "dns", "dns-search", "hosts":
                guard let list = value as? [String] else { throw fail(key, "a list of strings") }
                if key == "dns" { dns = list } else if key == "dns-search" { dnsSearch = list } else { hosts = list }
            case "default-address-pools":
                guard let list = value as? [[String: Any]] else { throw fail(key, "a list of {\"base\": CIDR, \"size\": N}") }
                defaultAddressPools = try list.map { entry in
                    guard let base = entry["base"] as? String, let size = entry["size"] as? Int else {
                        throw fail(key, "a list of {\"base\": CIDR, \"size\": N}")
                    }
                    do { return try DefaultAddressPool(base: CIDR.parse(base), size: size) } catch {
                        throw EngineError.invalid("invalid default-address-pools entry base=\(base),size=\(size): \(error)")
                    }
                }
            default:
                throw EngineError.invalid("unable to configure the Docker daemon with file \(path): the following directives don't match any configuration option: \(key)")
            }
        }
    }

    /// The settings as daemon.json would hold them (what `engine` prints).
    public var configDocument: String {
        var lines: [String] = []
        func quoted(_ s: String) -> String {
            let data = try! JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
        func list(_ xs: [String]) -> String { "[" + xs.map(quoted).joined(separator: ", ") + "]" }
        lines.append("\"bip\": " + (bip.map(quoted) ?? "null"))
        lines.append("\"bridge\": " + quoted(bridge ?? "dnet0"))
        let pools = defaultAddressPools.map { "{\"base\": \(quoted($0.base.description)), \"size\": \($0.size)}" }
        lines.append("\"default-address-pools\": [" + pools.joined(separator: ", ") + "]")
        lines.append("\"dns\": " + list(dns))
        lines.append("\"dns-search\": " + list(dnsSearch))
        lines.append("\"fixed-cidr\": " + (fixedCIDR.map(quoted) ?? "null"))
        lines.append("\"hosts\": " + list(hosts))
        lines.append("\"icc\": \(icc)")
        lines.append("\"ip-forward\": \(ipForward)")
        lines.append("\"ip-masq\": \(ipMasq)")
        lines.append("\"iptables\": \(iptables)")
        lines.append("\"mtu\": \(mtu)")
        return "{\n" + lines.map { "    " + $0 }.joined(separator: ",\n") + "\n}\n"
    }
}
