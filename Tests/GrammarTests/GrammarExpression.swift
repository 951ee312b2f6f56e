/// The right-hand side of a W3C EBNF rule, as read from `grammar/dnet.ebnf`.
indirect enum GrammarExpression: Equatable {
    /// Literal text, as Unicode scalar values.
    case literal([UInt32])
    /// One character from a set (`[a-z]`, `[^"]`, `#x20`).
    case characterSet(CharacterSet)
    /// Another rule, by name.
    case reference(String)
    case sequence([GrammarExpression])
    case choice([GrammarExpression])
    case optional(GrammarExpression)
    case zeroOrMore(GrammarExpression)
    case oneOrMore(GrammarExpression)
    /// `A - B`: what A matches, unless B matches exactly the same text.
    case exception(GrammarExpression, GrammarExpression)

    /// A set of characters: inclusive ranges of scalar values, possibly negated.
    struct CharacterSet: Equatable {
        var ranges: [ClosedRange<UInt32>]
        var negated: Bool

        /// Whether `scalar` is in the set. A negated set never holds NUL: the grammar's input has none.
        func contains(_ scalar: UInt32) -> Bool {
            let listed = ranges.contains { $0.contains(scalar) }
            return negated ? (!listed && scalar != 0) : listed
        }
    }

    /// Names of the rules this expression refers to, directly.
    var references: [String] {
        switch self {
        case .literal, .characterSet: return []
        case .reference(let name): return [name]
        case .sequence(let items), .choice(let items): return items.flatMap(\.references)
        case .optional(let item), .zeroOrMore(let item), .oneOrMore(let item): return item.references
        case .exception(let item, let excluded): return item.references + excluded.references
        }
    }
}
