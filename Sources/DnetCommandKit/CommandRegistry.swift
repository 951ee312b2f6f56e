/// Runs one command: argv excludes the command's own name. Returns the exit status;
/// throw `CommandFailure` to fail with a message.
public typealias CommandHandler = (_ arguments: [String], _ context: CommandContext) throws -> Int32

/// Lists names of one kind (networks, containers) for completion.
public typealias NameLister = () -> [String]

/// The table of commands the interpreter can run. The language knows a command only as a
/// name plus argv; later layers register theirs here.
public final class CommandRegistry {
    public struct Entry {
        public var spec: CommandSpec
        public var handler: CommandHandler
    }

    private(set) public var entries: [String: Entry] = [:]
    private var listers: [String: NameLister] = [:]

    public init() {}

    public func register(_ spec: CommandSpec, handler: @escaping CommandHandler) {
        entries[spec.name] = Entry(spec: spec, handler: handler)
    }

    public func lookup(_ name: String) -> Entry? { entries[name] }

    public var commandNames: [String] { entries.keys.sorted() }

    /// Registers a source of names for completion of values of kind `.named(kind)`.
    public func registerNames(_ kind: String, lister: @escaping NameLister) {
        listers[kind] = lister
    }

    public func names(of kind: String) -> [String] { listers[kind]?() ?? [] }

    /// The known command closest to `name`, for "did you mean" (nil when none is close).
    public func suggestion(for name: String) -> String? {
        var best: (String, Int)?
        for candidate in entries.keys {
            let d = editDistance(name, candidate)
            let limit = max(1, min(candidate.count, name.count) / 3)
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) {
                best = (candidate, d)
            }
        }
        return best?.0
    }

    /// Help for `words` (["network", "create"]), or nil when they name no command.
    public func helpText(for words: [String]) -> String? {
        guard let first = words.first, var spec = entries[first]?.spec else { return nil }
        var path: [String] = []
        for word in words.dropFirst() {
            guard let sub = spec.subcommand(word) else { return nil }
            path.append(spec.name)
            spec = sub
        }
        return spec.helpText(path: path)
    }
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
