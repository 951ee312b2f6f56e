import Testing
@testable import DnetTemplates

/// `--format` as Docker's listing commands read it (docker/cli formatter.Context).
@Suite struct DockerFormatTests {
    static let headers = ["ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE", "Labels": "LABELS"]
    static let tableAlias = ["table": #"table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}"#]
    static let rows = [
        TestData.lsRow(["ID": "7b904a08c0b3", "Name": "fa", "Driver": "bridge", "Scope": "local", "Labels": "team=a"], labels: ["team": "a"]),
        TestData.lsRow(["ID": "ef8d57de5f63", "Name": "fmv", "Driver": "macvlan", "Scope": "local", "Labels": ""]),
    ]

    @Test func defaultTable() throws {
        let format = try DockerFormat("table", aliases: Self.tableAlias)
        #expect(format.isTable)
        #expect(try format.render(Self.rows, headers: Self.headers) == """
            NETWORK ID     NAME      DRIVER    SCOPE
            7b904a08c0b3   fa        bridge    local
            ef8d57de5f63   fmv       macvlan   local

            """)
        #expect(try format.render([], headers: Self.headers) == "NETWORK ID   NAME      DRIVER    SCOPE\n")
    }

    @Test func customTableDerivesTheHeaderFromTheSameTemplate() throws {
        let format = try DockerFormat(#"table {{.Name}}\t{{upper .Driver}}\t{{pad .Labels 1 0}}"#)
        // `pad` is not one of Docker's header functions: it pads the header too, keeping columns aligned.
        #expect(try format.render(Self.rows, headers: Self.headers)
            == "NAME      DRIVER     LABELS\nfa        BRIDGE     team=a\nfmv       MACVLAN   \n")
    }

    @Test func headerStopsWhereItsTemplateFails() throws {
        // The header data is a map without `Label`, so the header ends before that column, as in Docker.
        let format = try DockerFormat(#"table {{.Name}}\t{{.Label "team"}}"#)
        #expect(try format.render(Self.rows, headers: Self.headers) == "NAME      \nfa        a\nfmv       \n")
    }

    @Test func plainTemplatesAndEscapes() throws {
        #expect(try DockerFormat(#"  {{.Name}}\t{{.Label "team"}}|\n"#).render(Self.rows) == "fa\ta|\n\nfmv\t|\n\n")
        #expect(!(try DockerFormat("{{.Name}}").isTable))
    }

    @Test func jsonDirective() throws {
        let rows = [TestData.lsRow(["Name": "fa", "ID": "7b904a08c0b3", "Driver": "bridge"])]
        #expect(try DockerFormat("json").render(rows) == #"{"Driver":"bridge","ID":"7b904a08c0b3","Name":"fa"}"# + "\n")
    }

    @Test func errorsCarryDockersPrefix() {
        #expect(throws: DockerTemplateError(TemplateError(.parse, #"template: :1: function "nope" not defined"#))) {
            _ = try DockerFormat("{{nope}}")
        }
        #expect(throws: DockerTemplateError(TemplateError(.execution,
            #"template: :1:2: executing "" at <.Nope>: can't evaluate field Nope in type *formatter.networkContext"#))) {
            _ = try DockerFormat("{{.Nope}}").render(Self.rows)
        }
        let error = DockerTemplateError(TemplateError(.parse, "template: :1: unexpected \"}\" in operand"))
        #expect(error.description == "template parsing error: template: :1: unexpected \"}\" in operand")
    }

    @Test func formatterContextErrors() {
        let row = Self.rows[0]
        #expect(TestData.failure("{{.Name 1}}", row)
            == #"template: :1:2: executing "" at <.Name>: Name has arguments but cannot be invoked as function"#)
        #expect(TestData.failure("{{len .}}", row) == #"template: :1:2: executing "" at <len .>: error calling len: len of type formatter.networkContext"#)
        #expect(TestData.failure("{{range .}}{{end}}", row)?.hasPrefix(#"template: :1:8: executing "" at <.>: range can't iterate over"#) == true)
    }
}
