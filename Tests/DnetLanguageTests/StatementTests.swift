import DnetCommandKit
import Glibc
import Testing
@testable import DnetLanguage

struct ScopeTests {
    @Test func letDeclaresInTheCurrentBlockAndAssignmentNeedsADeclaration() {
        #expect(output(of: "let x = 1\nif true { let x = 2; echo $x }\necho $x") == "2\n1\n")
        #expect(output(of: "let x = 1\nif true { x = 2 }\necho $x") == "2\n")
        #expect(output(of: "let x = 1\nlet x = x + 1\necho $x") == "2\n")
        #expect(failure(of: "if true { let y = 1 }\necho $y") == "2:6: undefined variable 'y'")
        #expect(failure(of: "echo ok\nz = 3") == "2:1: assignment to undeclared variable 'z' (declare it with 'let')")
        #expect(failure(of: "for i in 1..2 { }\necho $i") == "2:6: undefined variable 'i'")
    }

    @Test func variablesWithAndWithoutDollarAreTheSame() {
        #expect(output(of: "let n = 2\nlet m = $n + n\necho $m") == "4\n")
    }

    @Test func globalsPersistAcrossCompiledStatements() {
        let harness = Harness()
        harness.run("let count = 1")
        harness.run("def bump() { count = count + 1 }")
        harness.run("let ignored = bump()")
        harness.run("bump")
        harness.run("echo $count")
        #expect(harness.output == "3\n")
        #expect(harness.interpreter.variableNames == ["args", "count", "ignored"])
        #expect(harness.interpreter.functionNames == ["bump"])
    }

    @Test func argumentsAreAList() {
        #expect(output(of: "words $args ${len(args)} ${args[0]}", arguments: ["a b", "c"]) == "[a b][c][2][a b]\n")
    }
}

struct FunctionTests {
    @Test func callableInExpressionsAndAsCommands() {
        let script = """
        def add(a, b) { return a + b }
        def greet(who, where) {
          echo hello $who on $where
          return "ignored"
        }
        echo ${add(2, 3)}
        greet web1 front
        add 1 2
        """
        #expect(output(of: script) == "5\nhello web1 on front\n")
    }

    @Test func localsAreLocalAndGlobalsAreShared() {
        let script = """
        let total = 0
        let x = "global"
        def f(x) {
          let y = x * 2
          total = total + y
          return y
        }
        echo ${f(5)} $total $x
        """
        #expect(output(of: script) == "10 10 global\n")
        #expect(failure(of: "def f() { let inner = 1 }\nf\necho $inner") == "3:6: undefined variable 'inner'")
    }

    @Test func functionsSeeGlobalsDeclaredLaterAndCanBeRedefined() {
        #expect(output(of: "def f() { return later }\nlet later = 7\necho ${f()}\ndef f() { return 8 }\necho ${f()}") == "7\n8\n")
    }

    @Test func recursion() {
        let script = """
        def fib(n) {
          if n < 2 { return n }
          return fib(n - 1) + fib(n - 2)
        }
        def fact(n) { if n <= 1 { return 1 }; return n * fact(n - 1) }
        echo ${fib(15)} ${fact(20)}
        """
        #expect(output(of: script) == "610 2432902008176640000\n")
    }

    @Test func noReturnValueIsAnEmptyString() {
        #expect(output(of: "def f() { }\ndef g() { return }\nwords ${f()} ${g()}") == "[][]\n")
    }

    @Test func wrongNumberOfArguments() {
        #expect(failure(of: "def f(a, b) { }\nlet x = f(1)") == "2:9: f() takes 2 arguments, got 1")
        #expect(failure(of: "def f(a) { }\nf a b") == "2:1: f() takes 1 argument, got 2")
    }

    @Test func recursionDepthIsLimited() {
        let script = """
        def down(n) { if n == 0 { return 0 }; return down(n - 1) + 1 }
        echo ${down(999)}
        def forever(n) { return forever(n + 1) }
        echo ${forever(0)}
        """
        let harness = Harness()
        let result = harness.run(script)
        #expect(harness.output == "999\n")
        #expect(describe(result) == "failed(1) test.dnet:3:25: error: maximum recursion depth (1000) exceeded in 'forever'")
    }

    @Test func builtinNamesCannotBeRedefined() {
        #expect(failure(of: "def len(x) { }") == "1:5: cannot redefine built-in 'len'")
        #expect(failure(of: "def exit() { }") == "1:5: cannot redefine built-in 'exit'")
        #expect(failure(of: "def f(a, a) { }") == "1:10: duplicate parameter 'a'")
        #expect(failure(of: "return 1") == "1:1: 'return' outside a function")
    }
}

struct LoopTests {
    @Test func forOverListRangeAndStringLines() {
        #expect(output(of: #"for x in ["a", 1] { words $x }"#) == "[a]\n[1]\n")
        #expect(output(of: "for i in 1..3 { words $i }") == "[1]\n[2]\n[3]\n")
        #expect(output(of: "let n = 0\nfor i in 5..1 { n = n + 1 }\necho $n") == "0\n")
        #expect(output(of: "for id in $(echo a; echo; echo b c) { words $id }") == "[a]\n[b c]\n")
        #expect(output(of: "for ch in \"x\r\n\ny\n\" { words $ch }") == "[x]\n[y]\n")
        #expect(failure(of: "for x in 5 { }") == "1:10: type error: cannot loop over int (need a list, a range or a string)")
    }

    @Test func breakAndContinue() {
        let script = """
        let seen = []
        for i in 1..10 {
          if i % 2 == 0 { continue }
          if i > 7 { break }
          seen = seen + [i]
        }
        let n = 0
        while true { n = n + 1; if n >= 3 { break } }
        echo $seen $n
        """
        #expect(output(of: script) == "1 3 5 7 3\n")
        #expect(failure(of: "if true { break }") == "1:11: 'break' outside a loop")
        #expect(failure(of: "for i in 1..2 { def f() { continue } }") == "1:27: 'continue' outside a loop")
    }

    @Test func returnLeavesLoopsInsideFunctions() {
        #expect(output(of: "def first(xs) { for x in xs { if x > 1 { return x } }; return 0 }\necho ${first([1, 5, 9])}") == "5\n")
    }

    @Test func rangeLoopIsLazy() {
        #expect(output(of: "let n = 0\nfor i in 1..9223372036854775807 { n = n + 1; if n == 3 { break } }\necho $n") == "3\n")
    }
}

struct FailureTests {
    @Test func failingCommandStopsTheScript() {
        let harness = Harness()
        let result = harness.run("echo before\nfail 5\necho after")
        #expect(harness.output == "before\n")
        #expect(describe(result) == "failed(1) test.dnet:2:1: error: 'fail' exited with status 5")
        #expect(harness.interpreter.lastStatus == 5)
    }

    @Test func commandFailureMessageAndStatus() {
        let harness = Harness()
        let result = harness.run("  boom a b")
        #expect(describe(result) == "failed(1) test.dnet:1:3: error: boom: a b")
        #expect(harness.interpreter.lastStatus == 4)
    }

    @Test func tryCatchGivesTheMessageAndStatus() {
        let script = """
        try {
          echo in
          fail 6
          echo not reached
        } catch err {
          echo caught "$err" $?
        }
        try { boom x } catch e { echo $e $? }
        try { let z = 1 / 0 } catch e { echo $e $? }
        try { echo fine } catch e { echo no }
        echo $?
        """
        #expect(output(of: script) == "in\ncaught 'fail' exited with status 6 6\nboom: x 4\ndivision by zero 1\nfine\n0\n")
    }

    @Test func tryCommandNeverStopsAndLeavesTheStatus() {
        let script = """
        try fail 7
        if $? != 0 { echo unreachable $? }
        try echo ok
        echo $?
        try nosuchcommand
        echo $?
        try { fail } catch e { }
        echo after $?
        """
        let harness = Harness()
        let result = harness.run(script)
        #expect(result == .outcome(.finished))
        #expect(harness.output == "unreachable 7\nok\n0\n127\nafter 3\n")
        #expect(harness.stderr.capturedText == "")
    }

    @Test func statusOfTheLastCommand() {
        #expect(output(of: "echo $?\ntry fail 9\necho $?\necho $?") == "0\n9\n0\n")
    }

    @Test func assertWithMessage() {
        #expect(output(of: "let xs = [1, 2, 3]\nassert len(xs) == 3 \"need three\"\necho ok") == "ok\n")
        #expect(failure(of: "let xs = [1]\nassert len(xs) == 3 \"need three, got \" + str(len(xs))")
                == "2:1: assertion failed: need three, got 1")
        #expect(failure(of: "assert 1 == 2") == "1:1: assertion failed")
        #expect(failure(of: "assert 5") == "1:8: type error: a condition must be a bool, got int")
    }

    @Test func exitEndsTheRun() {
        let harness = Harness()
        #expect(harness.run("echo a\nexit 3\necho b") == .outcome(.exited(3)))
        #expect(harness.output == "a\n")
        #expect(Harness().run("exit") == .outcome(.exited(0)))
        #expect(Harness().run("try { exit 4 } catch e { echo no }") == .outcome(.exited(4)))
        #expect(failure(of: "exit x") == "1:1: exit: numeric argument required, got 'x'")
    }

    @Test func unknownCommandSuggestsAKnownName() {
        #expect(failure(of: "ehco hi") == "1:1: unknown command: ehco (did you mean \"echo\"?)")
        #expect(failure(of: "def deploy() { }\ndeploi") == "2:1: unknown command: deploi (did you mean \"deploy\"?)")
        #expect(failure(of: "sorce x") == "1:1: unknown command: sorce (did you mean \"source\"?)")
        #expect(failure(of: "zzzzzz") == "1:1: unknown command: zzzzzz")
    }

    @Test func runtimeErrorsComeAfterEarlierStatementsRan() {
        let harness = Harness()
        let result = harness.run("echo one\necho $missing\necho three")
        #expect(harness.output == "one\n")
        #expect(describe(result) == "failed(1) test.dnet:2:6: error: undefined variable 'missing'")
    }

    @Test func syntaxErrorsRunNothing() {
        let harness = Harness()
        let result = harness.run("echo one\nlet x = (\necho three\n")
        #expect(harness.output == "")
        #expect(describe(result) == "syntax test.dnet:3:6: error: expected ')', found 'three'")
    }
}

struct BuiltinCommandTests {
    @Test func helpListsAndDescribesCommands() {
        let harness = Harness()
        harness.run("help")
        #expect(harness.output.contains("  echo      Print the arguments\n"))
        #expect(harness.output.contains("  exit      Stop the run with STATUS (default 0)\n"))
        #expect(harness.output.contains("len(list_or_string)"))
        let one = Harness()
        one.run("help network ls\nhelp exit")
        #expect(one.output == "\nUsage:  network ls\n\nList networks\n\nUsage:  exit [STATUS]\n\nStop the run with STATUS (default 0)\n")
        #expect(failure(of: "help nosuch") == "1:1: help: unknown command: nosuch")
    }

    @Test func sourceRunsAFileInTheGlobalScopeRelativeToTheSourcingFile() throws {
        let dir = try TemporaryDirectory()
        try dir.write("lib/util.dnet", "let shared = \"from util\"\ndef twice(x) { return x * 2 }\nsource more.dnet\n")
        try dir.write("lib/more.dnet", "let more = 1\n")
        try dir.write("lib/broken.dnet", "echo fine\nlet = 3\n")
        try dir.write("main.dnet", "source lib/util.dnet\necho $shared ${twice(21)} $more\n")
        let harness = Harness()
        let result = harness.run(try dir.read("main.dnet"), name: dir.path + "/main.dnet", directory: dir.path)
        #expect(result == .outcome(.finished))
        #expect(harness.output == "from util 42 1\n")

        let broken = Harness()
        let outcome = broken.run("source lib/broken.dnet", name: "<stdin>", directory: dir.path)
        #expect(describe(outcome) == "failed(2) \(dir.path)/lib/broken.dnet:2:5: error: expected a variable name after 'let', found '='")
        #expect(broken.output == "")
        #expect(failure(of: "source /nonexistent/x.dnet") == "1:1: source: cannot read /nonexistent/x.dnet: No such file or directory")
    }
}

struct RuntimeBehaviourTests {
    @Test func interruptionStopsLoops() {
        let harness = Harness()
        harness.registry.register(CommandSpec(name: "ctrlc", summary: "Request an interruption")) { _, context in
            context.interruption.request()
            return 0
        }
        let result = harness.run("let n = 0\nwhile true { n = n + 1; if n == 5 { ctrlc } }")
        #expect(result == .outcome(.interrupted))
        #expect(harness.context.interruption.isRequested)
        harness.context.interruption.clear()
        harness.run("echo $n")
        #expect(harness.output == "5\n")
    }

    @Test func outputIsFlushedAfterEachCommand() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let sink = OutputSink.fileDescriptor(fds[1])
        let harness = Harness(stdout: sink)
        var seen: [String] = []
        harness.registry.register(CommandSpec(name: "peek", summary: "Read what reached the pipe")) { _, _ in
            var buffer = [UInt8](repeating: 0, count: 256)
            let flags = fcntl(fds[0], F_GETFL)
            _ = fcntl(fds[0], F_SETFL, flags | O_NONBLOCK)
            let n = read(fds[0], &buffer, 256)
            seen.append(n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : "")
            return 0
        }
        harness.run("echo one\npeek\nlet x = $(echo captured)\npeek\necho $x two\npeek")
        close(fds[1])
        #expect(seen == ["one\n", "", "captured two\n"])
    }

    @Test func compileRunsNothingAndProgramsCanRunAgain() throws {
        let harness = Harness()
        let program = try harness.interpreter.compile(Source(name: "t", text: "echo run"))
        #expect(harness.output == "")
        _ = harness.interpreter.run(program)
        _ = harness.interpreter.run(program)
        #expect(harness.output == "run\nrun\n")
    }
}

/// A scratch directory removed when the value is dropped.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/dnet-language-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestError("mkdtemp failed") }
        path = String(cString: made)
    }

    deinit {
        _ = system("rm -rf '\(path)'")
    }

    func write(_ relative: String, _ text: String) throws {
        let full = path + "/" + relative
        if let slash = full.lastIndex(of: "/") {
            _ = system("mkdir -p '\(full[..<slash])'")
        }
        guard let file = fopen(full, "w") else { throw TestError("cannot write \(full)") }
        fputs(text, file)
        fclose(file)
    }

    func read(_ relative: String) throws -> String {
        String(decoding: try FileReader.read(path + "/" + relative), as: UTF8.self)
    }
}

struct TestError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
