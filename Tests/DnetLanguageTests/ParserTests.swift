import Testing
@testable import DnetLanguage

/// A compact, unambiguous rendering of the syntax tree.
func sexp(_ text: String) throws -> String {
    try Parser(bytes: Array(text.utf8)).parseProgram().map(sexp).joined(separator: " ")
}

func sexp(_ s: Statement) -> String {
    func block(_ b: Block) -> String { "{" + b.statements.map(sexp).joined(separator: " ") + "}" }
    switch s {
    case .declare(let n, let e, _): return "(let \(n) \(sexp(e)))"
    case .assign(let n, let e, _): return "(set \(n) \(sexp(e)))"
    case .command(let words, _): return "(cmd " + words.map(sexp).joined(separator: " ") + ")"
    case .conditional(let branches, let otherwise, _):
        return "(if " + branches.map { sexp($0.0) + " " + block($0.1) }.joined(separator: " ")
            + (otherwise.map { " else " + block($0) } ?? "") + ")"
    case .whileLoop(let c, let b, _): return "(while \(sexp(c)) \(block(b)))"
    case .forLoop(let n, let e, let b, _): return "(for \(n) \(sexp(e)) \(block(b)))"
    case .function(let n, let p, let b, _): return "(def \(n)(\(p.joined(separator: ","))) \(block(b)))"
    case .returnValue(let e, _): return "(return" + (e.map { " " + sexp($0) } ?? "") + ")"
    case .breakLoop: return "(break)"
    case .continueLoop: return "(continue)"
    case .tryBlock(let b, let name, let handler, _):
        return "(try \(block(b)) catch \(name) \(block(handler)))"
    case .tryCommand(let inner, _): return "(try \(sexp(inner)))"
    case .assert(let c, let m, _): return "(assert \(sexp(c))" + (m.map { " " + sexp($0) } ?? "") + ")"
    case .block(let b): return block(b)
    }
}

func sexp(_ w: Word) -> String {
    w.parts.map { part -> String in
        switch part {
        case .text(let t): return "'\(t)'"
        case .interpolation(let e, let quoted): return (quoted ? "q" : "") + "<\(sexp(e))>"
        }
    }.joined()
}

func sexp(_ e: Expression) -> String {
    switch e {
    case .int(let i, _): return String(i)
    case .bool(let b, _): return String(b)
    case .string(let parts, _):
        return "\"" + parts.map { part -> String in
            switch part {
            case .text(let t): return t
            case .interpolation(let e): return "<\(sexp(e))>"
            }
        }.joined() + "\""
    case .variable(let n, _): return n
    case .status: return "$?"
    case .list(let items, _): return "[" + items.map(sexp).joined(separator: " ") + "]"
    case .unary(let op, let x, _): return "(\(op.rawValue) \(sexp(x)))"
    case .chain(let first, let rest):
        return "(" + sexp(first) + rest.map { " \($0.0.rawValue) " + sexp($0.1) }.joined() + ")"
    case .range(let a, let b, _): return "(\(sexp(a))..\(sexp(b)))"
    case .index(let a, let i, _): return "\(sexp(a))[\(sexp(i))]"
    case .call(let n, let args, _): return "\(n)(" + args.map(sexp).joined(separator: " ") + ")"
    case .capture(let statements, _): return "$(" + statements.map(sexp).joined(separator: " ") + ")"
    }
}

struct ParserTests {
    @Test func commandWordsAndParts() throws {
        #expect(try sexp("network create --subnet 10.9.0.0/24 front") == "(cmd 'network' 'create' '--subnet' '10.9.0.0/24' 'front')")
        #expect(try sexp("echo web$i \"a $x\" $xs") == "(cmd 'echo' 'web'<i> 'a 'q<x> <xs>)")
        #expect(try sexp("echo ${a[0]} $(ls -q)") == "(cmd 'echo' <a[0]> <$((cmd 'ls' '-q'))>)")
    }

    @Test func precedenceAndAssociativity() throws {
        #expect(try sexp("let x = 1 + 2 * 3 - 4") == "(let x (1 + (2 * 3) - 4))")
        #expect(try sexp("let x = a || b && !c == d") == "(let x (a || (b && ((! c) == d))))")
        #expect(try sexp("let x = 1..n+1") == "(let x (1..(n + 1)))")
        #expect(try sexp("let x = -xs[1][2]") == "(let x (- xs[1][2]))")
        #expect(try sexp("let x = -9223372036854775808") == "(let x -9223372036854775808)")
        #expect(try sexp("let x = f(a, g(b),)") == "(let x f(a g(b)))")
        #expect(try sexp("let x = $n + $?") == "(let x (n + $?))")
    }

    @Test func assignmentsAndCalls() throws {
        #expect(try sexp("x = 1; x=2; x =3") == "(set x 1) (set x 2) (set x 3)")
        #expect(try sexp("x == 1") == "(cmd 'x' '==' '1')")
        #expect(throws: ParseError.self) { try sexp("f(1)") }
    }

    @Test func controlFlow() throws {
        #expect(try sexp("if a { b } elif c { d } else { e }") == "(if a {(cmd 'b')} c {(cmd 'd')} else {(cmd 'e')})")
        #expect(try sexp("while x<3{x = x + 1}") == "(while (x < 3) {(set x (x + 1))})")
        #expect(try sexp("for i in 1..3 { if i == 2 { continue }; break }")
                == "(for i (1..3) {(if (i == 2) {(continue)}) (break)})")
        #expect(try sexp("def f(a, b) { return a + b }\ndef g() { return }")
                == "(def f(a,b) {(return (a + b))}) (def g() {(return)})")
        #expect(try sexp("try { fail } catch err { echo $err }\ntry fail 2")
                == "(try {(cmd 'fail')} catch err {(cmd 'echo' <err>)}) (try (cmd 'fail' '2'))")
        #expect(throws: ParseError.self) { try sexp("try { x }") }
        #expect(throws: ParseError.self) { try sexp("try f(1)") }
        #expect(try sexp("assert len(xs) == 3 \"need three, got \" + str(len(xs))")
                == "(assert (len(xs) == 3) (\"need three, got \" + str(len(xs))))")
        #expect(try sexp("{ let a = 1 }") == "{(let a 1)}")
    }

    @Test func longStatementListsAndChainsStayFlat() throws {
        let long = "let x = " + Array(repeating: "1", count: 50_000).joined(separator: " + ")
        #expect(output(of: long + "\necho $x") == "50000\n")
        let many = String(repeating: "x = x + 1\n", count: 100_000)
        #expect(output(of: "let x = 0\n" + many + "echo $x") == "100000\n")
    }

    @Test func inputStateTellsWhetherMoreIsNeeded() {
        let incomplete = ["if x {", "let xs = [1,", "echo \"abc", "echo 'abc", "echo $(ls", "echo ${x",
                          "echo a \\", "echo a \\\n", "let r = f(1,\n", "for i in xs {\n echo $i\n", "def f() {\n if x {\n}"]
        for text in incomplete {
            #expect(Interpreter.inputState(of: text) == .incomplete, "\(text)")
        }
        let complete = ["echo hi", "if x { echo }", "if x {\n}\n", "}", "let x = ", "echo a}", "echo '}'",
                        "let x = (1]", "if x\n", ""]
        for text in complete {
            #expect(Interpreter.inputState(of: text) == .complete, "\(text)")
        }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(failure(of: "let x = " + deep) == "1:209: nesting too deep (more than 200 levels)")
        let unary = "let x = " + String(repeating: "- ", count: 300) + "1"
        #expect(failure(of: unary)?.hasSuffix("nesting too deep (more than 200 levels)") == true)
    }
}
