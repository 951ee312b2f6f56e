import DnetCommandKit
import DnetEngine
import DnetIPAM

/// Docker's daemon flags for the engine's settings, shared by `dnet`'s own command line
/// and the `engine` statement.
public enum EngineFlags {
    public static let options: [OptionSpec] = [
        OptionSpec(["-b", "--bridge"], value: "string", "Attach containers to a network bridge (\"none\" for no default bridge)"),
        OptionSpec(["--bip"], value: "string", "Specify network bridge IP"),
        OptionSpec(["--default-address-pool"], value: "pool-options", "Default address pools for node specific local networks"),
        OptionSpec(["--dns"], value: "list", "DNS server to use"),
        OptionSpec(["--dns-search"], value: "list", "DNS search domains to use"),
        OptionSpec(["--fixed-cidr"], value: "string", "IPv4 subnet for fixed IPs"),
        OptionSpec(["--icc"], "Enable inter-container communication (default true)"),
        OptionSpec(["--ip-forward"], "Enable net.ipv4.ip_forward (default true)"),
        OptionSpec(["--ip-masq"], "Enable IP masquerading (default true)"),
        OptionSpec(["--iptables"], "Enable addition of firewall rules (default true)"),
        OptionSpec(["--mtu"], value: "int", "Set the containers network MTU (default 1500)"),
    ]

    /// The names of the flags above, for telling them apart from other words.
    public static func isEngineFlag(_ word: String) -> Bool {
        let name = String(word.prefix { $0 != "=" })
        return options.contains { $0.names.contains(name) }
    }

    /// Whether `word` (an engine flag) takes its value from the next word.
    public static func takesSeparateValue(_ word: String) -> Bool {
        guard !word.contains("=") else { return false }
        return options.first { $0.names.contains(word) }?.takesValue ?? false
    }

    /// Applies the flags that were given to `settings`.
    public static func apply(_ flags: ParsedFlags, to settings: inout EngineSettings) throws {
        if let value = flags.value("bridge") { settings.bridge = value }
        if let value = flags.value("bip") { settings.bip = value }
        if let value = flags.value("fixed-cidr") { settings.fixedCIDR = value }
        if let value = flags.bool("icc") { settings.icc = value }
        if let value = flags.bool("ip-forward") { settings.ipForward = value }
        if let value = flags.bool("ip-masq") { settings.ipMasq = value }
        if let value = flags.bool("iptables") { settings.iptables = value }
        if let text = flags.value("mtu") {
            guard let mtu = Int(text) else {
                throw CommandFailure("invalid argument \"\(text)\" for \"--mtu\" flag: strconv.ParseInt: parsing \"\(text)\": invalid syntax", status: 125)
            }
            settings.mtu = mtu
        }
        if flags.isSet("dns") { settings.dns = NetworkCreate.list(flags.values("dns")) }
        if flags.isSet("dns-search") { settings.dnsSearch = NetworkCreate.list(flags.values("dns-search")) }
        if flags.isSet("default-address-pool") {
            settings.defaultAddressPools = try flags.values("default-address-pool").map { value in
                do { return try DefaultAddressPool.parse(value) } catch let error as IPAMError {
                    throw CommandFailure("invalid argument \"\(value)\" for \"--default-address-pool\" flag: \(error.message)", status: 125)
                }
            }
        }
    }
}
