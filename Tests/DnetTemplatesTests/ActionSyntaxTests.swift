import Testing
@testable import DnetTemplates

/// Go's action syntax; expected texts were checked against Go's text/template.
@Suite struct ActionSyntaxTests {
    @Test func fieldPathsAndDot() throws {
        #expect(try TestData.run("{{.Name}} {{.IPAM.Driver}} {{.Scope}}") == "app default local")
        #expect(try TestData.run("{{.}}", .string("plain")) == "plain")
        #expect(try TestData.run("{{.IPAM.Config}}") == "[{10.50.0.0/24 10.50.0.1} {fd00:50::/64 fd00:50::1}]")
        // A map's keys are fields too, missing ones are "no value".
        #expect(try TestData.run("{{.Options.com}}|{{.Labels.team}}") == "<no value>|<no value>")
    }

    @Test func digitLeadingKeysGoThroughIndex() throws {
        let data = TemplateValue.map(TemplateMap(["8080/tcp": .strings(["0.0.0.0:8080"]), "1x": .int(1)]))
        #expect(try TestData.run(#"{{index . "8080/tcp"}} {{index . "1x"}}"#, data) == "[0.0.0.0:8080] 1")
        // `.1x` is not a field name in Go's syntax.
        #expect(TestData.failure("{{.1x}}", data) == #"template: :1: bad number syntax: ".1x""#)
    }

    @Test func variables() throws {
        #expect(try TestData.run("{{$n := .Name}}{{$n}}-{{$n = \"x\"}}{{$n}}") == "app-x")
        #expect(try TestData.run("{{$}}", .string("s")) == "s")
        #expect(try TestData.run("{{range .IPAM.Config}}{{$.Name}}:{{.Subnet}} {{end}}") == "app:10.50.0.0/24 app:fd00:50::/64 ")
        #expect(try TestData.run("{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}") == "21")
        #expect(try TestData.run("{{with $g := .IPAM.Driver}}{{$g}}{{end}}") == "default")
    }

    @Test func pipelinesAndParentheses() throws {
        #expect(try TestData.run(#"{{.Name | printf "%s!"}}"#) == "app!")
        #expect(try TestData.run(#"{{.Name | printf "%s-%s" "x"}}"#) == "x-app")
        #expect(try TestData.run("{{.IPAM.Config | len | printf \"%03d\"}}") == "002")
        #expect(try TestData.run("{{(index .IPAM.Config 1).Subnet}}") == "fd00:50::/64")
        #expect(try TestData.run("{{(.IPAM).Driver}} {{(len .Name)}}") == "default 3")
        #expect(try TestData.run(#"{{.Name | upper | lower | title}}"#) == "App")
    }

    @Test func literals() throws {
        let out = try TestData.run(#"{{"\x41\u00e9\101"}} {{'a'}} {{0x1F}} {{0o17}} {{0b101}} {{017}} {{1_000}} {{1.5e3}} {{-3}} {{.5}} {{`raw\n`}} {{true}} {{1e3}}"#)
        #expect(out == #"AéA 97 31 15 5 15 1000 1500 -3 0.5 raw\n true 1000"#)
    }

    @Test func ifElseIfElse() throws {
        let t = "{{if .A}}a{{else if .B}}b{{else if .C}}c{{else}}none{{end}}"
        let data = { (a: Int, b: String, c: Bool) in TemplateValue.fields([("A", .int(a)), ("B", .string(b)), ("C", .bool(c))]) }
        #expect(try TestData.run(t, data(1, "", false)) == "a")
        #expect(try TestData.run(t, data(0, "x", false)) == "b")
        #expect(try TestData.run(t, data(0, "", true)) == "c")
        #expect(try TestData.run(t, data(0, "", false)) == "none")
        // Go's truth: empty lists, maps and strings, zero numbers and nils are false; structs are true.
        #expect(try TestData.run("{{if .Peers}}y{{else}}n{{end}}{{if .Labels}}y{{else}}n{{end}}{{if .IPAM}}y{{end}}{{if .ConfigFrom}}y{{else}}n{{end}}") == "nnyn")
        #expect(try TestData.run("{{if not .EnableIPv6}}v4{{end}} {{if and .MTU .Ratio}}both{{end}}") == "v4 both")
    }

    @Test func withElse() throws {
        #expect(try TestData.run("{{with .IPAM}}{{.Driver}}{{end}}") == "default")
        #expect(try TestData.run("{{with .Labels}}has{{else}}none{{end}}") == "none")
        // `else with` (Go 1.23, as Docker's CLI is built with).
        #expect(try TestData.run("{{with .Labels}}l{{else with .Options}}{{len .}}{{end}}") == "2")
    }

    @Test func rangeOverListsAndMaps() throws {
        #expect(try TestData.run("{{range .IPAM.Config}}[{{.Subnet}}]{{end}}") == "[10.50.0.0/24][fd00:50::/64]")
        #expect(try TestData.run("{{range $i, $c := .IPAM.Config}}{{$i}}={{$c.Gateway}} {{end}}") == "0=10.50.0.1 1=fd00:50::1 ")
        // Maps range in sorted key order.
        #expect(try TestData.run("{{range $k, $v := .Containers}}{{$k}}:{{$v.Name}} {{end}}") == "42f0861600e2:c6u e0e9fee4b1d5:c12 ")
        #expect(try TestData.run("{{range $k, $v := .Options}}{{$k}}={{$v}};{{end}}")
            == "com.docker.network.bridge.name=br0;com.docker.network.driver.mtu=1400;")
        #expect(try TestData.run("{{range $v := .Containers}}{{$v.IPv4Address}} {{end}}") == "10.50.0.4/24 10.50.0.100/24 ")
    }

    @Test func rangeElseBreakContinueAndIntegers() throws {
        #expect(try TestData.run("{{range .Labels}}x{{else}}no labels{{end}}") == "no labels")
        #expect(try TestData.run("{{range .Peers}}x{{else}}nil slice{{end}}") == "nil slice")
        #expect(try TestData.run("{{range .Options.nope}}x{{else}}missing{{end}}") == "missing")
        let letters = TemplateValue.strings(["a", "b", "c", "d"])
        #expect(try TestData.run(#"{{range .}}{{if eq . "b"}}{{continue}}{{end}}{{.}}{{end}}"#, letters) == "acd")
        #expect(try TestData.run(#"{{range .}}{{if eq . "c"}}{{break}}{{end}}{{.}}{{end}}"#, letters) == "ab")
        // Ranging over an integer (Go 1.22).
        #expect(try TestData.run("{{range 3}}{{.}}{{end}}|{{range 0}}x{{else}}none{{end}}") == "012|none")
    }

    @Test func commentsAndTrimMarkers() throws {
        #expect(try TestData.run("a {{/* a comment */}}b") == "a b")
        #expect(try TestData.run("a  {{- /* trimmed */ -}}  b") == "ab")
        #expect(try TestData.run("x  \n {{- .Name -}} \n\t y") == "xappy")
        #expect(try TestData.run("{{ .Name }}") == "app")
        // "{{-3}}" is the number -3, not a trim marker.
        #expect(try TestData.run("{{-3}}") == "-3")
    }

    @Test func defineTemplateAndBlock() throws {
        #expect(try TestData.run(#"{{define "sub"}}<{{.}}>{{end}}{{template "sub" .Name}}{{template "sub" .Scope}}"#) == "<app><local>")
        #expect(try TestData.run(#"{{block "b" .Name}}[{{.}}]{{end}}"#) == "[app]")
        #expect(TestData.failure(#"{{template "nope"}}"#) == #"template: :1:11: executing "" at <{{template "nope"}}>: template "nope" not defined"#)
    }

    @Test func methodsWithArguments() throws {
        let row = TestData.lsRow(["Name": "fa", "Labels": "team=a,tier=web"], labels: ["team": "a", "tier": "web"])
        #expect(try TestData.run(#"{{.Name}} {{.Label "team"}} {{.Label "tier"}} [{{.Label "none"}}] {{.Labels}}"#, row)
            == "fa a web [] team=a,tier=web")
        #expect(try TestData.run(#"{{"team" | .Label}} {{printf "%s!" (.Label "tier")}}"#, row) == "a web!")
        #expect(TestData.failure("{{.Label}}", row)
            == #"template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0"#)
        #expect(TestData.failure("{{.Label 1}}", row)
            == #"template: :1:9: executing "" at <1>: expected string; found 1"#)
        struct NoSuchLabel: Error, CustomStringConvertible { var description: String { "no label" } }
        let failing = TemplateValue.object(TemplateObject(typeName: "*row", base: .stringMap([:]),
                                                          methods: ["Label": TemplateMethod(arity: 1) { _ in throw NoSuchLabel() }]))
        #expect(TestData.failure(#"{{.Label "x"}}"#, failing) == #"template: :1:2: executing "" at <.Label>: error calling Label: no label"#)
    }

    @Test func missingKeyOptions() throws {
        #expect(try TestData.run("{{.Options.nope}}") == "<no value>")
        #expect(try TestData.run("{{.Options.nope}}", options: TemplateExecutionOptions(missingKey: .zero)) == "")
        #expect(TestData.failure("{{.Options.nope}}", options: TemplateExecutionOptions(missingKey: .error))
            == #"template: :1:10: executing "" at <.Options.nope>: map has no entry for key "nope""#)
    }

    @Test func parseOnceRunManyTimes() throws {
        let template = try GoTemplate("{{.Name}}:{{len .IPAM.Config}}")
        let other = TemplateValue.fields([("Name", .string("x")), ("IPAM", .fields([("Config", .list([]))]))])
        #expect(try template.execute(TestData.network) == "app:2")
        #expect(try template.execute(other) == "x:0")
        #expect(try template.execute(TestData.network) == "app:2")
    }
}
