import DnetEngine
import DnetIPAM
import DnetTemplates

/// How networks look to users: Docker's inspect JSON shape, and `network ls` rows.
public enum NetworkViews {
    /// Docker's `types.NetworkResource`, fields in Docker's order.
    public static func inspect(_ network: NetworkRecord, containers: TemplateValue = .map(TemplateMap([:]))) -> TemplateValue {
        let config: [TemplateValue] = network.addresses.dockerConfig.map(ipamConfig)
        let ipamOptions: TemplateValue = network.ipamOptions.map { .stringMap($0) } ?? .null(.map)
        return .structure(TemplateStruct(typeName: "types.NetworkResource", fields: [
            ("Name", .string(network.name)),
            ("Id", .string(network.id)),
            ("Created", .string(Identifiers.rfc3339(network.created))),
            ("Scope", .string(network.scope)),
            ("Driver", .string(network.driver)),
            ("EnableIPv6", .bool(network.enableIPv6)),
            ("IPAM", .structure(TemplateStruct(typeName: "network.IPAM", fields: [
                ("Driver", .string(network.ipamDriver)),
                ("Options", ipamOptions),
                ("Config", .list(config)),
            ]))),
            ("Internal", .bool(network.isInternal)),
            ("Attachable", .bool(network.isAttachable)),
            ("Ingress", .bool(false)),
            ("ConfigFrom", .structure(TemplateStruct(typeName: "network.ConfigReference", fields: [
                ("Network", .string("")),
            ]))),
            ("ConfigOnly", .bool(false)),
            ("Containers", containers),
            ("Options", .stringMap(network.options)),
            ("Labels", .stringMap(network.labels)),
        ]))
    }

    /// One `IPAM.Config` entry; JSON leaves out the empty fields, as Docker's `omitempty` does.
    static func ipamConfig(_ config: IPAMConfig) -> TemplateValue {
        let aux: TemplateValue = config.auxiliaryAddresses.isEmpty
            ? .null(.map) : .stringMap(config.auxiliaryAddresses.mapValues(\.description))
        return .structure(TemplateStruct(typeName: "network.IPAMConfig", fields: [
            ("Subnet", .string(config.subnet.description)),
            ("IPRange", .string(config.ipRange?.description ?? "")),
            ("Gateway", .string(config.gateway?.description ?? "")),
            ("AuxiliaryAddresses", aux),
        ], omitEmpty: ["Subnet", "IPRange", "Gateway", "AuxiliaryAddresses"]))
    }

    /// The `network ls` row: Docker's networkContext, every field a string, plus `.Label "k"`.
    static func row(_ network: NetworkRecord, truncate: Bool) -> TemplateValue {
        let labels = network.labels.keys.sorted().map { "\($0)=\(network.labels[$0]!)" }.joined(separator: ",")
        let fields: [(name: String, value: TemplateValue)] = [
            ("CreatedAt", .string(Identifiers.goTimeString(network.created))),
            ("Driver", .string(network.driver)),
            ("ID", .string(truncate ? network.shortID : network.id)),
            ("IPv4", .string("false")),
            ("IPv6", .string(String(network.enableIPv6))),
            ("Internal", .string(String(network.isInternal))),
            ("Labels", .string(labels)),
            ("Name", .string(network.name)),
            ("Scope", .string(network.scope)),
        ]
        let allLabels = network.labels
        return .object(TemplateObject(typeName: "*formatter.networkContext", base: .map(TemplateMap(Dictionary(uniqueKeysWithValues: fields))), methods: [
            "Label": TemplateMethod(arity: 1) { args in .string(allLabels[args[0]] ?? "") },
        ]))
    }

    /// Column titles for `table` formats, by field.
    static let headers: [String: String] = [
        "ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE", "IPv4": "IPV4",
        "IPv6": "IPV6", "Internal": "INTERNAL", "Labels": "LABELS", "CreatedAt": "CREATED AT",
    ]
}
