/// Decides whether a text belongs to the language of an `EBNFGrammar`.
///
/// For an expression and a start position it computes every position where a match can end
/// (all of them, not just the longest, so choices and repetitions need no backtracking rules),
/// memoizing the result per rule and position. `A - B` keeps A's end positions where B does not
/// match exactly the same text; B is evaluated over the input cut at A's farthest end, so a B
/// like `'{' Char*` costs no more than the text A matched. Left recursion would not terminate;
/// `GrammarChecks` rejects it before any recognizer runs.
final class Recognizer {
    /// The outcome of recognizing one text.
    struct Result {
        let accepted: Bool
        /// How far (in Unicode scalars) any rule got: where a rejected text stops making sense.
        let farthest: Int
    }

    private let program: Program
    private let text: [UInt32]
    /// Characters at and after `limit` are out of reach (for the B side of an exception).
    private let limit: Int
    /// Memoized end positions per rule and start position: `memo[(position - base) * ruleCount + rule]`.
    private let base: Int
    private var memo: [[Int]?]
    private(set) var farthest = 0

    /// Recognizes `text` as a whole against the rule named `start`.
    static func recognize(_ text: String, grammar: EBNFGrammar, start: String) -> Result {
        let program = Program(grammar: grammar)
        let scalars = text.unicodeScalars.map(\.value)
        let recognizer = Recognizer(program: program, text: scalars, base: 0, limit: scalars.count)
        guard let rule = program.ruleIndex[start] else { return Result(accepted: false, farthest: 0) }
        let ends = recognizer.ends(of: program.ruleNode[rule], at: 0)
        return Result(accepted: ends.contains(scalars.count), farthest: recognizer.farthest)
    }

    private init(program: Program, text: [UInt32], base: Int, limit: Int) {
        self.program = program
        self.text = text
        self.base = base
        self.limit = limit
        memo = Array(repeating: nil, count: (limit - base + 1) * program.ruleCount)
    }

    /// Every position where `node` can end when it starts at `position`, ascending.
    private func ends(of node: Int, at position: Int) -> [Int] {
        switch program.nodes[node] {
        case .literal(let scalars):
            guard position + scalars.count <= limit else { return [] }
            for (offset, scalar) in scalars.enumerated() where text[position + offset] != scalar { return [] }
            return reached(position + scalars.count)
        case .characterSet(let set):
            guard position < limit, set.contains(text[position]) else { return [] }
            return reached(position + 1)
        case .rule(let rule):
            let key = (position - base) * program.ruleCount + rule
            if let known = memo[key] { return known }
            let result = ends(of: program.ruleNode[rule], at: position)
            memo[key] = result
            return result
        case .sequence(let items):
            var current = [position]
            for item in items {
                current = union(current.map { ends(of: item, at: $0) })
                if current.isEmpty { break }
            }
            return current
        case .choice(let items):
            return union(items.map { ends(of: $0, at: position) })
        case .optional(let item):
            return union([[position], ends(of: item, at: position)])
        case .zeroOrMore(let item):
            return repetition(of: item, from: [position])
        case .oneOrMore(let item):
            return repetition(of: item, from: ends(of: item, at: position))
        case .exception(let item, let excluded):
            let candidates = ends(of: item, at: position)
            guard let last = candidates.last else { return [] }
            let cut = Recognizer(program: program, text: text, base: position, limit: last)
            let excludedEnds = Set(cut.ends(of: excluded, at: position))
            return candidates.filter { !excludedEnds.contains($0) }
        }
    }

    /// All positions reachable from `starts` by zero or more further matches of `item`.
    private func repetition(of item: Int, from starts: [Int]) -> [Int] {
        var seen = Set(starts)
        var pending = starts
        while let position = pending.popLast() {
            for end in ends(of: item, at: position) where seen.insert(end).inserted {
                pending.append(end)
            }
        }
        return seen.sorted()
    }

    private func union(_ lists: [[Int]]) -> [Int] {
        let nonEmpty = lists.filter { !$0.isEmpty }
        if nonEmpty.count <= 1 { return nonEmpty.first ?? [] }
        return Set(nonEmpty.joined()).sorted()
    }

    private func reached(_ end: Int) -> [Int] {
        if end > farthest { farthest = end }
        return [end]
    }
}

/// A grammar flattened into numbered nodes, so the recognizer works with integers, not names.
private final class Program {
    enum Node {
        case literal([UInt32])
        case characterSet(GrammarExpression.CharacterSet)
        case rule(Int)
        case sequence([Int])
        case choice([Int])
        case optional(Int)
        case zeroOrMore(Int)
        case oneOrMore(Int)
        case exception(Int, Int)
    }

    private(set) var nodes: [Node] = []
    let ruleIndex: [String: Int]
    /// The node of each rule's right-hand side, by rule index.
    private(set) var ruleNode: [Int] = []
    var ruleCount: Int { ruleNode.count }

    /// Flattens `grammar`; references to undefined rules must have been ruled out (`GrammarChecks`).
    init(grammar: EBNFGrammar) {
        var index: [String: Int] = [:]
        for (position, name) in grammar.ruleNames.enumerated() { index[name] = position }
        ruleIndex = index
        ruleNode = grammar.ruleNames.map { add(grammar.rules[$0]!) }
    }

    private func add(_ expression: GrammarExpression) -> Int {
        let node: Node
        switch expression {
        case .literal(let scalars): node = .literal(scalars)
        case .characterSet(let set): node = .characterSet(set)
        case .reference(let name): node = .rule(ruleIndex[name]!)
        case .sequence(let items): node = .sequence(items.map(add))
        case .choice(let items): node = .choice(items.map(add))
        case .optional(let item): node = .optional(add(item))
        case .zeroOrMore(let item): node = .zeroOrMore(add(item))
        case .oneOrMore(let item): node = .oneOrMore(add(item))
        case .exception(let item, let excluded): node = .exception(add(item), add(excluded))
        }
        nodes.append(node)
        return nodes.count - 1
    }
}
