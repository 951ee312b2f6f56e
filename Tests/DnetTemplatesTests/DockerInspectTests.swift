import Testing
@testable import DnetTemplates

/// `inspect` output as Docker's CLI inspector prints it.
@Suite struct DockerInspectTests {
    static let none = TemplateValue.fields([("Name", .string("none")), ("Id", .string("dc3b6c8b2cc8")),
                                             ("Options", .stringMap([:]))], typeName: "types.NetworkResource")

    @Test func withoutFormatPrintsIndentedArray() throws {
        let output = try DockerInspect.render([Self.none], format: nil)
        #expect(output.stdout == "[\n    {\n        \"Name\": \"none\",\n        \"Id\": \"dc3b6c8b2cc8\",\n        \"Options\": {}\n    }\n]\n")
        #expect(try DockerInspect.render([], format: nil).stdout == "[]\n")
        #expect(try DockerInspect.render([Self.none], format: "json").stdout == #"[{"Name":"none","Id":"dc3b6c8b2cc8","Options":{}}]"# + "\n")
    }

    @Test func templateRunsOncePerElement() throws {
        let output = try DockerInspect.render([TestData.network, Self.none], format: "{{.Name}} {{len .Options}}")
        #expect(output == DockerInspect.Output(stdout: "app 2\nnone 0\n", errors: []))
        // Nothing found, or nothing printed: an empty line.
        #expect(try DockerInspect.render([], format: "{{.Name}}").stdout == "\n")
    }

    @Test func failuresRetryOnRawDataLikeDocker() throws {
        // Typed data fails with "can't evaluate field"; Docker retries on the JSON maps with missingkey=error.
        let output = try DockerInspect.render([Self.none, TestData.network], format: "{{.Nope}}")
        #expect(output.stdout == "\n")
        #expect(output.errors == Array(repeating: #"template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope""#, count: 2))
        let chained = try DockerInspect.render([Self.none], format: "{{.Name.Nope}}")
        #expect(chained.errors == [#"template parsing error: template: :1:7: executing "" at <.Name.Nope>: can't evaluate field Nope in type interface {}"#])
        // A name that works on the typed data prints from it.
        #expect(try DockerInspect.render([Self.none], format: "{{.Options.x}}").stdout == "<no value>\n")
    }

    @Test func parseErrorsThrow() {
        #expect(throws: DockerTemplateError(TemplateError(.parse, #"template: :1: unexpected "}" in operand"#))) {
            _ = try DockerInspect.render([Self.none], format: "{{.Name }")
        }
    }
}
