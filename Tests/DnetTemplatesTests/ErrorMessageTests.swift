import Testing
@testable import DnetTemplates

/// Parse and execution errors, each paired with the message Go's text/template (1.19, with
/// Docker's functions) gives for the same template and data: the messages must match exactly,
/// and so must the output written before an execution error.
struct GoError: Sendable, CustomTestStringConvertible {
    let template: String
    let missingKey: MissingKeyOption
    let message: String
    let partial: String

    init(_ template: String, _ missingKey: MissingKeyOption, _ message: String, partial: String) {
        self.template = template
        self.missingKey = missingKey
        self.message = message
        self.partial = partial
    }

    var testDescription: String { template }

    /// The data every case runs on: what Go sees after json.Unmarshal into interface{}.
    static let data = try! TemplateValue.parseJSON(
        #"{"S": "hello", "N": 42, "L": ["a", "b"], "M": {"k": "v"}, "Nil": null, "Nested": {"Inner": {"Deep": "x"}}}"#,
        objects: .maps)

    static let all: [GoError] = [
        GoError(#"{{.S.X}}"#, .invalid, #"template: :1:4: executing "" at <.S.X>: can't evaluate field X in type interface {}"#, partial: #""#),
        GoError(#"{{.N.X}}"#, .invalid, #"template: :1:4: executing "" at <.N.X>: can't evaluate field X in type interface {}"#, partial: #""#),
        GoError(#"{{.L.X}}"#, .invalid, #"template: :1:4: executing "" at <.L.X>: can't evaluate field X in type interface {}"#, partial: #""#),
        GoError(#"{{.M.k.x}}"#, .invalid, #"template: :1:4: executing "" at <.M.k.x>: can't evaluate field x in type interface {}"#, partial: #""#),
        GoError(#"{{.Nil.X}}"#, .invalid, #"template: :1:6: executing "" at <.Nil.X>: nil pointer evaluating interface {}.X"#, partial: #""#),
        GoError(#"{{.S 1}}"#, .invalid, #"template: :1:2: executing "" at <.S>: S is not a method but has arguments"#, partial: #""#),
        GoError(#"{{.M.k 1}}"#, .invalid, #"template: :1:4: executing "" at <.M.k>: k is not a method but has arguments"#, partial: #""#),
        GoError(#"{{1 2}}"#, .invalid, #"template: :1:2: executing "" at <1>: can't give argument to non-function 1"#, partial: #""#),
        GoError(#"{{"x" .S}}"#, .invalid, #"template: :1:2: executing "" at <"x">: can't give argument to non-function "x""#, partial: #""#),
        GoError(#"{{. 1}}"#, .invalid, #"template: :1:2: executing "" at <.>: can't give argument to non-function ."#, partial: #""#),
        GoError(#"{{nil}}"#, .invalid, #"template: :1:2: executing "" at <nil>: nil is not a command"#, partial: #""#),
        GoError(#"{{$ 1}}"#, .invalid, #"template: :1:2: executing "" at <$>: can't give argument to non-function $"#, partial: #""#),
        GoError(#"{{(.S) 1}}"#, .invalid, #"template: :1:2: executing "" at <(.S) 1>: can't give argument to non-function .S"#, partial: #""#),
        GoError(#"{{len}}"#, .invalid, #"template: :1:2: executing "" at <len>: wrong number of args for len: want 1 got 0"#, partial: #""#),
        GoError(#"{{len 1 2}}"#, .invalid, #"template: :1:2: executing "" at <len>: wrong number of args for len: want 1 got 2"#, partial: #""#),
        GoError(#"{{index}}"#, .invalid, #"template: :1:2: executing "" at <index>: wrong number of args for index: want at least 1 got 0"#, partial: #""#),
        GoError(#"{{index .L 5}}"#, .invalid, #"template: :1:2: executing "" at <index .L 5>: error calling index: index out of range: 5"#, partial: #""#),
        GoError(#"{{index .L -1}}"#, .invalid, #"template: :1:2: executing "" at <index .L -1>: error calling index: index out of range: -1"#, partial: #""#),
        GoError(#"{{index .L nil}}"#, .invalid, #"template: :1:2: executing "" at <index .L nil>: error calling index: cannot index slice/array with nil"#, partial: #""#),
        GoError(#"{{index .M 1}}"#, .invalid, #"template: :1:2: executing "" at <index .M 1>: error calling index: value has type int; should be string"#, partial: #""#),
        GoError(#"{{index .M nil}}"#, .invalid, #"template: :1:2: executing "" at <index .M nil>: error calling index: value is nil; should be of type string"#, partial: #""#),
        GoError(#"{{index .S "x"}}"#, .invalid, #"template: :1:2: executing "" at <index .S "x">: error calling index: cannot index slice/array with type string"#, partial: #""#),
        GoError(#"{{index .N 1}}"#, .invalid, #"template: :1:2: executing "" at <index .N 1>: error calling index: can't index item of type int"#, partial: #""#),
        GoError(#"{{index .Nil 1}}"#, .invalid, #"template: :1:2: executing "" at <index .Nil 1>: error calling index: index of untyped nil"#, partial: #""#),
        GoError(#"{{index .L 0 1}}"#, .invalid, #"template: :1:2: executing "" at <index .L 0 1>: error calling index: reflect: string index out of range"#, partial: #""#),
        GoError(#"{{slice .L 2 1}}"#, .invalid, #"template: :1:2: executing "" at <slice .L 2 1>: error calling slice: invalid slice index: 2 > 1"#, partial: #""#),
        GoError(#"{{slice .N}}"#, .invalid, #"template: :1:2: executing "" at <slice .N>: error calling slice: can't slice item of type int"#, partial: #""#),
        GoError(#"{{slice .L 1 2 3 4}}"#, .invalid, #"template: :1:2: executing "" at <slice .L 1 2 3 4>: error calling slice: too many slice indexes: 4"#, partial: #""#),
        GoError(#"{{slice .S 0 1 2}}"#, .invalid, #"template: :1:2: executing "" at <slice .S 0 1 2>: error calling slice: cannot 3-index slice a string"#, partial: #""#),
        GoError(#"{{slice .L 5}}"#, .invalid, #"template: :1:2: executing "" at <slice .L 5>: error calling slice: index out of range: 5"#, partial: #""#),
        GoError(#"{{eq}}"#, .invalid, #"template: :1:2: executing "" at <eq>: wrong number of args for eq: want at least 1 got 0"#, partial: #""#),
        GoError(#"{{eq 1}}"#, .invalid, #"template: :1:2: executing "" at <eq 1>: error calling eq: missing argument for comparison"#, partial: #""#),
        GoError(#"{{eq .M 1}}"#, .invalid, #"template: :1:2: executing "" at <eq .M 1>: error calling eq: incompatible types for comparison"#, partial: #""#),
        GoError(#"{{eq 1 "1"}}"#, .invalid, #"template: :1:2: executing "" at <eq 1 "1">: error calling eq: incompatible types for comparison"#, partial: #""#),
        GoError(#"{{eq 1 1.0}}"#, .invalid, #"template: :1:2: executing "" at <eq 1 1.0>: error calling eq: incompatible types for comparison"#, partial: #""#),
        GoError(#"{{lt 1 "a"}}"#, .invalid, #"template: :1:2: executing "" at <lt 1 "a">: error calling lt: incompatible types for comparison"#, partial: #""#),
        GoError(#"{{lt .L .L}}"#, .invalid, #"template: :1:2: executing "" at <lt .L .L>: error calling lt: invalid type for comparison"#, partial: #""#),
        GoError(#"{{lt true false}}"#, .invalid, #"template: :1:2: executing "" at <lt true false>: error calling lt: invalid type for comparison"#, partial: #""#),
        GoError(#"{{lt nil 1}}"#, .invalid, #"template: :1:2: executing "" at <lt nil 1>: error calling lt: invalid type for comparison"#, partial: #""#),
        GoError(#"{{ne 1}}"#, .invalid, #"template: :1:2: executing "" at <ne>: wrong number of args for ne: want 2 got 1"#, partial: #""#),
        GoError(#"{{gt 1 2 3}}"#, .invalid, #"template: :1:2: executing "" at <gt>: wrong number of args for gt: want 2 got 3"#, partial: #""#),
        GoError(#"{{printf}}"#, .invalid, #"template: :1:2: executing "" at <printf>: wrong number of args for printf: want at least 1 got 0"#, partial: #""#),
        GoError(#"{{printf 1}}"#, .invalid, #"template: :1:9: executing "" at <1>: expected string; found 1"#, partial: #""#),
        GoError(#"{{printf .N}}"#, .invalid, #"template: :1:9: executing "" at <.N>: wrong type for value; expected string; got int"#, partial: #""#),
        GoError(#"{{upper nil}}"#, .invalid, #"template: :1:8: executing "" at <nil>: cannot assign nil to string"#, partial: #""#),
        GoError(#"{{upper .Nil}}"#, .invalid, #"template: :1:8: executing "" at <.Nil>: wrong type for value; expected string; got interface {}"#, partial: #""#),
        GoError(#"{{upper .Missing}}"#, .invalid, #"template: :1:8: executing "" at <.Missing>: invalid value; expected string"#, partial: #""#),
        GoError(#"{{truncate .S -1}}"#, .invalid, #"template: :1:2: executing "" at <truncate .S -1>: error calling truncate: runtime error: slice bounds out of range [:-1]"#, partial: #""#),
        GoError(#"{{pad .S -1 0}}"#, .invalid, #"template: :1:2: executing "" at <pad .S -1 0>: error calling pad: strings: negative Repeat count"#, partial: #""#),
        GoError(#"{{pad .S "a" 0}}"#, .invalid, #"template: :1:9: executing "" at <"a">: expected integer; found "a""#, partial: #""#),
        GoError(#"{{truncate .S 1.5}}"#, .invalid, #"template: :1:14: executing "" at <1.5>: expected integer; found 1.5"#, partial: #""#),
        GoError(#"{{truncate .S .S}}"#, .invalid, #"template: :1:14: executing "" at <.S>: wrong type for value; expected int; got string"#, partial: #""#),
        GoError(#"{{split .S}}"#, .invalid, #"template: :1:2: executing "" at <split>: wrong number of args for split: want 2 got 1"#, partial: #""#),
        GoError(#"{{json}}"#, .invalid, #"template: :1:2: executing "" at <json>: wrong number of args for json: want 1 got 0"#, partial: #""#),
        GoError(#"{{join .S ","}}"#, .invalid, #"template: :1:7: executing "" at <.S>: wrong type for value; expected []string; got string"#, partial: #""#),
        GoError(#"{{call .S}}"#, .invalid, #"template: :1:2: executing "" at <call .S>: error calling call: non-function of type string"#, partial: #""#),
        GoError(#"{{call .Nil}}"#, .invalid, #"template: :1:2: executing "" at <call .Nil>: error calling call: call of nil"#, partial: #""#),
        GoError(#"{{template "x"}}"#, .invalid, #"template: :1:11: executing "" at <{{template "x"}}>: template "x" not defined"#, partial: #""#),
        GoError(#"{{define "x"}}X{{end}}{{define "x"}}Y{{end}}"#, .invalid, #"template: :1: template: multiple definition of template "x""#, partial: #""#),
        GoError(#"{{if}}"#, .invalid, #"template: :1: missing value for if"#, partial: #""#),
        GoError(#"{{range}}"#, .invalid, #"template: :1: missing value for range"#, partial: #""#),
        GoError(#"{{with}}"#, .invalid, #"template: :1: missing value for with"#, partial: #""#),
        GoError(#"{{end}}"#, .invalid, #"template: :1: unexpected {{end}}"#, partial: #""#),
        GoError(#"{{else}}"#, .invalid, #"template: :1: unexpected {{else}}"#, partial: #""#),
        GoError(#"{{if .S}}"#, .invalid, #"template: :1: unexpected EOF"#, partial: #""#),
        GoError(#"{{if .S}}{{else}}{{else}}{{end}}"#, .invalid, #"template: :1: expected end; found {{else}}"#, partial: #""#),
        GoError(#"{{range .L}}{{else if .S}}{{end}}"#, .invalid, #"template: :1: unexpected <if> in input"#, partial: #""#),
        GoError(#"{{.S}"#, .invalid, #"template: :1: bad character U+007D '}'"#, partial: #""#),
        GoError(#"{{.S }"#, .invalid, #"template: :1: unexpected "}" in operand"#, partial: #""#),
        GoError(#"{{{.S}}"#, .invalid, #"template: :1: unexpected "{" in command"#, partial: #""#),
        GoError(#"{{| .S}}"#, .invalid, #"template: :1: unexpected "|" in command"#, partial: #""#),
        GoError(#"{{.S | .N}}"#, .invalid, #"template: :1:7: executing "" at <.N>: N is not a method but has arguments"#, partial: #""#),
        GoError(#"{{.S | 1}}"#, .invalid, #"template: :1: non executable command in pipeline stage 2"#, partial: #""#),
        GoError(#"{{$x := 1 2}}"#, .invalid, #"template: :1:8: executing "" at <1>: can't give argument to non-function 1"#, partial: #""#),
        GoError(#"{{$x, $y := 1}}"#, .invalid, #"template: :1: too many declarations in command"#, partial: #""#),
        GoError(#"{{range $x, $y, $z := .L}}{{end}}"#, .invalid, #"template: :1: too many declarations in range"#, partial: #""#),
        GoError(#"{{range $x, 1}}{{end}}"#, .invalid, #"template: :1: range can only initialize variables"#, partial: #""#),
        GoError(#"{{$x = 1}}"#, .invalid, #"template: :1:7: executing "" at <1>: undefined variable: $x"#, partial: #""#),
        GoError(#"{{$x}}"#, .invalid, #"template: :1: undefined variable "$x""#, partial: #""#),
        GoError(#"{{range .L}}{{$i := 1}}{{end}}{{$i}}"#, .invalid, #"template: :1: undefined variable "$i""#, partial: #""#),
        GoError(#"{{.S.}}"#, .invalid, #"template: :1: unexpected <.> in operand"#, partial: #""#),
        GoError(#"{{..S}}"#, .invalid, #"template: :1: unexpected . after term ".""#, partial: #""#),
        GoError(#"{{.S..X}}"#, .invalid, #"template: :1: unexpected <.> in operand"#, partial: #""#),
        GoError(#"{{"a".X}}"#, .invalid, #"template: :1: unexpected . after term "\"a\"""#, partial: #""#),
        GoError(#"{{1.X}}"#, .invalid, #"template: :1: bad number syntax: "1.X""#, partial: #""#),
        GoError(#"{{nil.X}}"#, .invalid, #"template: :1: unexpected . after term "nil""#, partial: #""#),
        GoError(#"{{(nil).X}}"#, .invalid, #"template: :1:3: executing "" at <nil>: nil is not a command"#, partial: #""#),
        GoError(#"{{(1).X}}"#, .invalid, #"template: :1:3: executing "" at <1>: can't evaluate field X in type int"#, partial: #""#),
        GoError(#"{{/*x*/ .S}}"#, .invalid, #"template: :1: comment ends before closing delimiter"#, partial: #""#),
        GoError(#"{{/* x */}}{{/* y"#, .invalid, #"template: :1: unclosed comment"#, partial: #""#),
        GoError(#"{{3-}}"#, .invalid, #"template: :1: bad number syntax: "3-""#, partial: #""#),
        GoError(#"{{'ab'}}"#, .invalid, #"template: :1: malformed character constant: 'ab'"#, partial: #""#),
        GoError(#"{{'\x'}}"#, .invalid, #"template: :1: invalid syntax"#, partial: #""#),
        GoError(#"{{"\q"}}"#, .invalid, #"template: :1: invalid syntax"#, partial: #""#),
        GoError(#"{{`abc}}"#, .invalid, #"template: :1: unterminated raw quoted string"#, partial: #""#),
        GoError(#"{{"abc}}"#, .invalid, #"template: :1: unterminated quoted string"#, partial: #""#),
        GoError(#"{{'a}}"#, .invalid, #"template: :1: unterminated character constant"#, partial: #""#),
        GoError(#"{{1a}}"#, .invalid, #"template: :1: bad number syntax: "1a""#, partial: #""#),
        GoError(#"{{0x}}"#, .invalid, #"template: :1: illegal number syntax: "0x""#, partial: #""#),
        GoError(#"{{1e}}"#, .invalid, #"template: :1: illegal number syntax: "1e""#, partial: #""#),
        GoError(#"{{99999999999999999999}}"#, .invalid, #"template: :1: integer overflow: "99999999999999999999""#, partial: #""#),
        GoError(#"{{@}}"#, .invalid, #"template: :1: unexpected "@" in command"#, partial: #""#),
        GoError(#"{{é}}"#, .invalid, #"template: :1: function "é" not defined"#, partial: #""#),
        GoError(#"{{:}}"#, .invalid, #"template: :1: expected :="#, partial: #""#),
        GoError(#"{{:=}}"#, .invalid, #"template: :1: unexpected ":=" in command"#, partial: #""#),
        GoError(#"{{=}}"#, .invalid, #"template: :1: unexpected "=" in command"#, partial: #""#),
        GoError(#"{{,}}"#, .invalid, #"template: :1: unexpected "," in command"#, partial: #""#),
        GoError(#"{{break}}"#, .invalid, #"template: :1: {{break}} outside {{range}}"#, partial: #""#),
        GoError(#"{{continue}}"#, .invalid, #"template: :1: {{continue}} outside {{range}}"#, partial: #""#),
        GoError(#"{{range .L}}{{break 1}}{{end}}"#, .invalid, #"template: :1: unexpected "1" in {{break}}"#, partial: #""#),
        GoError(#"line1\#n{{.Nope.X}}\#nline3 {{.N.Bad}}"#, .invalid, #"template: :3:10: executing "" at <.N.Bad>: can't evaluate field Bad in type interface {}"#, partial: #"line1\#n<no value>\#nline3 "#),
        GoError(#"a\#n\#n  {{ .M.k.z }}"#, .invalid, #"template: :3:7: executing "" at <.M.k.z>: can't evaluate field z in type interface {}"#, partial: #"a\#n\#n  "#),
        GoError(#"{{if .S}}\#n{{.N.Z}}{{end}}"#, .invalid, #"template: :2:4: executing "" at <.N.Z>: can't evaluate field Z in type interface {}"#, partial: #"\#n"#),
        GoError(#"{{\#n.S\#n"#, .invalid, #"template: :3: unclosed action started at :1"#, partial: #""#),
        GoError(#"{{.S\#n"#, .invalid, #"template: :2: unclosed action started at :1"#, partial: #""#),
        GoError(#"{{/*\#n\#n*/ x}}"#, .invalid, #"template: :1: comment ends before closing delimiter"#, partial: #""#),
        GoError(#"{{if .S}}\#n\#n{{end"#, .invalid, #"template: :3: unclosed action"#, partial: #""#),
        GoError(#"{{with $x := .S}}{{$x}}{{end}}{{$x}}"#, .invalid, #"template: :1: undefined variable "$x""#, partial: #""#),
        GoError(#"{{range $i, $e := .L}}{{$i}}{{end}}{{$e}}"#, .invalid, #"template: :1: undefined variable "$e""#, partial: #""#),
        GoError(#"{{and .S (index .L 5)}}"#, .invalid, #"template: :1:10: executing "" at <index .L 5>: error calling index: index out of range: 5"#, partial: #""#),
        GoError(#"{{len .Nil}}"#, .invalid, #"template: :1:2: executing "" at <len .Nil>: error calling len: len of nil pointer"#, partial: #""#),
        GoError(#"{{len .Missing}}"#, .invalid, #"template: :1:2: executing "" at <len .Missing>: error calling len: reflect: call of reflect.Value.Type on zero Value"#, partial: #""#),
        GoError(#"{{not}}"#, .invalid, #"template: :1:2: executing "" at <not>: wrong number of args for not: want 1 got 0"#, partial: #""#),
        GoError(#"{{not 1 2}}"#, .invalid, #"template: :1:2: executing "" at <not>: wrong number of args for not: want 1 got 2"#, partial: #""#),
        GoError(#"{{.L | index 0}}"#, .invalid, #"template: :1:7: executing "" at <index 0>: error calling index: can't index item of type int"#, partial: #""#),
        GoError(#"{{.N | upper}}"#, .invalid, #"template: :1:7: executing "" at <upper>: wrong type for value; expected string; got int"#, partial: #""#),
        GoError(#"{{.S | pad 1}}"#, .invalid, #"template: :1:7: executing "" at <pad>: wrong number of args for pad: want 3 got 2"#, partial: #""#),
        GoError(#"{{.Missing}}"#, .error, #"template: :1:2: executing "" at <.Missing>: map has no entry for key "Missing""#, partial: #""#),
        GoError(#"{{.M.nokey}}"#, .error, #"template: :1:4: executing "" at <.M.nokey>: map has no entry for key "nokey""#, partial: #""#),
        GoError(#"{{.Nil.X}}"#, .error, #"template: :1:6: executing "" at <.Nil.X>: nil pointer evaluating interface {}.X"#, partial: #""#),
        GoError(#"{{.Nil.X}}"#, .zero, #"template: :1:6: executing "" at <.Nil.X>: nil pointer evaluating interface {}.X"#, partial: #""#),
        GoError(#"{{.Missing.X}}"#, .error, #"template: :1:10: executing "" at <.Missing.X>: map has no entry for key "Missing""#, partial: #""#),
        GoError(#"{{.Missing.X}}"#, .zero, #"template: :1:10: executing "" at <.Missing.X>: nil pointer evaluating interface {}.X"#, partial: #""#),
        GoError(#"{{range .Missing}}x{{end}}"#, .error, #"template: :1:8: executing "" at <.Missing>: map has no entry for key "Missing""#, partial: #""#),
        GoError(#"{{.S.X}}"#, .error, #"template: :1:4: executing "" at <.S.X>: can't evaluate field X in type interface {}"#, partial: #""#),
        GoError(#"{{.S.X}}"#, .zero, #"template: :1:4: executing "" at <.S.X>: can't evaluate field X in type interface {}"#, partial: #""#),
    ]
}

@Suite struct ErrorMessageTests {
    @Test("message matches Go", arguments: GoError.all)
    func matchesGo(_ reference: GoError) {
        var output = ""
        do {
            let template = try GoTemplate(reference.template)
            try template.execute(GoError.data, options: TemplateExecutionOptions(missingKey: reference.missingKey), into: &output)
            Issue.record("no error for \(reference.template)")
        } catch let error as TemplateError {
            #expect(error.message == reference.message)
            #expect(error.kind == (reference.message.contains("executing") ? .execution : .parse))
            #expect(output == reference.partial)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func positionsCountLinesAndBytes() {
        // Line 3, byte 5 of that line (Go counts columns in bytes from 0).
        #expect(TestData.failure("a\nbé\nxy {{.Nope}}") == #"template: :3:5: executing "" at <.Nope>: can't evaluate field Nope in type types.NetworkResource"#)
        // Parse errors name the line of the token where parsing stopped.
        #expect(TestData.failure("{{if .Name}}\n\n{{.Nope}") == "template: :3: bad character U+007D '}'")
        #expect(TestData.failure("{{.Name\n\n") == "template: :3: unclosed action started at :1")
        // A field chain is placed at its last fields, as Go's parser does.
        #expect(TestData.failure("{{.IPAM.Nope}}") == #"template: :1:7: executing "" at <.IPAM.Nope>: can't evaluate field Nope in type network.IPAM"#)
    }

    @Test func templateNameAppearsInMessages() {
        #expect(throws: TemplateError(.parse, "template: ls:1: function \"nope\" not defined")) {
            _ = try GoTemplate("{{nope}}", name: "ls")
        }
    }
}
