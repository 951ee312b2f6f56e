import Foundation
import Glibc
import Testing

/// dnet driven as a person or a program would drive it: a producer that waits for each
/// statement's output before writing the next, and a real terminal through tmux.
struct InteractiveTests {
    /// Reads from `fd` until `text` has arrived (or `seconds` pass); returns all that was read.
    static func read(_ fd: Int32, until text: String, seconds: Double = 10) -> String {
        var received = ""
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.contains(text) && Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            received += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        return received
    }

    @Test func producerWaitsForEachAnswer() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DnetBinary.path)
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let write = { (text: String) in input.fileHandleForWriting.write(Data(text.utf8)) }
        let out = output.fileHandleForReading.fileDescriptor

        write("echo first\n")
        #expect(Self.read(out, until: "first\n") == "first\n")
        write("let n = 40\n")
        write("echo ${n + 2}\n")
        #expect(Self.read(out, until: "42\n") == "42\n")
        // A block runs only once its closing brace arrives, then at once.
        write("for i in 1..2 {\n")
        write("  echo loop$i\n")
        write("}\n")
        #expect(Self.read(out, until: "loop2\n") == "loop1\nloop2\n")
        write("if n == 40 {\n  echo yes\n} else {\n  echo no\n}\n")
        #expect(Self.read(out, until: "yes\n") == "yes\n")
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// A tmux session running dnet in a real terminal.
    /// Runs on a tmux server of its own (a private socket), so no other server's state leaks in.
    struct Terminal {
        let name = "dnet-test"
        let home: URL
        /// Each terminal has a socket of its own: a server that exits removes its socket file,
        /// which must not be a later server's.
        let socket: String

        /// `arguments`: dnet's own, as a shell would take them (`--sandbox`).
        init(home: URL, socketName: String = "tmux.sock", arguments: String = "") throws {
            self.home = home
            socket = home.appendingPathComponent(socketName).path
            try tmux(["new-session", "-d", "-s", name, "-x", "120", "-y", "50",
                      "env HOME=\(home.path) TERM=xterm \(DnetBinary.path) \(arguments)"], capture: false)
            serverPID = Int32(try tmux(["display-message", "-p", "#{pid}"]).filter(\.isNumber)) ?? 0
        }

        /// The tmux server's pid, so `close` can end it even if its socket is gone.
        private(set) var serverPID: Int32 = 0

        /// Runs a tmux client. Foundation's Process is not used here: it notices a child's exit
        /// through a descriptor that the tmux server, which `new-session` forks, would inherit
        /// and keep open, so it would wait forever.
        @discardableResult
        func tmux(_ args: [String], capture: Bool = true) throws -> String {
            try Spawn.run(["tmux", "-S", socket] + args, capture: capture)
        }

        func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }
        func press(_ key: String) throws { try tmux(["send-keys", "-t", name, key]) }
        func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name, "-S", "-200"]) }

        /// Waits until the screen satisfies `condition`; returns the last screen seen.
        @discardableResult
        func wait(seconds: Double = 10, for condition: (String) -> Bool) throws -> String {
            let deadline = Date().addingTimeInterval(seconds)
            var text = try screen()
            while !condition(text) && Date() < deadline {
                usleep(50_000)
                text = try screen()
            }
            return text
        }

        func close() {
            _ = try? tmux(["kill-server"], capture: false)
            if serverPID > 0 { kill(serverPID, SIGKILL) }
        }
    }

    static func lines(_ screen: String, equalTo text: String) -> Int {
        screen.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces) == text }.count
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")))
    func replInARealTerminal() throws {
        let home = try DnetBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let term = try Terminal(home: home)
        defer { term.close() }

        // capture-pane drops trailing blanks: the prompts read "dnet>" and "...>" there.
        var screen = try term.wait { $0.contains("dnet>") }
        #expect(screen.contains("dnet>"), "prompt:\n\(screen)")

        try term.type("let x = 41"); try term.press("Enter")
        try term.type("echo ${x + 1}"); try term.press("Enter")
        screen = try term.wait { Self.lines($0, equalTo: "42") == 1 }
        #expect(Self.lines(screen, equalTo: "42") == 1, "variables persist between lines:\n\(screen)")

        // A multi-line block: the continuation prompt, then the loop runs at its `}`.
        try term.type("for i in 1..3 {"); try term.press("Enter")
        screen = try term.wait { $0.contains("...>") }
        #expect(screen.contains("...>"), "continuation prompt:\n\(screen)")
        try term.type("echo item$i"); try term.press("Enter")
        try term.type("}"); try term.press("Enter")
        screen = try term.wait { Self.lines($0, equalTo: "item3") == 1 }
        #expect(Self.lines(screen, equalTo: "item1") == 1 && Self.lines(screen, equalTo: "item3") == 1, "\(screen)")

        // Up-arrow recalls the previous line.
        try term.type("echo recall-me"); try term.press("Enter")
        try term.wait { Self.lines($0, equalTo: "recall-me") == 1 }
        try term.press("Up"); try term.press("Enter")
        screen = try term.wait { Self.lines($0, equalTo: "recall-me") == 2 }
        #expect(Self.lines(screen, equalTo: "recall-me") == 2, "history recall:\n\(screen)")

        // Tab completes a command word.
        try term.type("ech"); try term.press("Tab")
        try term.type(" completed-by-tab"); try term.press("Enter")
        screen = try term.wait { Self.lines($0, equalTo: "completed-by-tab") == 1 }
        #expect(Self.lines(screen, equalTo: "completed-by-tab") == 1, "tab completion:\n\(screen)")

        // Ctrl-C interrupts a running loop and returns to the prompt; the shell goes on.
        try term.type("while true { }"); try term.press("Enter")
        // The loop is running once its line is echoed and no new prompt follows it.
        try term.wait { $0.contains("dnet> while true { }") }
        usleep(500_000)
        try term.press("C-c")
        try term.wait { screen in
            let lines = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let loop = lines.lastIndex(of: "dnet> while true { }") else { return false }
            return lines[(loop + 1)...].contains { $0.hasPrefix("dnet>") }
        }
        try term.type("echo after-interrupt"); try term.press("Enter")
        screen = try term.wait { Self.lines($0, equalTo: "after-interrupt") == 1 }
        #expect(Self.lines(screen, equalTo: "after-interrupt") == 1, "Ctrl-C:\n\(screen)")

        // Ctrl-C while typing drops the line, and an open block with it.
        try term.type("echo dropped-line"); try term.press("C-c")
        try term.type("for i in 1..2 {"); try term.press("Enter"); try term.press("C-c")
        try term.type("echo fresh-prompt"); try term.press("Enter")
        screen = try term.wait { Self.lines($0, equalTo: "fresh-prompt") == 1 }
        #expect(Self.lines(screen, equalTo: "fresh-prompt") == 1 && Self.lines(screen, equalTo: "dropped-line") == 0,
                "Ctrl-C on a line:\n\(screen)")

        // An error prints and the shell goes on.
        try term.type("echo $undefined_thing"); try term.press("Enter")
        try term.type("echo still-here"); try term.press("Enter")
        screen = try term.wait { Self.lines($0, equalTo: "still-here") == 1 }
        #expect(screen.contains("error:") && Self.lines(screen, equalTo: "still-here") == 1, "\(screen)")

        // Ctrl-D exits; history was kept in ~/.dnet_history.
        try term.press("C-d")
        try term.wait { $0.isEmpty }
        // libedit's history file escapes blanks as \040.
        let history = (try? String(contentsOf: home.appendingPathComponent(".dnet_history"), encoding: .utf8)) ?? ""
        #expect(history.contains("recall-me"), "history file:\n\(history)")
        // A new shell recalls the last session's lines.
        let again = try Terminal(home: home, socketName: "tmux-again.sock")
        defer { again.close() }
        try again.wait { $0.contains("dnet>") }
        try again.press("Up"); try again.press("Enter")
        screen = try again.wait { Self.lines($0, equalTo: "still-here") == 1 }
        #expect(Self.lines(screen, equalTo: "still-here") == 1, "history across runs:\n\(screen)")
    }

    /// Container names complete wherever a command takes a container, typed as a person types
    /// them: a unique prefix and Tab, then the rest of the line. Each line's output shows that
    /// the completed name reached the command.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") && getuid() == 0,
                   "needs tmux, and root for dnet --sandbox"))
    func containerNamesCompleteInARealTerminal() throws {
        let home = try DnetBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        // A private network namespace and data root of its own, gone when dnet exits.
        let term = try Terminal(home: home, arguments: "--sandbox")
        defer { term.close() }
        var removedAll = false
        defer {
            // A test that stops half-way still ends its containers' processes and dnet.
            if !removedAll {
                try? term.press("C-c")
                try? term.type("rm -f sharer linker echoer webserver1"); try? term.press("Enter"); usleep(500_000)
                try? term.press("C-d"); usleep(200_000)
            }
        }
        try term.wait { $0.contains("dnet>") }

        /// Waits for a fresh prompt, as a person does: keys typed while a command still runs
        /// reach the terminal before the line editor has it.
        func prompt() throws {
            try term.wait { screen in
                screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?
                    .trimmingCharacters(in: .whitespaces) == "dnet>"
            }
        }
        /// Types `prefix`, presses Tab, types `rest` and Enter; waits for a line equal to `output`.
        func complete(_ prefix: String, _ rest: String, shows output: String, times: Int = 1) throws {
            try prompt()
            try term.type(prefix); try term.press("Tab")
            try term.type(rest); try term.press("Enter")
            let screen = try term.wait { Self.lines($0, equalTo: output) >= times }
            #expect(Self.lines(screen, equalTo: output) == times, "\(prefix)<Tab>\(rest):\n\(screen)")
        }
        func enter(_ line: String, shows output: String) throws {
            try prompt()
            try term.type(line); try term.press("Enter")
            let screen = try term.wait { Self.lines($0, equalTo: output) >= 1 }
            #expect(Self.lines(screen, equalTo: output) == 1, "\(line):\n\(screen)")
        }

        try enter("network create --subnet 10.91.0.0/24 front; echo made-front", shows: "made-front")
        try enter("run --name webserver1 -- sleep 1000; echo made-web", shows: "made-web")
        try enter("run --name echoer -- echo logged-line; echo made-echoer", shows: "made-echoer")

        try complete("inspect -f 'name={{.Name}}' web", "", shows: "name=/webserver1")
        try complete("exec web", "echo exec-ok", shows: "exec-ok")
        try complete("logs ech", "", shows: "logged-line")
        // The second word of `network connect|disconnect NETWORK CONTAINER`, after an option's value too.
        try complete("network connect front web", "; echo connected", shows: "connected")
        try enter("inspect -f 'nets={{len .NetworkSettings.Networks}}' webserver1", shows: "nets=2")
        try complete("network disconnect front web", "; echo disconnected", shows: "disconnected")
        try enter("inspect -f 'after-disconnect={{len .NetworkSettings.Networks}}' webserver1", shows: "after-disconnect=1")
        try complete("network connect --ip 10.91.0.50 front web", "; echo connected-with-ip", shows: "connected-with-ip")
        try enter("inspect -f 'ip={{.NetworkSettings.Networks.front.IPAddress}}' webserver1", shows: "ip=10.91.0.50")
        try complete("stop -t 1 web", "", shows: "webserver1")
        try complete("start web", "", shows: "webserver1", times: 2)
        try complete("run --name linker --link web", "; echo made-linker", shows: "made-linker")
        try enter("inspect -f 'links={{json .HostConfig.Links}}' linker", shows: #"links=["/webserver1:/linker/webserver1"]"#)
        try complete("run --name sharer --net container:web", "; echo made-sharer", shows: "made-sharer")
        // The ids printed so far: the network's, then webserver1's.
        let ids = try term.screen().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.count == 64 && $0.allSatisfy(\.isHexDigit) }
        try enter("inspect -f 'shares={{.HostConfig.NetworkMode}}' sharer", shows: "shares=container:" + (ids.dropFirst().first ?? "?"))
        try complete("rm -f shar", "", shows: "sharer")
        // Their main processes would outlive dnet's sandbox.
        try enter("rm -f linker echoer webserver1; echo removed-all", shows: "removed-all")
        removedAll = true
        // Ctrl-D ends dnet, and its sandbox with it.
        try term.press("C-d")
        try term.wait { $0.isEmpty }
    }
}
