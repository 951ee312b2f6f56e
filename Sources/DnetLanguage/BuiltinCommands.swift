import DnetCommandKit
import Glibc

/// The commands the language itself provides (`echo`, `sleep`, `host` are registered ones).
enum BuiltinCommand {
    /// Specs for `help`; `assert` and `try` are statements, listed here so that help covers them.
    static let specs: [CommandSpec] = [
        CommandSpec(name: "assert", usage: "EXPR [MESSAGE]",
                    summary: "Fail with an error (and MESSAGE) unless the condition EXPR is true"),
        CommandSpec(name: "exit", usage: "[STATUS]", summary: "Stop the run with STATUS (default 0)"),
        CommandSpec(name: "help", usage: "[COMMAND...]", summary: "Show the commands, or help for one command"),
        CommandSpec(name: "source", usage: "FILE",
                    summary: "Run a .dnet file in the global scope (a relative path is taken from the sourcing file's directory)"),
        CommandSpec(name: "try", usage: "COMMAND... | try { ... } catch ERR { ... }",
                    summary: "Run a command (leaving its status in $?) or a block without stopping on failure"),
    ]
}

extension Runtime {
    func runBuiltinCommand(_ name: String, _ arguments: [String], at location: Location) throws {
        switch name {
        case "exit":
            guard arguments.count <= 1 else { throw RuntimeError("exit: too many arguments", at: location) }
            guard let status = Int(arguments.first ?? "0") else {
                throw RuntimeError("exit: numeric argument required, got '\(arguments[0])'", at: location)
            }
            throw ExitRequest(status: Int32(status & 0xFF))
        case "source":
            guard arguments.count == 1 else {
                throw RuntimeError("source: expected one file name, got \(arguments.count) arguments", at: location)
            }
            try source(arguments[0], at: location)
        default:
            try help(arguments, at: location)
        }
    }

    /// Runs a file in the global scope; its syntax errors carry its own name and line.
    private func source(_ path: String, at location: Location) throws {
        var resolved = path
        if !path.hasPrefix("/"), let directory = location.file.directory {
            resolved = directory.hasSuffix("/") ? directory + path : directory + "/" + path
        }
        let directory: String? = resolved.lastIndex(of: "/").map {
            $0 == resolved.startIndex ? "/" : String(resolved[..<$0])
        } ?? location.file.directory
        let bytes: [UInt8]
        do {
            bytes = try FileReader.read(resolved)
        } catch let error as FileReader.Failure {
            throw RuntimeError("source: cannot read \(resolved): \(error.reason)", at: location)
        }
        let program: Program
        do {
            let text = try Source(name: resolved, bytes: bytes, directory: directory)
            program = try compile(SourceFile(text))
        } catch let diagnostic as Diagnostic {
            var error = RuntimeError(diagnostic.description, at: location, status: 2)
            error.syntaxDiagnostic = diagnostic
            throw error
        }
        if depth >= Runtime.maxDepth {
            throw RuntimeError("maximum nesting depth (\(Runtime.maxDepth)) exceeded by 'source'", at: location)
        }
        try checkStack(location)
        depth += 1
        defer { depth -= 1 }
        try execute(program)
    }

    private func help(_ words: [String], at location: Location) throws {
        let out = context.stdout
        guard let first = words.first else {
            out.write(helpOverview())
            return
        }
        if let text = registry.helpText(for: words) {
            out.write(text)
        } else if words.count == 1, let spec = BuiltinCommand.specs.first(where: { $0.name == first }) {
            out.write(spec.helpText(path: []))
        } else if words.count == 1, let function = BuiltinFunction(rawValue: first) {
            out.write("\nUsage:  \(function.signature)\n\n\(function.summary)\n")
        } else {
            var message = "help: unknown command: \(words.joined(separator: " "))"
            let known = registry.commandNames + BuiltinCommand.specs.map(\.name)
                + BuiltinFunction.allCases.map(\.rawValue)
            if words.count == 1, let close = suggestion(for: first, among: known) {
                message += " (did you mean \"\(close)\"?)"
            }
            throw RuntimeError(message, at: location)
        }
    }

    private func helpOverview() -> String {
        let commands = registry.commandNames.compactMap { registry.lookup($0)?.spec }
        let rows: [(String, [(String, String)])] = [
            ("Built-in commands", BuiltinCommand.specs.map { ($0.name, $0.summary) }),
            ("Commands", commands.map { ($0.name, $0.summary) }),
            ("Functions", BuiltinFunction.allCases.map { ($0.signature, $0.summary) }),
        ]
        // Both command tables share one column width so they read as one list.
        let commandWidth = (rows[0].1 + rows[1].1).map(\.0.count).max() ?? 0
        var out = "\nUsage:  COMMAND [ARG...]\n"
        for (title, entries) in rows where !entries.isEmpty {
            let width = title == "Functions" ? entries.map(\.0.count).max() ?? 0 : commandWidth
            out += "\n\(title):\n"
            for (name, summary) in entries {
                out += "  " + name + String(repeating: " ", count: width - name.count) + "   " + summary + "\n"
            }
        }
        return out + "\nRun 'help COMMAND' for more information on a command.\n"
    }
}

/// Reads a whole file with plain system calls (no Foundation, to keep start-up fast).
enum FileReader {
    struct Failure: Error {
        let reason: String
    }

    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: String(cString: strerror(errno)))
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }
}
