import DnetCommandKit

extension Runtime {
    static func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// Runs one command: a function, a built-in, then a registered command. Sets `$?`; a
    /// failure (an error or a non-zero status) throws.
    func runCommand(_ argv: [String], at location: Location) throws {
        guard let name = argv.first else { return }   // a lone empty list expands to nothing
        let arguments = Array(argv.dropFirst())
        defer { flushOutput() }
        if let function = functions[name]?.function {
            guard function.parameters.count == arguments.count else {
                lastStatus = 1
                throw arityError(name, expected: Runtime.plural(function.parameters.count, "argument"),
                                 got: arguments.count, at: location)
            }
            _ = try Frame.with(size: function.frameSize) { frame in
                for (i, argument) in arguments.enumerated() { frame.slots[i] = .string(argument) }
                return try invoke(function, frame: frame, at: location)
            }
            lastStatus = 0
            return
        }
        if BuiltinNames.commands.contains(name) {
            try runBuiltinCommand(name, arguments, at: location)
            lastStatus = 0
            return
        }
        guard let entry = registry.lookup(name) else {
            lastStatus = 127
            var message = "unknown command: \(name)"
            if let close = suggestion(for: name, among: registry.commandNames + definedFunctionNames
                                      + BuiltinNames.commands + ["assert", "try"]) {
                message += " (did you mean \"\(close)\"?)"
            }
            throw RuntimeError(message, at: location, status: 127)
        }
        let status: Int32
        do {
            status = try entry.handler(arguments, context)
        } catch let failure as CommandFailure {
            try checkInterrupt()
            lastStatus = failure.status
            throw RuntimeError(failure.message, at: location, status: failure.status)
        } catch {
            try checkInterrupt()
            lastStatus = 1
            throw RuntimeError("\(name): \(error)", at: location)
        }
        try checkInterrupt()
        lastStatus = status
        if status != 0 {
            throw RuntimeError("'\(name)' exited with status \(status)", at: location, status: status)
        }
    }

    func unknownFunction(_ name: String, at location: Location) -> RuntimeError {
        var message = "unknown function '\(name)'"
        if let close = suggestion(for: name, among: definedFunctionNames + BuiltinFunction.allCases.map(\.rawValue)) {
            message += " (did you mean \"\(close)\"?)"
        }
        return RuntimeError(message, at: location)
    }
}
