import DnetCommandKit
import DnetEngine

/// Shared plumbing of dnet's engine commands: engine errors, flag parsing, and the docker
/// CLI's texts for wrong flags and argument counts (without its `docker: ` prefix).
enum CommandSupport {
    /// Runs `body`, turning engine errors into command failures with Docker's message.
    static func engineCall<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as EngineError {
            throw CommandFailure(error.message)
        }
    }

    /// Parses `arguments` against `spec`. `--help` (or `-h`) given as a flag prints the help
    /// and returns nil; as in cobra, a bad flag anywhere wins over it.
    static func parse(_ arguments: [String], _ spec: CommandSpec, path: [String], context: CommandContext) throws -> ParsedFlags? {
        let flags: ParsedFlags
        do { flags = try FlagParser.parse(arguments, options: spec.options + [helpOption]) } catch let failure as CommandFailure {
            throw flagFailure(failure.message, spec, path: path)
        }
        if flags.flag("help") {
            context.stdout.write(spec.helpText(path: path))
            return nil
        }
        return flags
    }

    /// cobra's own flag, which every command has and no help lists.
    static let helpOption = OptionSpec(["-h", "--help"], "Print usage")

    /// A bad flag or flag value, worded as cobra words it: the error, the usage line, a pointer
    /// to `--help`; exit status 125.
    static func flagFailure(_ message: String, _ spec: CommandSpec, path: [String]) -> CommandFailure {
        let full = (path + [spec.name]).joined(separator: " ")
        return CommandFailure("\(message)\n\nUsage:  \(useLine(spec, path: path))\n\nRun '\(full) --help' for more information",
                              status: 125)
    }

    /// A value that the option's own parser refuses (pflag's `invalid argument` text).
    static func invalidValue(_ value: String, option: String, _ reason: String, _ spec: CommandSpec,
                             path: [String]) -> CommandFailure {
        let shown = spec.option(named: option)?.displayName ?? option
        return flagFailure("invalid argument \"\(value)\" for \"\(shown)\" flag: \(reason)", spec, path: path)
    }

    /// cobra's `UseLine`: the command path and its usage.
    static func useLine(_ spec: CommandSpec, path: [String]) -> String {
        (path + [spec.name]).joined(separator: " ") + (spec.usage.isEmpty ? "" : " " + spec.usage)
    }

    /// Docker's loop over `rm`/`start`/`stop` arguments: `body` handles one, which is printed
    /// as given once done; a failure does not stop the others, and the command fails at the
    /// end with every error, one a line. `forgive` says which engine errors are only reported
    /// on stderr (`-f` on a missing one) or skipped.
    static func eachArgument(_ references: [String], _ context: CommandContext,
                             forgive: (EngineError) -> Forgiveness = { _ in .fail },
                             _ body: (String) throws -> Void) throws -> Int32 {
        var failures: [String] = []
        for reference in references {
            do {
                try body(reference)
                context.stdout.write(reference + "\n")
            } catch let error as EngineError {
                switch forgive(error) {
                case .fail: failures.append(error.message)
                case .report: context.stderr.write(error.message + "\n")
                case .skip: break
                }
            } catch let failure as CommandFailure {
                failures.append(failure.message)
            }
        }
        if !failures.isEmpty { throw CommandFailure(failures.joined(separator: "\n")) }
        return 0
    }

    enum Forgiveness { case fail, report, skip }

    /// Docker's texts for a wrong number of arguments (its `cli.NoArgs`, `ExactArgs`,
    /// `RequiresMinArgs`, `RequiresMaxArgs`), exit status 1.
    static func requireArguments(_ flags: ParsedFlags, _ spec: CommandSpec, path: [String], min: Int, max: Int? = nil) throws {
        let count = flags.positionals.count
        let full = (path + [spec.name]).joined(separator: " ")
        func plural(_ n: Int) -> String { "\(n) argument\(n == 1 ? "" : "s")" }
        let problem: (text: String, see: String)?
        if max == 0, count > 0 {
            problem = ("accepts no arguments", "Run")
        } else if let max, min == max, count != min {
            problem = ("requires \(plural(min))", "Run")
        } else if count < min {
            problem = ("requires at least \(plural(min))", "See")
        } else if let max, count > max {
            problem = ("requires at most \(plural(max))", "Run")
        } else {
            problem = nil
        }
        if let problem {
            throw CommandFailure("'\(full)' \(problem.text)\n\nUsage:  \(useLine(spec, path: path))\n\n\(problem.see) '\(full) --help' for more information")
        }
    }

    /// `k=v` options (labels, driver options) into a dictionary, as Docker's `MapOpts` and
    /// `ConvertKVStringsToMap` do: a bare `k` has an empty value, a repeated key keeps the last.
    static func keyValues(_ items: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for item in items {
            if let equals = item.firstIndex(of: "=") {
                result[String(item[..<equals])] = String(item[item.index(after: equals)...])
            } else {
                result[item] = ""
            }
        }
        return result
    }
}
