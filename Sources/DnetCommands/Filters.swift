import Foundation
import DnetCommandKit

/// `-f/--filter KEY=VALUE` values, kept as Docker's `filters.Args`: keys lowercased, keys and
/// values trimmed of spaces, each value once per key.
public struct Filters {
    private var table: [String: [String]] = [:]
    /// The keys in the order first given (for reporting the first bad one).
    private var keys: [String] = []

    /// Parses the option's values as the docker CLI's `FilterOpt` does; a value without `=`
    /// is refused as a bad flag value.
    public init(_ raw: [String], option: String, _ spec: CommandSpec, path: [String]) throws {
        for item in raw where !item.isEmpty {
            guard let equals = item.firstIndex(of: "=") else {
                throw CommandSupport.invalidValue(item, option: option, "bad format of filter (expected name=value)",
                                                  spec, path: path)
            }
            let key = Self.trimSpaces(item[..<equals]).lowercased()
            let value = Self.trimSpaces(item[item.index(after: equals)...])
            if table[key] == nil { keys.append(key) }
            if !(table[key] ?? []).contains(value) { table[key, default: []].append(value) }
        }
    }

    /// The daemon's check that every key is one the command knows (Docker's text).
    public func validate(allowed: Set<String>) throws {
        if let bad = keys.first(where: { !allowed.contains($0) }) {
            throw CommandFailure("Invalid filter '\(bad)'")
        }
    }

    func values(_ key: String) -> [String] { table[key] ?? [] }

    func contains(_ key: String) -> Bool { table[key] != nil }

    /// True when `key` is absent, or when one of its values satisfies `test` (values of one key OR together).
    public func matchAny(_ key: String, _ test: (String) throws -> Bool) rethrows -> Bool {
        guard let candidates = table[key] else { return true }
        return try candidates.contains(where: test)
    }

    /// Docker's `Match`: true when `key` is absent, or when one of its values equals `source`
    /// or, as a regular expression, matches part of it (a value that is no valid expression
    /// matches nothing).
    func match(_ key: String, _ source: String) -> Bool {
        guard let candidates = table[key] else { return true }
        return candidates.contains { pattern in
            if pattern == source { return true }
            guard let expression = try? NSRegularExpression(pattern: pattern) else { return false }
            return expression.firstMatch(in: source, range: NSRange(source.startIndex..., in: source)) != nil
        }
    }

    /// Docker's `MatchKVList`: every `label=k` / `label=k=v` value must hold (labels AND together),
    /// and a network without labels matches none.
    public func matchLabels(_ key: String, _ labels: [String: String]) -> Bool {
        guard let wanted = table[key] else { return true }
        guard !labels.isEmpty else { return false }
        return wanted.allSatisfy { Self.labelMatches($0, labels) }
    }

    /// `k` (the label is set) or `k=v` (set to exactly v).
    static func labelMatches(_ filter: String, _ labels: [String: String]) -> Bool {
        if let equals = filter.firstIndex(of: "=") {
            return labels[String(filter[..<equals])] == String(filter[filter.index(after: equals)...])
        }
        return labels[filter] != nil
    }

    /// Go's `strings.TrimSpace`.
    private static func trimSpaces(_ text: Substring) -> String {
        String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
