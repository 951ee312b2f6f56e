import Glibc
import CEditLine
import DnetCommandKit
import DnetLanguage

/// Tab completion for the REPL: command words, subcommands, options, `$variables`, and the
/// names (networks, containers) that later layers register.
enum Completion {
    nonisolated(unsafe) private static var session: Session?
    nonisolated(unsafe) private static var candidates: [String] = []

    static let keywords = ["let", "if", "elif", "else", "while", "for", "def", "return", "break",
                           "continue", "try", "catch", "assert", "exit", "source", "help"]

    static func install(_ session: Session) {
        Completion.session = session
        dnet_rl_set_word_breaks()
        dnet_rl_set_completer { text, start, _ in
            guard let text else { return nil }
            let line = String(cString: dnet_rl_line_buffer())
            let before = String(line.utf8.prefix(Int(start))) ?? ""
            Completion.candidates = Completion.candidates(for: String(cString: text), before: before)
            dnet_rl_completion_over()
            if Completion.candidates.isEmpty { return nil }
            return rl_completion_matches(text) { _, state in
                let index = Int(state)
                guard index < Completion.candidates.count else { return nil }
                return strdup(Completion.candidates[index])
            }
        }
    }

    /// The words that may complete `word`, given the text of the line before it.
    static func candidates(for word: String, before: String) -> [String] {
        guard let session else { return [] }
        let registry = session.registry
        if word.hasPrefix("$") {
            let names = session.interpreter.variableNames + ["args", "?"]
            return names.map { "$" + $0 }.filter { $0.hasPrefix(word) }.sorted()
        }
        var words = statementWords(before)
        if words.first == "docker" { words.removeFirst() }
        if words.first == "try" { words.removeFirst() }
        guard let first = words.first else {
            let all = registry.commandNames + session.interpreter.functionNames + keywords
            return Set(all).filter { $0.hasPrefix(word) }.sorted()
        }
        if first == "help" {
            return registry.commandNames.filter { $0.hasPrefix(word) }.sorted()
        }
        guard var spec = registry.lookup(first)?.spec else { return [] }
        // Walk down the subcommands named so far, counting positional arguments (an option's
        // value is not one: `network connect --ip 10.0.0.5 net <Tab>` completes a container).
        var positional = 0
        var optionValueNext = false
        for w in words.dropFirst() {
            if optionValueNext {
                optionValueNext = false
            } else if let sub = spec.subcommand(w), positional == 0 {
                spec = sub
            } else if w.hasPrefix("-") && w != "-" {
                optionValueNext = !w.contains("=") && spec.option(named: w)?.takesValue == true
            } else {
                positional += 1
            }
        }
        if word.hasPrefix("-") {
            return spec.options.flatMap(\.names).filter { $0.hasPrefix(word) }.sorted()
        }
        if optionValueNext, let previous = words.last, let option = spec.option(named: previous) {
            // `--net container:<Tab>`: the containers whose namespace to share.
            if option.valueKind == .named("network") && word.hasPrefix("container:") {
                return registry.names(of: "container").map { "container:" + $0 }.filter { $0.hasPrefix(word) }.sorted()
            }
            return names(option.valueKind, registry).filter { $0.hasPrefix(word) }.sorted()
        }
        if !spec.subcommands.isEmpty && positional == 0 {
            return spec.subcommands.map(\.name).filter { $0.hasPrefix(word) }.sorted()
        }
        return names(spec.argumentKind(at: positional), registry).filter { $0.hasPrefix(word) }.sorted()
    }

    /// The words of the statement being typed: only the current statement matters, and after
    /// `;`, `{` or `}` a new one begins, unless quoted (`inspect -f '{{.Name}}' <Tab>`); a
    /// quoted word is one word.
    static func statementWords(_ text: String) -> [String] {
        var words: [String] = [], current = "", quote: Character?
        for c in text {
            if let open = quote {
                current.append(c)
                if c == open { quote = nil }
                continue
            }
            switch c {
            case "'", "\"":
                quote = c
                current.append(c)
            case ";", "{", "}":
                words = []
                current = ""
            case " ", "\t":
                if !current.isEmpty { words.append(current) }
                current = ""
            default:
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    private static func names(_ kind: ValueKind, _ registry: CommandRegistry) -> [String] {
        if case .named(let kind) = kind { return registry.names(of: kind) }
        return []
    }
}
