extension Compiler {
    /// A command word, compiled: constant text, a value spliced in whole (a list gives one word
    /// per element), or pieces joined into one word.
    enum CompiledWord {
        case constant(String)
        case whole(Evaluate)
        case joined([(text: String?, value: Evaluate?)])

        func expand(_ frame: Frame, into argv: inout [String]) throws {
            switch self {
            case .constant(let s):
                argv.append(s)
            case .whole(let evaluate):
                let value = try evaluate(frame)
                if case .list(let items) = value {
                    for item in items { argv.append(item.text) }
                } else {
                    argv.append(value.text)
                }
            case .joined(let pieces):
                var s = ""
                for piece in pieces {
                    if let text = piece.text { s.append(text) } else { try piece.value!(frame).append(to: &s) }
                }
                argv.append(s)
            }
        }
    }

    func compileWord(_ word: Word) -> CompiledWord {
        if word.parts.count == 1 {
            switch word.parts[0] {
            case .text(let t): return .constant(t)
            case .interpolation(let e, let quoted):
                if !quoted { return .whole(compile(e)) }
            }
        }
        return .joined(word.parts.map {
            switch $0 {
            case .text(let t): return (t, nil)
            case .interpolation(let e, _): return (nil, compile(e))
            }
        })
    }

    func compileCommand(_ words: [Word], at offset: Offset) -> Execute {
        let compiled = words.map(compileWord)
        let location = self.location(offset)
        unowned(unsafe) let runtime = self.runtime
        let constants = compiled.compactMap { word -> String? in
            if case .constant(let s) = word { return s }
            return nil
        }
        if constants.count == compiled.count {
            return { _ in
                try runtime.runCommand(constants, at: location)
                return .normal
            }
        }
        return { frame in
            var argv: [String] = []
            argv.reserveCapacity(compiled.count)
            for word in compiled { try word.expand(frame, into: &argv) }
            try runtime.runCommand(argv, at: location)
            return .normal
        }
    }
}
