import Foundation
import Testing

/// The ways to run dnet: -c, one command from argv, a script with arguments, a shebang,
/// stdin, and dnet's own usage errors and exit statuses.
struct RunModeTests {
    @Test func commandText() throws {
        let r = try DnetBinary.run(["-c", "echo one; echo two"])
        #expect(r.stdout == "one\ntwo\n")
        #expect(r.status == 0)
    }

    @Test func wordsRunAsOneCommand() throws {
        let r = try DnetBinary.run(["echo", "hello", "a b", "$HOME", "{{.Name}}"])
        #expect(r.stdout == "hello a b $HOME {{.Name}}\n")
        let docker = try DnetBinary.run(["docker", "echo", "pasted"])
        #expect(docker.stdout == "pasted\n")
    }

    @Test func scriptArgumentsAndShebang() throws {
        let dir = try DnetBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("args.dnet")
        try "#!/usr/bin/env dnet\necho ${len(args)} ${args[0]} ${args[1]}\n".write(to: script, atomically: true, encoding: .utf8)
        let r = try DnetBinary.run([script.path, "first", "second"])
        #expect(r.stdout == "2 first second\n")
        #expect(r.stderr == "")

        // Through the kernel's shebang handling, with dnet found on PATH.
        chmod(script.path, 0o755)
        let binDir = URL(fileURLWithPath: DnetBinary.path).deletingLastPathComponent().path
        let process = Process()
        process.executableURL = script
        process.arguments = ["x", "y"]
        process.environment = ["PATH": binDir + ":/usr/bin:/bin"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: data, as: UTF8.self) == "2 x y\n")
    }

    @Test func exitStatuses() throws {
        #expect(try DnetBinary.run(["-c", "exit 7"]).status == 7)
        #expect(try DnetBinary.run(["-c", "echo ok"]).status == 0)
        let runtime = try DnetBinary.run(["-c", "echo before; echo $nope; echo after"])
        #expect(runtime.status == 1)
        #expect(runtime.stdout == "before\n")
        let syntax = try DnetBinary.run(["-c", "echo before; echo \"open"])
        #expect(syntax.status == 2)
        #expect(syntax.stdout == "", "a syntax error runs nothing")
        #expect(syntax.stderr.hasPrefix("<command>:1:19: error: "))
    }

    @Test func usageErrors() throws {
        let r = try DnetBinary.run(["--no-such-flag"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown flag: --no-such-flag"))
        #expect(try DnetBinary.run(["-c"]).status == 2)
        let help = try DnetBinary.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("Usage:  dnet"))
    }

    @Test func stdinRunsStatements() throws {
        let r = try DnetBinary.run([], input: Data("let x = 2\nfor i in 1..x {\n  echo i$i\n}\necho done\n".utf8))
        #expect(r.stdout == "i1\ni2\ndone\n")
        #expect(r.status == 0)
        let dash = try DnetBinary.run(["-"], input: Data("echo dash\n".utf8))
        #expect(dash.stdout == "dash\n")
    }

    @Test func stdinErrorsNameTheLine() throws {
        let r = try DnetBinary.run([], input: Data("echo a\necho b\necho $missing\necho c\n".utf8))
        #expect(r.stdout == "a\nb\n")
        #expect(r.stderr.hasPrefix("<stdin>:3:6: error: "))
        #expect(r.status == 1)
    }

    @Test func outputOrderAcrossChildProcesses() throws {
        // stdout is a pipe here: dnet must flush before the child writes.
        let r = try DnetBinary.run(["-c", "echo a; host printf 'b\\n'; echo c; host printf 'd\\n'"])
        #expect(r.stdout == "a\nb\nc\nd\n")
    }

    @Test func childProcessStatusAndCapture() throws {
        let r = try DnetBinary.run(["-c", "try host false; echo status=$?; let x = $(host printf 'x\\n\\n'); echo [$x]"])
        #expect(r.stdout == "status=1\n[x]\n")
        let failing = try DnetBinary.run(["-c", "host false; echo unreachable"])
        #expect(failing.status == 1)
        #expect(failing.stdout == "")
        let missing = try DnetBinary.run(["-c", "host no-such-program-here"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no-such-program-here"))
    }

    @Test func nonUTF8InputIsAnError() throws {
        let dir = try DnetBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.dnet")
        try Data([0x65, 0x63, 0x68, 0x6f, 0x20, 0xff, 0xfe, 0x0a]).write(to: file)
        let r = try DnetBinary.run([file.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error:"))
        let binary = try DnetBinary.run([], input: Data([0x00, 0x01, 0x02, 0x7f, 0x0a]))
        #expect(binary.status == 2)
        #expect(binary.stderr.contains("error:"))
    }

    @Test func megabyteLineAndLongScript() throws {
        let dir = try DnetBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let long = String(repeating: "x", count: 1 << 20)
        let r = try DnetBinary.run([], input: Data("let s = \"\(long)\"\necho ${len(s)}\n".utf8))
        #expect(r.stdout == "\(1 << 20)\n")

        let lines = (0..<100_000).map { "n = n + \($0 % 3)" }.joined(separator: "\n")
        let file = dir.appendingPathComponent("long.dnet")
        try ("let n = 0\n" + lines + "\necho $n\n").write(to: file, atomically: true, encoding: .utf8)
        let big = try DnetBinary.run([file.path])
        #expect(big.stdout == "99999\n")
        #expect(big.status == 0)
    }
}
