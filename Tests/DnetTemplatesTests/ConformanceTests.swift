import Testing
@testable import DnetTemplates

/// One `-f`/`--format` use from the Docker transcripts (see ConformanceFixtures.swift).
struct ConformanceCase: Sendable, CustomTestStringConvertible {
    /// `inspect`: DockerInspect on the elements; `rows`: DockerFormat rows; `table`: DockerFormat table.
    let kind: String
    let source: String
    let command: String
    let format: String
    /// transcript, output or derived: where the data comes from (see the fixture file's header).
    let origin: String
    let data: [TemplateValue]
    let aliases: [String: String]
    let headers: [String: String]
    let expected: String

    var testDescription: String { "\(source): \(command)" }

    /// Every template use in the transcripts.
    static let all: [ConformanceCase] = load("cases")
    /// Every `network inspect` without a format: Docker's indented JSON.
    static let inspectJSON: [ConformanceCase] = load("inspectJSON")

    private static func load(_ list: String) -> [ConformanceCase] {
        // Docker's typed data has these keys as Go maps (sorted when printed or ranged).
        let mapKeys: Set<String> = ["Containers", "Options", "Labels", "Networks", "Ports", "PortBindings",
                                    "DriverOpts", "AuxiliaryAddresses", "_labels"]
        guard let document = try? TemplateValue.parseJSON(conformanceFixtureJSON, objects: .structs(mapKeys: mapKeys)),
              case .structure(let root) = document, case .list(let cases)? = root.field(list) else {
            return []
        }
        return cases.compactMap { value -> ConformanceCase? in
            guard case .structure(let c) = value else { return nil }
            func text(_ name: String) -> String {
                if case .string(let s)? = c.field(name) { return s }
                return ""
            }
            func strings(_ name: String) -> [String: String] {
                guard case .structure(let s)? = c.field(name) else { return [:] }
                var result: [String: String] = [:]
                for field in s.fields { if case .string(let v) = field.value { result[field.name] = v } }
                return result
            }
            guard case .list(var data)? = c.field("data") else { return nil }
            let kind = text("kind")
            if kind != "inspect" { data = data.map(listingRow) }
            return ConformanceCase(kind: kind, source: text("source"), command: text("command"), format: text("format"),
                                   origin: text("origin"), data: data, aliases: strings("aliases"),
                                   headers: strings("headers"), expected: text("expected"))
        }
    }

    /// A `network ls`/`ps` row as Docker's formatter context: string fields printed and
    /// JSON-encoded in sorted order, plus the `Label` method over the network's labels.
    private static func listingRow(_ value: TemplateValue) -> TemplateValue {
        guard case .structure(let s) = value else { return value }
        var entries: [String: TemplateValue] = [:]
        var labels: [String: TemplateValue] = [:]
        for field in s.fields {
            if field.name == "_labels" {
                if case .map(let m) = field.value { labels = m.entries }
            } else {
                entries[field.name] = field.value
            }
        }
        let networkLabels = labels
        let label = TemplateMethod(arity: 1) { args in
            if case .string(let v)? = networkLabels[args[0]] { return .string(v) }
            return .string("")
        }
        return .object(TemplateObject(typeName: "*formatter.networkContext", base: .map(TemplateMap(entries)),
                                      methods: ["Label": label]))
    }

    func render() throws -> String {
        switch kind {
        case "inspect":
            return try DockerInspect.render(data, format: format).stdout
        default:
            return try DockerFormat(format, aliases: aliases).render(data, headers: headers)
        }
    }
}

@Suite("Docker conformance: every -f/--format in shared/conformance/docker")
struct ConformanceTests {
    @Test("fixtures load", .tags(.conformance))
    func fixturesLoad() {
        // 201 uses of a template across the transcripts (see the fixture header for origins).
        #expect(ConformanceCase.all.count == 201)
        #expect(ConformanceCase.inspectJSON.count == 23)
        #expect(Set(ConformanceCase.all.map(\.origin)) == ["transcript", "output", "derived"])
    }

    @Test("template prints what Docker printed", .tags(.conformance), arguments: ConformanceCase.all)
    func matchesDocker(_ testCase: ConformanceCase) throws {
        #expect(try testCase.render() == testCase.expected)
    }

    @Test("inspect without a format prints Docker's indented JSON", .tags(.conformance), arguments: ConformanceCase.inspectJSON)
    func indentedJSONMatchesDocker(_ testCase: ConformanceCase) throws {
        #expect(try testCase.render() == testCase.expected)
    }
}

extension Tag {
    @Tag static var conformance: Self
}
