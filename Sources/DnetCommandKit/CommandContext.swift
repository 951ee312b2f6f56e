import Glibc

/// What a running command may use: its output streams, the environment, a way to notice Ctrl-C.
public final class CommandContext {
    public var stdout: OutputSink
    public var stderr: OutputSink
    /// The descriptor a child process reads as stdin (/dev/null when dnet itself reads its program from stdin).
    public var stdinDescriptor: Int32
    /// True when a person can answer questions (stdin and stderr are terminals).
    public var isInteractive: Bool
    public var environment: [String: String]
    public let interruption: Interruption

    public init(stdout: OutputSink, stderr: OutputSink, stdinDescriptor: Int32 = 0,
                isInteractive: Bool = false, environment: [String: String] = [:],
                interruption: Interruption = Interruption()) {
        self.stdout = stdout
        self.stderr = stderr
        self.stdinDescriptor = stdinDescriptor
        self.isInteractive = isInteractive
        self.environment = environment
        self.interruption = interruption
    }

    /// The same context writing its stdout into a fresh capture buffer (for `$(…)`).
    public func capturing() -> CommandContext {
        CommandContext(stdout: .capture(), stderr: stderr, stdinDescriptor: stdinDescriptor,
                       isInteractive: isInteractive, environment: environment, interruption: interruption)
    }

    public func flushAll() {
        stdout.flush()
        stderr.flush()
    }
}
