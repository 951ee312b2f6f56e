import Testing
@testable import DnetTemplates

/// Go's builtin functions and Docker's helpers; texts checked against Go with Docker's FuncMap.
@Suite struct FunctionTests {
    @Test func comparisons() throws {
        #expect(try TestData.run(#"{{eq .Name "app"}} {{eq .MTU 1400}} {{eq .Ratio 0.25}} {{eq .EnableIPv6 false}}"#) == "true true true true")
        // eq a b c is a==b || a==c.
        #expect(try TestData.run(#"{{eq .Scope "swarm" "global" "local"}} {{eq .Scope "swarm" "global"}}"#) == "true false")
        #expect(try TestData.run(#"{{ne .Name "x"}} {{lt .MTU 1500}} {{le .MTU 1400}} {{gt .Ratio 0.5}} {{ge "b" "a"}} {{lt "a" "b"}}"#)
            == "true true true false true true")
        #expect(try TestData.run("{{eq .Options.nope nil}} {{eq .Peers nil}}") == "true true")
    }

    @Test func comparisonErrors() {
        #expect(TestData.failure(#"{{eq .MTU "1400"}}"#)
            == #"template: :1:2: executing "" at <eq .MTU "1400">: error calling eq: incompatible types for comparison"#)
        #expect(TestData.failure("{{eq .MTU 1400.0}}")
            == #"template: :1:2: executing "" at <eq .MTU 1400.0>: error calling eq: incompatible types for comparison"#)
        #expect(TestData.failure("{{lt true false}}")
            == #"template: :1:2: executing "" at <lt true false>: error calling lt: invalid type for comparison"#)
        #expect(TestData.failure("{{eq 1}}") == #"template: :1:2: executing "" at <eq 1>: error calling eq: missing argument for comparison"#)
        #expect(TestData.failure("{{ne 1}}") == #"template: :1:2: executing "" at <ne>: wrong number of args for ne: want 2 got 1"#)
    }

    @Test func booleanLogicShortCircuits() throws {
        #expect(try TestData.run(#"{{and 1 0 2}} {{and 1 2}} {{or 0 "" "x"}} {{or 0 ""}} {{not 0}} {{not .Name}}"#) == "0 2 x  true false")
        // The second operand is not evaluated, so its error never happens.
        #expect(try TestData.run("{{or .Name (index .IPAM.Config 5)}} {{and .Peers (index .IPAM.Config 5)}}") == "app []")
        #expect(TestData.failure("{{and}}") == #"template: :1:2: executing "" at <and>: wrong number of args for and: want at least 1 got 0"#)
    }

    @Test func indexAndLen() throws {
        #expect(try TestData.run(#"{{index .Options "com.docker.network.driver.mtu"}} {{index .IPAM.Config 1 }} {{index .Labels "x"}}|"#)
            == "1400 {fd00:50::/64 fd00:50::1} |")
        // Several indices walk down: x[1]["k"].
        let nested = TemplateValue.list([.int(0), .map(TemplateMap(["k": .strings(["a", "b"])]))])
        #expect(try TestData.run(#"{{index . 1 "k" 1}} {{index "abc" 0}}"#, nested) == "b 97")
        #expect(try TestData.run(#"{{len .Name}} {{len "héllo"}} {{len .IPAM.Config}} {{len .Options}} {{len .Peers}}"#) == "3 6 2 2 0")
    }

    @Test func indexAndLenErrors() {
        #expect(TestData.failure("{{index .IPAM.Config 5}}")
            == #"template: :1:2: executing "" at <index .IPAM.Config 5>: error calling index: index out of range: 5"#)
        #expect(TestData.failure(#"{{index .IPAM.Config "x"}}"#)
            == #"template: :1:2: executing "" at <index .IPAM.Config "x">: error calling index: cannot index slice/array with type string"#)
        #expect(TestData.failure("{{index .Options 1}}")
            == #"template: :1:2: executing "" at <index .Options 1>: error calling index: value has type int; should be string"#)
        #expect(TestData.failure("{{index .MTU 1}}")
            == #"template: :1:2: executing "" at <index .MTU 1>: error calling index: can't index item of type int"#)
        #expect(TestData.failure("{{index .Options.nope 0}}")
            == #"template: :1:2: executing "" at <index .Options.nope 0>: error calling index: index of untyped nil"#)
        #expect(TestData.failure("{{len .MTU}}") == #"template: :1:2: executing "" at <len .MTU>: error calling len: len of type int"#)
        #expect(TestData.failure("{{len .ConfigFrom}}")
            == #"template: :1:2: executing "" at <len .ConfigFrom>: error calling len: len of nil pointer"#)
    }

    @Test func slice() throws {
        #expect(try TestData.run(#"{{slice .Name 1}} {{slice .Name 0 2}} {{slice .IPAM.Config 1}}"#) == "pp ap [{fd00:50::/64 fd00:50::1}]")
        #expect(TestData.failure("{{slice .Name 2 1}}")
            == #"template: :1:2: executing "" at <slice .Name 2 1>: error calling slice: invalid slice index: 2 > 1"#)
    }

    @Test func jsonHelper() throws {
        #expect(try TestData.run("{{json .IPAM}}")
            == #"{"Driver":"default","Options":null,"Config":[{"Subnet":"10.50.0.0/24","Gateway":"10.50.0.1"},{"Subnet":"fd00:50::/64","Gateway":"fd00:50::1"}]}"#)
        #expect(try TestData.run("{{json .Options}} {{json .Labels}} {{json .Peers}} {{json .Options.nope}} {{json .MTU}} {{json .Ratio}}")
            == #"{"com.docker.network.bridge.name":"br0","com.docker.network.driver.mtu":"1400"} {} null null 1400 0.25"#)
        // Docker's json does not escape HTML; U+2028 is always escaped.
        #expect(try TestData.run("{{json .}}", .string("<a&b>\u{2028}\"\\\n")) == #""<a&b>\u2028\"\\\n""#)
        #expect(try TestData.run("{{json .}}", .float(.nan)) == "")
    }

    @Test func stringHelpers() throws {
        let data = TemplateValue.fields([("L", .strings(["a", "b", "c"])), ("U", .string("héllo wörld"))])
        #expect(try TestData.run(#"{{join .L ", "}}|{{split "a:b:c" ":"}}|{{split "" ","}}|{{len (split "abc" "")}}"#, data) == "a, b, c|[a b c]|[]|3")
        #expect(try TestData.run(#"{{upper .U}}|{{lower "ABC Déf"}}|{{title "hello wORLD-x y_z 9a"}}"#, data)
            == "HÉLLO WÖRLD|abc déf|Hello WORLD-X Y_z 9a")
        #expect(try TestData.run(#"[{{pad "x" 2 1}}]|[{{pad "" 2 1}}]|{{truncate "hello" 3}}|{{truncate "hi" 10}}"#, data) == "[  x ]|[]|hel|hi")
        #expect(try TestData.run(#"{{join (split "a,b" ",") "+"}}"#, data) == "a+b")
    }

    @Test func helperArgumentTypes() {
        #expect(TestData.failure("{{upper .MTU}}") == #"template: :1:8: executing "" at <.MTU>: wrong type for value; expected string; got int"#)
        #expect(TestData.failure("{{upper 1}}") == #"template: :1:8: executing "" at <1>: expected string; found 1"#)
        #expect(TestData.failure(#"{{truncate .Name "3"}}"#) == #"template: :1:17: executing "" at <"3">: expected integer; found "3""#)
        #expect(TestData.failure(#"{{join .Options ","}}"#)
            == #"template: :1:7: executing "" at <.Options>: wrong type for value; expected []string; got map[string]string"#)
        #expect(TestData.failure("{{pad .Name -1 0}}") == #"template: :1:2: executing "" at <pad .Name -1 0>: error calling pad: strings: negative Repeat count"#)
    }

    @Test func escapers() throws {
        #expect(try TestData.run(#"{{html "<a href='x'>&</a>"}} {{js "a'b<c>="}} {{urlquery "a b&c=d/é"}}"#)
            == #"&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt; a\'b\u003Cc\u003E\u003D a+b%26c%3Dd%2F%C3%A9"#)
    }

    @Test func dockerHeaderFunctionsKeepTheHeader() throws {
        let header = TemplateValue.stringMap(["Name": "NAME", "Labels": "LABELS"])
        let options = TemplateExecutionOptions(functions: .dockerHeader)
        #expect(try TestData.run(#"{{upper .Name}} {{json .Labels}} {{truncate .Name 2}} {{join .Labels ","}} {{pad .Name 1 1}}"#,
                                 header, options: options) == "NAME LABELS NAME LABELS  NAME ")
    }
}
