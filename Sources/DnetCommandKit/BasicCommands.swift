import Glibc

/// The commands every dnet has, whatever else is registered: `echo`, `sleep`, `host`.
public enum BasicCommands {
    public static func register(into registry: CommandRegistry) {
        registry.register(CommandSpec(
            name: "echo", usage: "[-n] [WORDS...]", summary: "Print the words, separated by spaces",
            options: [OptionSpec(["-n"], "Do not print the trailing newline")]), handler: echo)
        registry.register(CommandSpec(
            name: "sleep", usage: "SECONDS", summary: "Wait SECONDS (decimals allowed; Ctrl-C interrupts)"), handler: sleep)
        registry.register(CommandSpec(
            name: "host", usage: "PROGRAM [ARGS...]",
            summary: "Run a program on the host, directly (no shell); its output passes through",
            arguments: .file), handler: host)
    }

    static func echo(_ args: [String], _ context: CommandContext) throws -> Int32 {
        var words = args[...]
        var newline = true
        if words.first == "-n" { newline = false; words = words.dropFirst() }
        context.stdout.write(words.joined(separator: " ") + (newline ? "\n" : ""))
        return 0
    }

    static func sleep(_ args: [String], _ context: CommandContext) throws -> Int32 {
        guard args.count == 1 else {
            throw CommandFailure("sleep: expected one argument, SECONDS (got \(args.count))", status: 2)
        }
        guard let seconds = Double(args[0]), seconds >= 0, seconds.isFinite else {
            throw CommandFailure("sleep: invalid time interval '\(args[0])'", status: 2)
        }
        context.flushAll()
        var remaining = seconds
        // Short slices keep Ctrl-C responsive.
        while remaining > 0 {
            if context.interruption.isRequested { return 130 }
            let slice = min(remaining, 0.05)
            var ts = timespec(tv_sec: Int(slice), tv_nsec: Int((slice - Double(Int(slice))) * 1e9))
            nanosleep(&ts, nil)
            remaining -= slice
        }
        return context.interruption.isRequested ? 130 : 0
    }

    static func host(_ args: [String], _ context: CommandContext) throws -> Int32 {
        try ProcessRunner.run(args, name: "host", context: context)
    }
}
