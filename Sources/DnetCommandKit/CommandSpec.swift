/// What kind of name a command argument or option value is, for completion.
public enum ValueKind: Sendable, Equatable {
    case none
    case file
    /// A name that a registered completer lists, e.g. "network" or "container".
    case named(String)
}

/// One option of a command, declared once for parsing help and completion.
public struct OptionSpec: Sendable, Equatable {
    /// All spellings, short first: ["-f", "--format"].
    public var names: [String]
    /// The value's placeholder in usage ("string", "list"), nil for a flag without value.
    public var valueName: String?
    public var description: String
    public var valueKind: ValueKind

    public init(_ names: [String], value valueName: String? = nil, _ description: String,
                completes valueKind: ValueKind = .none) {
        self.names = names
        self.valueName = valueName
        self.description = description
        self.valueKind = valueKind
    }

    public var takesValue: Bool { valueName != nil }
}

/// A command's declaration: its name, usage, options and subcommands.
public struct CommandSpec: Sendable {
    public var name: String
    /// "[OPTIONS] NETWORK" — the part after the command path in the usage line.
    public var usage: String
    public var summary: String
    public var options: [OptionSpec]
    public var subcommands: [CommandSpec]
    /// What the positional arguments name, for completion: the first, and every later one
    /// unless `laterArguments` says otherwise.
    public var arguments: ValueKind
    /// What the second, third, … positional arguments name, when they differ from the first
    /// (`network connect NETWORK CONTAINER`); the last kind goes on for the rest.
    public var laterArguments: [ValueKind]
    /// Other names for the command (`ls` is also `list`).
    public var aliases: [String]

    public init(name: String, aliases: [String] = [], usage: String = "", summary: String,
                options: [OptionSpec] = [], subcommands: [CommandSpec] = [], arguments: ValueKind = .none,
                laterArguments: [ValueKind] = []) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.options = options
        self.subcommands = subcommands
        self.arguments = arguments
        self.laterArguments = laterArguments
    }

    /// What the positional argument at `index` (from 0) names.
    public func argumentKind(at index: Int) -> ValueKind {
        guard index > 0, !laterArguments.isEmpty else { return arguments }
        return laterArguments[min(index - 1, laterArguments.count - 1)]
    }

    public func subcommand(_ name: String) -> CommandSpec? {
        subcommands.first { $0.name == name || $0.aliases.contains(name) }
    }

    public func option(named name: String) -> OptionSpec? {
        options.first { $0.names.contains(name) }
    }

    /// Docker-style help text for this command, `path` being the words that lead to it.
    public func helpText(path: [String]) -> String {
        let full = (path + [name]).joined(separator: " ")
        var out = "\nUsage:  \(full)" + (usage.isEmpty ? "" : " " + usage) + "\n\n\(summary)\n"
        if !aliases.isEmpty {
            let prefix = path.joined(separator: " ")
            out += "\nAliases:\n  " + ([name] + aliases).map { prefix.isEmpty ? $0 : prefix + " " + $0 }.joined(separator: ", ") + "\n"
        }
        if !subcommands.isEmpty {
            out += "\nCommands:\n"
            // cobra pads names to at least 11 columns, then one space.
            let width = max(11, subcommands.map(\.name.count).max() ?? 0)
            for sub in subcommands {
                out += "  " + sub.name.padding(to: width) + " " + sub.summary + "\n"
            }
            out += "\nRun '\(full) COMMAND --help' for more information on a command.\n"
        }
        if !options.isEmpty {
            out += "\nOptions:\n"
            let lefts = options.map { opt -> String in
                let short = opt.names.first { !$0.hasPrefix("--") }
                let long = opt.names.first { $0.hasPrefix("--") }
                var left = short.map { $0 + (long == nil ? "" : ", ") } ?? "    "
                left += long ?? ""
                if let v = opt.valueName { left += " " + v }
                return left
            }
            let width = lefts.map(\.count).max() ?? 0
            for (left, opt) in zip(lefts, options) {
                out += "  " + left.padding(to: width) + "   "
                    + Self.wrap(opt.description, indent: width + 5, columns: Self.helpColumns) + "\n"
            }
        }
        return out
    }
}

extension CommandSpec {
    /// The width option descriptions wrap to: the docker CLI's 80 columns less one.
    static let helpColumns = 79

    /// pflag's `wrap`: the description starts at column `indent` and continues on lines
    /// indented as much, broken at spaces (or at its own newlines) to stay within `columns`;
    /// a last word may run 5 columns over rather than sit alone on a line.
    static func wrap(_ text: String, indent: Int, columns: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        let slop = 5
        let room = columns - indent
        guard room >= 24 else { return text.replacingNewlines(with: "\n" + pad) }
        var rest = Substring(text)
        var lines: [Substring] = []
        repeat {
            let (line, remainder) = wrapOnce(rest, width: room - slop, slop: slop)
            lines.append(line)
            rest = remainder
        } while !rest.isEmpty
        return lines.map { String($0).replacingNewlines(with: "\n" + pad) }.joined(separator: "\n" + pad)
    }

    /// pflag's `wrapN`: the first line of at most `width` characters (or all of `text` when it
    /// fits in `width + slop`), and the rest.
    private static func wrapOnce(_ text: Substring, width: Int, slop: Int) -> (Substring, Substring) {
        if width + slop > text.count { return (text, "") }
        let window = text.prefix(width)
        guard let space = window.lastIndex(where: { $0 == " " || $0 == "\t" || $0 == "\n" }),
              space != text.startIndex else { return (text, "") }
        if let newline = window.lastIndex(of: "\n"), newline != text.startIndex, newline < space {
            return (text[..<newline], text[text.index(after: newline)...])
        }
        return (text[..<space], text[text.index(after: space)...])
    }
}

extension String {
    func replacingNewlines(with replacement: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: replacement)
    }

    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
