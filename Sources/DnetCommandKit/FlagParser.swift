/// Parses argv the way Docker's CLI (Cobra/pflag) does, from the command's `OptionSpec`s:
/// `--name value`, `--name=value`, `-n value`, `-nvalue`, grouped short flags `-qa`,
/// booleans as `--flag` or `--flag=false`, `--` ending the options, and options anywhere
/// among the positional arguments.
public enum FlagParser {
    public static func parse(_ args: [String], options: [OptionSpec]) throws -> ParsedFlags {
        var parsed = ParsedFlags()
        var index = 0
        func spec(_ name: String) -> OptionSpec? { options.first { $0.names.contains(name) } }

        while index < args.count {
            let arg = args[index]
            index += 1
            if arg == "--" {
                parsed.positionals += args[index...]
                break
            }
            if arg.hasPrefix("--") {
                let body = arg.dropFirst(2)
                let name = "--" + String(body.prefix { $0 != "=" })
                let inline: String? = body.contains("=") ? String(body[body.index(after: body.firstIndex(of: "=")!)...]) : nil
                guard let option = spec(name) else { throw CommandFailure("unknown flag: \(name)", status: 125) }
                if option.takesValue {
                    if let inline {
                        parsed.add(option, inline)
                    } else {
                        guard index < args.count else {
                            throw CommandFailure("flag needs an argument: \(name)", status: 125)
                        }
                        parsed.add(option, args[index])
                        index += 1
                    }
                } else {
                    parsed.add(option, try boolean(inline ?? "true", flag: option.displayName))
                }
            } else if arg.hasPrefix("-") && arg.count > 1 {
                // A group of short flags; the first one that takes a value consumes the rest.
                var rest = Substring(arg.dropFirst())
                while let letter = rest.first {
                    rest = rest.dropFirst()
                    guard let option = spec("-\(letter)") else {
                        throw CommandFailure("unknown shorthand flag: '\(letter)' in -\(letter)\(rest)", status: 125)
                    }
                    if option.takesValue {
                        var value = String(rest.hasPrefix("=") ? rest.dropFirst() : rest)
                        if rest.isEmpty {
                            guard index < args.count else {
                                throw CommandFailure("flag needs an argument: '\(letter)' in -\(letter)", status: 125)
                            }
                            value = args[index]
                            index += 1
                        }
                        parsed.add(option, value)
                        break
                    }
                    if rest.hasPrefix("=") {
                        parsed.add(option, try boolean(String(rest.dropFirst()), flag: option.displayName))
                        break
                    }
                    parsed.add(option, "true")
                }
            } else {
                parsed.positionals.append(arg)
            }
        }
        return parsed
    }

    static func boolean(_ text: String, flag: String) throws -> String {
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": return "true"
        case "0", "f", "F", "false", "FALSE", "False": return "false"
        default:
            throw CommandFailure("invalid argument \"\(text)\" for \"\(flag)\" flag: strconv.ParseBool: parsing \"\(text)\": invalid syntax", status: 125)
        }
    }
}

/// What `FlagParser` found: values by option (under its longest name) and the positionals.
public struct ParsedFlags {
    private var values: [String: [String]] = [:]
    public var positionals: [String] = []

    mutating func add(_ option: OptionSpec, _ value: String) {
        values[option.key, default: []].append(value)
    }

    /// Every value given for the option named `name` (any of its spellings), in order.
    public func values(_ name: String) -> [String] { values[OptionSpec.key(name)] ?? [] }
    /// The last value given (pflag: a repeated scalar flag keeps the last).
    public func value(_ name: String) -> String? { values(name).last }
    public func isSet(_ name: String) -> Bool { values[OptionSpec.key(name)] != nil }
    /// A boolean flag: nil when not given.
    public func bool(_ name: String) -> Bool? { value(name).map { $0 == "true" } }
    public func flag(_ name: String) -> Bool { bool(name) ?? false }
}

extension OptionSpec {
    /// Values are stored under the name without dashes of the longest spelling.
    var key: String { OptionSpec.key(names.max { $0.count < $1.count } ?? names[0]) }

    /// How pflag names the option in its errors: `-f, --filter`, or `--no-trunc`.
    public var displayName: String {
        let short = names.first { !$0.hasPrefix("--") }
        let long = names.first { $0.hasPrefix("--") }
        switch (short, long) {
        case let (short?, long?): return "\(short), \(long)"
        default: return long ?? short ?? ""
        }
    }

    static func key(_ name: String) -> String {
        String(name.drop { $0 == "-" })
    }
}
