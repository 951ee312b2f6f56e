import Glibc
import DnetCommandKit
import DnetCommands
import DnetDaemon
import DnetLanguage

/// One interpreter with its registry and output streams, shared by every way of running dnet.
final class Session {
    let registry: CommandRegistry
    let context: CommandContext
    let interpreter: Interpreter
    let stderr: OutputSink

    /// With `remote`, the engine commands run on that daemon (`dnet -H`), else on a local
    /// engine made from `setup`.
    init(setup: EngineSetup? = nil, remote: DaemonClient? = nil, arguments: [String] = [], stdinDescriptor: Int32 = 0,
         interactive: Bool = false) {
        registry = CommandRegistry()
        BasicCommands.register(into: registry)
        stderr = .fileDescriptor(2)
        let stdout = OutputSink.fileDescriptor(1)
        if let remote {
            RemoteCommands.register(into: registry, client: remote)
        } else if let setup {
            DnetCommands.register(into: registry, engine: EngineHandle { try setup.makeEngine(output: stdout) })
        }
        let interruption = Interruption()
        context = CommandContext(stdout: stdout, stderr: stderr,
                                 stdinDescriptor: stdinDescriptor, isInteractive: interactive,
                                 interruption: interruption)
        interpreter = Interpreter(registry: registry, context: context, arguments: arguments)
    }

    /// Prints a diagnostic on stderr, after any pending stdout so the order stays true.
    func report(_ diagnostic: Diagnostic) {
        context.stdout.flush()
        stderr.write(diagnostic.rendered.hasSuffix("\n") ? diagnostic.rendered : diagnostic.rendered + "\n")
        stderr.flush()
    }

    /// An error of dnet itself (bad engine settings), before any script runs.
    func reportError(_ message: String) {
        stderr.write("dnet: \(message)\n")
        stderr.flush()
    }

    func reportUsage(_ message: String) {
        stderr.write("dnet: \(message)\nSee 'dnet --help'.\n")
        stderr.flush()
    }

    enum Result {
        case ok
        /// A syntax, runtime or command error (already reported), with dnet's exit status for it.
        case error(Int32)
        /// `exit n`.
        case exit(Int32)
        case interrupted

        /// The status a non-interactive run stops with, or nil to go on.
        var stopStatus: Int32? {
            switch self {
            case .ok: return nil
            case .error(let code), .exit(let code): return code
            case .interrupted: return 130
            }
        }
    }

    /// Compiles and runs one unit of source: syntax errors exit 2 before anything runs,
    /// runtime and command errors exit 1.
    func execute(_ source: Source) -> Result {
        let program: Program
        do {
            program = try interpreter.compile(source)
        } catch let diagnostic as Diagnostic {
            report(diagnostic)
            return .error(2)
        } catch {
            stderr.write("dnet: \(error)\n")
            stderr.flush()
            return .error(2)
        }
        let outcome = interpreter.run(program)
        context.flushAll()
        switch outcome {
        case .finished: return .ok
        case .failed(let diagnostic, let status):
            // 1 for a runtime or command error; 2 for a syntax error in a `source`d file.
            report(diagnostic)
            return .error(status)
        case .exited(let code): return .exit(code)
        case .interrupted: return .interrupted
        }
    }
}
