/// Names the language itself defines; `def` may not take them.
enum BuiltinNames {
    static let commands = ["exit", "source", "help"]
    static let all = Set(BuiltinFunction.allCases.map(\.rawValue) + commands)
}
