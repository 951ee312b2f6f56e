import DnetCommandKit
@testable import DnetLanguage

/// An interpreter with small fake commands and captured output.
final class Harness {
    let registry = CommandRegistry()
    let stdout: OutputSink
    let stderr = OutputSink.capture()
    let context: CommandContext
    let interpreter: Interpreter

    init(arguments: [String] = [], environment: [String: String] = [:], stdout: OutputSink = .capture()) {
        self.stdout = stdout
        context = CommandContext(stdout: stdout, stderr: stderr, environment: environment)
        registry.register(CommandSpec(name: "echo", summary: "Print the arguments")) { args, context in
            context.stdout.write(args.joined(separator: " ") + "\n")
            return 0
        }
        registry.register(CommandSpec(name: "words", summary: "Print each argument in brackets")) { args, context in
            context.stdout.write(args.map { "[\($0)]" }.joined() + "\n")
            return 0
        }
        registry.register(CommandSpec(name: "fail", summary: "Exit with a status (default 3)")) { args, _ in
            Int32(args.first ?? "3") ?? 3
        }
        registry.register(CommandSpec(name: "boom", summary: "Fail with a message")) { args, _ in
            throw CommandFailure("boom: \(args.joined(separator: " "))", status: 4)
        }
        registry.register(CommandSpec(name: "network", summary: "Manage networks",
                                      subcommands: [CommandSpec(name: "ls", summary: "List networks")])) { args, context in
            context.stdout.write("network " + args.joined(separator: " ") + "\n")
            return 0
        }
        interpreter = Interpreter(registry: registry, context: context, arguments: arguments)
    }

    enum Result: Equatable {
        case outcome(Interpreter.Outcome)
        case syntaxError(Diagnostic)
    }

    @discardableResult
    func run(_ text: String, name: String = "test.dnet", directory: String? = nil) -> Result {
        do {
            let program = try interpreter.compile(Source(name: name, text: text, directory: directory))
            return .outcome(interpreter.run(program))
        } catch let diagnostic as Diagnostic {
            return .syntaxError(diagnostic)
        } catch {
            preconditionFailure("compile threw \(error)")
        }
    }

    var output: String { stdout.capturedText }
}

/// The stdout of `text`, or a description of why it did not finish.
func output(of text: String, arguments: [String] = []) -> String {
    let harness = Harness(arguments: arguments)
    let result = harness.run(text)
    guard result == .outcome(.finished) else { return harness.output + "<<\(describe(result))>>" }
    return harness.output
}

/// The diagnostic a run stops with: "line:col: message" (syntax or runtime), or nil if it finished.
func failure(of text: String) -> String? {
    let harness = Harness()
    switch harness.run(text) {
    case .syntaxError(let d), .outcome(.failed(let d, _)):
        return "\(d.line):\(d.column): \(d.message)"
    default:
        return nil
    }
}

func describe(_ result: Harness.Result) -> String {
    switch result {
    case .syntaxError(let d): return "syntax " + d.description
    case .outcome(.failed(let d, let status)): return "failed(\(status)) " + d.description
    case .outcome(let other): return "\(other)"
    }
}
