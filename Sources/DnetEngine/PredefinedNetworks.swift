import DnetIPAM
import DnetKernel

/// `bridge`, `host` and `none`: created on the engine's first start, and the default bridge
/// kept in line with the settings (`--bip`, `-b`, `--fixed-cidr`, `--mtu`, `--icc`, `--ip-masq`).
struct PredefinedNetworks {
    let engine: Engine
    let transaction: StoreTransaction
    let plan: KernelPlan

    func ensure() throws {
        let networks = try transaction.networks()
        for (name, driver) in [("host", "host"), ("none", "null")]
        where !networks.contains(where: { $0.isPredefined && $0.driver == driver }) {
            try transaction.put(NetworkRecord(
                id: Identifiers.randomID(), name: name, driver: driver, created: Identifiers.now(),
                ipamOptions: nil, addresses: try NetworkAddresses(configs: []), isPredefined: true))
        }
        try ensureDefaultBridge(existing: networks.first { $0.isDefaultBridge }, all: networks)
    }

    private func ensureDefaultBridge(existing: NetworkRecord?, all networks: [NetworkRecord]) throws {
        let settings = engine.settings
        guard let bridgeName = settings.defaultBridgeName else {
            if let existing { try replace(existing, with: nil) }
            return
        }
        let external = settings.bridge != nil
        // Only `-b`'s bridge is looked at (a dump of every link costs ~15 ms with 1,000 containers).
        let link = external ? try engine.backend.links(in: .host).first { $0.name == bridgeName } : nil
        if external {
            guard let link, link.kind == "bridge" else {
                throw EngineError.invalid("bridge \(bridgeName) given with -b does not exist or is not a bridge: create it first (ip link add \(bridgeName) type bridge)")
            }
        }
        let others = networks.filter { !$0.isDefaultBridge }
        let gateway = try defaultBridgeAddress(existing: existing, link: external ? link : nil, others: others)
        var config = IPAMConfig(subnet: gateway.network, gateway: gateway.address)
        if let fixed = settings.fixedCIDR {
            let range = try CIDR.parse(fixed)
            guard config.subnet.contains(range.network.address), range.prefixLength >= config.subnet.prefixLength else {
                throw EngineError.invalid("fixed-cidr \(fixed) is not inside the default bridge's subnet \(config.subnet)")
            }
            config.ipRange = range.network
        }
        if let overlap = others.first(where: { $0.addresses.allSubnets.contains { $0.overlaps(config.subnet) } }) {
            throw EngineError.invalid("the default bridge's subnet \(config.subnet) overlaps network \(overlap.name)")
        }
        var desired = NetworkRecord(
            id: existing?.id ?? Identifiers.randomID(), name: "bridge", driver: "bridge",
            created: existing?.created ?? Identifiers.now(), ipamOptions: nil,
            addresses: try NetworkAddresses(configs: [config]),
            options: [
                BridgeOptions.defaultBridge: "true",
                BridgeOptions.enableICC: String(settings.icc),
                BridgeOptions.enableIPMasquerade: String(settings.ipMasq),
                BridgeOptions.hostBindingIPv4: "0.0.0.0",
                BridgeOptions.name: bridgeName,
                BridgeOptions.mtu: String(settings.mtu),
            ],
            bridgeName: bridgeName, mtu: settings.mtu, isPredefined: true, isExternalBridge: external)
        if let existing {
            desired.addresses = existing.addresses.reconfigured(to: desired.addresses) ?? desired.addresses
            if existing.sameKernelSide(as: desired) {
                if existing != desired { try transaction.put(desired) }
                return
            }
        }
        try replace(existing, with: desired)
    }

    /// The default bridge's address: `--bip`; the address an external `-b` bridge already
    /// has; the address it had; or the first pool subnet that nothing on the host uses.
    private func defaultBridgeAddress(existing: NetworkRecord?, link: LinkInfo?, others: [NetworkRecord]) throws -> CIDR {
        if let bip = engine.settings.bip { return try CIDR.parse(bip) }
        if let link, let address = link.addresses.first(where: { $0.family == .ipv4 }) { return address }
        if let existing, existing.bridgeName == engine.settings.defaultBridgeName,
           existing.isExternalBridge == (link != nil), let current = existing.gatewayPrefixes.first {
            return current
        }
        let avoid = try engine.hostPrefixes(excluding: others + (existing.map { [$0] } ?? []))
            + others.flatMap { $0.addresses.allSubnets }
        let subnet: CIDR
        do {
            subnet = try AddressPools(engine.settings.addressPools).firstAvailable(.ipv4, avoiding: avoid)
        } catch let error as IPAMError {
            throw EngineError.invalid("no subnet for the default bridge: \(error.message); give one with --bip")
        }
        return try CIDR(address: subnet.host(1), prefixLength: subnet.prefixLength)
    }

    /// Replaces the default bridge (its kernel side too), refusing while containers use it.
    private func replace(_ old: NetworkRecord?, with new: NetworkRecord?) throws {
        if let old {
            let endpoints = try transaction.endpoints(of: old.id)
            if !endpoints.isEmpty {
                throw EngineError.conflict("cannot change the default bridge (--bip, -b, --fixed-cidr, --mtu) while \(endpoints.count) container(s) use it: remove them first")
            }
            try engine.deleteKernelSide(of: old, plan: plan)
            transaction.delete(NetworkRecord.self, old.id)
        }
        guard let new else { return }
        if new.isExternalBridge {
            // Someone else's bridge: add the gateway address if it lacks one, nothing more.
            let link = try engine.backend.links(in: .host).first { $0.name == new.bridgeName }
            for prefix in new.gatewayPrefixes where !(link?.addresses.contains(prefix) ?? false) {
                try plan.apply(.addAddress(prefix, link: new.bridgeName!, namespace: .host))
            }
        } else {
            try engine.createBridge(for: new, plan: plan)
        }
        try transaction.put(new)
    }
}

extension NetworkRecord {
    /// Same device, MTU and addresses: no kernel work needed to go from one to the other.
    func sameKernelSide(as other: NetworkRecord) -> Bool {
        bridgeName == other.bridgeName && mtu == other.mtu && isExternalBridge == other.isExternalBridge
            && gatewayPrefixes == other.gatewayPrefixes
            && addresses.dockerConfig == other.addresses.dockerConfig
    }
}

extension NetworkAddresses {
    /// Keeps the allocations when the configuration is unchanged.
    func reconfigured(to other: NetworkAddresses) -> NetworkAddresses? {
        dockerConfig == other.dockerConfig ? self : nil
    }
}
