import Testing
@testable import DnetLanguage

/// Every error of the contract's list, with its line and column, and the rendered form.
struct ErrorTests {
    @Test func renderedFormHasTheLineAndACaret() {
        let harness = Harness()
        guard case .outcome(.failed(let d, let status)) = harness.run("let a = 1\n\tlet x = a + \"s\"", name: "s.dnet") else {
            Issue.record("expected a failure")
            return
        }
        #expect(status == 1)
        #expect(d.kind == .runtime)
        #expect(d.rendered == "s.dnet:2:12: error: type error: cannot apply '+' to int and string\n\tlet x = a + \"s\"\n\t          ^")
    }

    @Test func syntaxErrorsAreSyntaxDiagnostics() {
        guard case .syntaxError(let d) = Harness().run("echo \"abc", name: "<stdin>") else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(d.kind == .syntax)
        #expect(d.rendered == "<stdin>:1:6: error: unterminated string\necho \"abc\n     ^")
    }

    @Test func unterminatedStringIsReportedAtItsOpeningQuote() {
        #expect(failure(of: "echo ok\necho \"abc\necho more") == "2:6: unterminated string")
        #expect(failure(of: "echo 'abc") == "1:6: unterminated string")
        #expect(failure(of: "let s = \"x ${\"y}") == "1:14: unterminated string")
    }

    @Test func unbalancedBracesParensAndBrackets() {
        #expect(failure(of: "if true {\n  echo x\n") == "1:9: unclosed '{' (no matching '}')")
        #expect(failure(of: "echo x\n  }") == "2:3: unexpected '}' (no open block to close)")
        #expect(failure(of: "let x = (1 + 2\n") == "1:9: unclosed '(' (no matching ')')")
        #expect(failure(of: "let x = (1 + 2\necho") == "2:1: expected ')', found 'echo'")
        #expect(failure(of: "let x = [1, 2\n") == "1:9: unclosed '[' (no matching ']')")
        #expect(failure(of: "let x = (1 + 2]") == "1:15: expected ')', found ']'")
        #expect(failure(of: "let x = [1, 2)") == "1:14: expected ',' or ']', found ')'")
        #expect(failure(of: "let x = 1)") == "1:10: expected end of statement, found ')'")
        #expect(failure(of: "echo ${x") == "1:6: unclosed '${' (no matching '}')")
        #expect(failure(of: "echo $(echo x") == "1:6: unclosed '$(' (no matching ')')")
        #expect(failure(of: "def f(a {") == "1:9: expected ',' or ')', found '{'")
    }

    @Test func undefinedVariableAtItsDollarOrName() {
        #expect(failure(of: "echo a\necho x$nope") == "2:7: undefined variable 'nope'")
        #expect(failure(of: "let x = 1 + nope") == "1:13: undefined variable 'nope'")
        #expect(failure(of: "echo \"in ${1 + nope}\"") == "1:16: undefined variable 'nope'")
    }

    @Test func languageErrorsWithPositions() {
        #expect(failure(of: "\n  y = 1") == "2:3: assignment to undeclared variable 'y' (declare it with 'let')")
        #expect(failure(of: "let x = 1 + [2]") == "1:11: type error: cannot apply '+' to int and list")
        #expect(failure(of: "let x = \"a\" * 2") == "1:13: type error: cannot apply '*' to string and int")
        #expect(failure(of: "let x = 10 / (5 - 5)") == "1:12: division by zero")
        #expect(failure(of: "let x = 9223372036854775807 + 1") == "1:29: integer overflow: 9223372036854775807 + 1")
        #expect(failure(of: "let xs = []\nlet x = xs[0]") == "2:11: index 0 out of range (the list has 0 elements)")
        #expect(failure(of: "def f(a) { return a }\nlet x = f()") == "2:9: f() takes 1 argument, got 0")
        #expect(failure(of: "echo ok\n  netwrk ls") == "2:3: unknown command: netwrk (did you mean \"network\"?)")
        #expect(failure(of: "for i in 1..3 { }\nbreak") == "2:1: 'break' outside a loop")
        #expect(failure(of: "continue") == "1:1: 'continue' outside a loop")
    }

    @Test func otherSyntaxErrors() {
        #expect(failure(of: "let 5 = 1") == "1:5: expected a variable name after 'let', found '5'")
        #expect(failure(of: "let if = 1") == "1:5: 'if' is a reserved word, not a name")
        #expect(failure(of: "true = 1") == "1:1: 'true' is a reserved word, not a name")
        #expect(failure(of: "let x 1") == "1:7: expected '=', found '1'")
        #expect(failure(of: "if x\n{ }") == "1:5: expected '{' to start the 'if' block, found end of line")
        #expect(failure(of: "for x of xs { }") == "1:7: expected 'in', found 'of'")
        #expect(failure(of: "echo {") == "1:6: unexpected '{' in a command (write '{' in quotes to pass it)")
        #expect(failure(of: "let x = 1.5") == "1:9: invalid number '1.5'")
        #expect(failure(of: "let x = 1 +") == "1:12: expected an expression, found end of input")
        #expect(failure(of: "try") == "1:4: expected a command or '{' after 'try', found end of input")
        #expect(failure(of: "else { }") == "1:1: 'else' must follow the closing '}' of an 'if' on the same line")
        #expect(failure(of: "let x = $") == "1:9: expected a variable name after '$', found '$'")
    }

    @Test func invalidUTF8AndBinaryInputAreErrors() {
        var bytes = Array("echo ok\necho é".utf8)
        bytes.append(0xFF)
        bytes += Array(" more\n".utf8)
        #expect(throws: Diagnostic.self) { try Source(name: "bad.dnet", bytes: bytes) }
        do {
            _ = try Source(name: "bad.dnet", bytes: bytes)
        } catch let d as Diagnostic {
            #expect(d.description == "bad.dnet:2:7: error: invalid UTF-8 in input")
            #expect(d.kind == .syntax)
        } catch {}
        for broken: [UInt8] in [[0xC0, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x80]] {
            #expect(throws: Diagnostic.self) { try Source(name: "x", bytes: broken) }
        }
        do {
            _ = try Source(name: "bin", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x00, 0x01])
            Issue.record("NUL accepted")
        } catch let d as Diagnostic {
            #expect(d.description == "bin:1:6: error: binary input: NUL byte")
        } catch {}
        #expect(failure(of: "echo a\u{0}b") == "1:7: binary input: NUL byte")
        let good = try? Source(name: "ok", bytes: Array("echo 日本 ü 🎉".utf8), firstLine: 7)
        #expect(good?.text == "echo 日本 ü 🎉")
    }

    @Test func firstLineOffsetsReportedLines() throws {
        let harness = Harness()
        let program = try harness.interpreter.compile(Source(name: "<stdin>", text: "echo a\necho $nope", firstLine: 41))
        guard case .failed(let d, _) = harness.interpreter.run(program) else {
            Issue.record("expected failure")
            return
        }
        #expect(d.description == "<stdin>:42:6: error: undefined variable 'nope'")
    }
}
