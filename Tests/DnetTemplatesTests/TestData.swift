@testable import DnetTemplates

/// Sample data shaped like Docker's typed `network inspect` object.
enum TestData {
    static let network: TemplateValue = .fields([
        ("Name", .string("app")),
        ("Id", .string("1b3197890792cebed9133101876063624b8528785e8dbbc5f68f90c676e9ab9a")),
        ("Scope", .string("local")),
        ("EnableIPv6", .bool(false)),
        ("IPAM", .fields([
            ("Driver", .string("default")),
            ("Options", .null(.map)),
            ("Config", .list([
                .fields([("Subnet", .string("10.50.0.0/24")), ("Gateway", .string("10.50.0.1"))], typeName: "network.IPAMConfig"),
                .fields([("Subnet", .string("fd00:50::/64")), ("Gateway", .string("fd00:50::1"))], typeName: "network.IPAMConfig"),
            ])),
        ], typeName: "network.IPAM")),
        ("Containers", .map(TemplateMap([
            "e0e9fee4b1d5": .fields([("Name", .string("c12")), ("IPv4Address", .string("10.50.0.100/24"))]),
            "42f0861600e2": .fields([("Name", .string("c6u")), ("IPv4Address", .string("10.50.0.4/24"))]),
        ]))),
        ("Options", .stringMap(["com.docker.network.driver.mtu": "1400", "com.docker.network.bridge.name": "br0"])),
        ("Labels", .stringMap([:])),
        ("MTU", .int(1400)),
        ("Ratio", .float(0.25)),
        ("Peers", .null(.slice)),
        ("ConfigFrom", .null(.pointer("*network.ConfigReference"))),
    ], typeName: "types.NetworkResource")

    /// Runs `template` on `data` (the sample network by default).
    static func run(_ template: String, _ data: TemplateValue = network,
                    options: TemplateExecutionOptions = TemplateExecutionOptions()) throws -> String {
        try GoTemplate(template).execute(data, options: options)
    }

    /// The message of the error running `template` throws, or nil when it succeeds.
    static func failure(_ template: String, _ data: TemplateValue = network,
                        options: TemplateExecutionOptions = TemplateExecutionOptions()) -> String? {
        do {
            _ = try run(template, data, options: options)
            return nil
        } catch let error as TemplateError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    /// A `network ls` row: string fields plus the `Label` method.
    static func lsRow(_ fields: [String: String], labels: [String: String] = [:]) -> TemplateValue {
        .object(TemplateObject(typeName: "*formatter.networkContext",
                               base: .stringMap(fields),
                               methods: ["Label": TemplateMethod(arity: 1) { .string(labels[$0[0]] ?? "") }]))
    }
}
