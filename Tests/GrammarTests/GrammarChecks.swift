/// Static checks that make an `EBNFGrammar` safe and meaningful to run: every rule it refers
/// to exists, every rule is used, and no rule can reach itself without consuming a character
/// (left recursion), which the `Recognizer` could not terminate on.
enum GrammarChecks {
    /// Rules referred to but never defined, as "rule → missing" strings.
    static func undefinedReferences(in grammar: EBNFGrammar) -> [String] {
        grammar.ruleNames.flatMap { name in
            grammar.rules[name]!.references.filter { grammar.rules[$0] == nil }.map { "\(name) → \($0)" }
        }
    }

    /// Rules that cannot be reached from `start`.
    static func unreachableRules(in grammar: EBNFGrammar, from start: String) -> [String] {
        var reached: Set<String> = [start]
        var pending = [start]
        while let name = pending.popLast() {
            for next in grammar.rules[name]?.references ?? [] where reached.insert(next).inserted {
                pending.append(next)
            }
        }
        return grammar.ruleNames.filter { !reached.contains($0) }
    }

    /// Rules that can call themselves at the position they started at.
    static func leftRecursiveRules(in grammar: EBNFGrammar) -> [String] {
        let nullable = nullableRules(in: grammar)
        var leftCalls: [String: Set<String>] = [:]
        for name in grammar.ruleNames {
            leftCalls[name] = leftmostReferences(of: grammar.rules[name]!, nullable: nullable)
        }
        return grammar.ruleNames.filter { start in
            var seen: Set<String> = []
            var pending = Array(leftCalls[start] ?? [])
            while let name = pending.popLast() {
                if name == start { return true }
                if seen.insert(name).inserted { pending.append(contentsOf: leftCalls[name] ?? []) }
            }
            return false
        }
    }

    /// Rules that can match the empty text, by fixpoint.
    static func nullableRules(in grammar: EBNFGrammar) -> Set<String> {
        var nullable: Set<String> = []
        var changed = true
        while changed {
            changed = false
            for name in grammar.ruleNames where !nullable.contains(name) {
                if canBeEmpty(grammar.rules[name]!, nullable: nullable) {
                    nullable.insert(name)
                    changed = true
                }
            }
        }
        return nullable
    }

    private static func canBeEmpty(_ expression: GrammarExpression, nullable: Set<String>) -> Bool {
        switch expression {
        case .literal, .characterSet: return false
        case .reference(let name): return nullable.contains(name)
        case .sequence(let items): return items.allSatisfy { canBeEmpty($0, nullable: nullable) }
        case .choice(let items): return items.contains { canBeEmpty($0, nullable: nullable) }
        case .optional, .zeroOrMore: return true
        case .oneOrMore(let item): return canBeEmpty(item, nullable: nullable)
        // Over-approximates (B could exclude the empty text), which is the safe side here.
        case .exception(let item, _): return canBeEmpty(item, nullable: nullable)
        }
    }

    /// Rules that `expression` may call before consuming anything. Both sides of an exception
    /// count: the recognizer evaluates B at the same start as A.
    private static func leftmostReferences(of expression: GrammarExpression, nullable: Set<String>) -> Set<String> {
        switch expression {
        case .literal, .characterSet: return []
        case .reference(let name): return [name]
        case .sequence(let items):
            var result: Set<String> = []
            for item in items {
                result.formUnion(leftmostReferences(of: item, nullable: nullable))
                if !canBeEmpty(item, nullable: nullable) { break }
            }
            return result
        case .choice(let items):
            return items.reduce(into: []) { $0.formUnion(leftmostReferences(of: $1, nullable: nullable)) }
        case .optional(let item), .zeroOrMore(let item), .oneOrMore(let item):
            return leftmostReferences(of: item, nullable: nullable)
        case .exception(let item, let excluded):
            return leftmostReferences(of: item, nullable: nullable)
                .union(leftmostReferences(of: excluded, nullable: nullable))
        }
    }
}
