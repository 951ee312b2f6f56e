import DnetCommandKit

/// Whether text typed so far is a whole statement, or ends inside something still open.
public enum InputState: Equatable {
    /// Ready to compile (possibly to a syntax error).
    case complete
    /// Inside an open block, bracket, parenthesis, `${`, `$(`, quote, or after a trailing `\`.
    case incomplete
}

/// Compiles and runs dnet code. Globals and functions persist across `compile`/`run` calls,
/// so a REPL can run one statement at a time.
public final class Interpreter {
    let runtime: Runtime

    /// `arguments` become the global list `$args`.
    public init(registry: CommandRegistry, context: CommandContext, arguments: [String] = []) {
        runtime = Runtime(registry: registry, context: context)
        runtime.global("args").pointee = .list(arguments.map { .string($0) })
    }

    /// How a run ended.
    public enum Outcome: Equatable {
        case finished
        /// A command or runtime error (status 1), or a syntax error in a `source`d file (status 2):
        /// `status` is the exit status for the process; `lastStatus` holds `$?`.
        case failed(Diagnostic, status: Int32)
        case exited(Int32)
        /// Ctrl-C was noticed (the interruption flag is left set for the caller to clear).
        case interrupted
    }

    /// Whether `text` is complete: the REPL and the stdin runner add lines until it is. Text with a
    /// syntax error is complete (compiling it reports the error).
    public static func inputState(of text: String) -> InputState {
        do {
            _ = try Parser(bytes: Array(text.utf8)).parseProgram()
            return .complete
        } catch let error as ParseError {
            return error.incomplete ? .incomplete : .complete
        } catch {
            return .complete
        }
    }

    /// Parses and compiles the whole source; nothing runs. Throws a syntax `Diagnostic`.
    public func compile(_ source: Source) throws -> Program {
        try runtime.compile(SourceFile(source))
    }

    /// Runs a compiled program. Commands write to the context's sinks (flushed after each command);
    /// errors are returned, not printed, and a command failure caught by `try` shows nothing.
    public func run(_ program: Program) -> Outcome {
        runtime.prepareStackGuard()
        defer { runtime.flushOutput() }
        do {
            try runtime.execute(program)
            return .finished
        } catch let error as RuntimeError {
            return .failed(error.diagnostic, status: error.syntaxDiagnostic == nil ? 1 : 2)
        } catch let exit as ExitRequest {
            return .exited(exit.status)
        } catch {
            // InterruptRequest is the only other error compiled code throws.
            return .interrupted
        }
    }

    /// Declared global variables, for completion.
    public var variableNames: [String] { runtime.definedVariableNames }
    /// Defined functions, for completion.
    public var functionNames: [String] { runtime.definedFunctionNames }
    /// `$?`: the status of the last command that ran.
    public var lastStatus: Int32 { runtime.lastStatus }
}
