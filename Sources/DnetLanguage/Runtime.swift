import DnetCommandKit
import Glibc

/// A function defined with `def`.
final class CompiledFunction {
    let name: String
    let parameters: [String]
    let frameSize: Int
    let body: Execute

    init(name: String, parameters: [String], frameSize: Int, body: @escaping Execute) {
        self.name = name
        self.parameters = parameters
        self.frameSize = frameSize
        self.body = body
    }
}

/// The binding of a function name; compiled calls hold the slot, so a function can be
/// called before (or redefined after) the code that calls it is compiled.
final class FunctionSlot {
    var function: CompiledFunction?
}

/// The state of one interpreter: globals, functions, `$?`, the current output context.
/// Compiled code captures it `unowned(unsafe)`: the interpreter owns it for as long as code runs.
final class Runtime {
    let registry: CommandRegistry
    /// The context commands write to; a `$(…)` swaps in a capturing one while it runs.
    var context: CommandContext
    let interruptFlag: UnsafeMutablePointer<sig_atomic_t>
    /// Each global lives at a fixed address, so compiled code reads it with no lookup; nil = not declared.
    private(set) var globals: [String: UnsafeMutablePointer<Value?>] = [:]
    private(set) var functions: [String: FunctionSlot] = [:]
    var lastStatus: Int32 = 0
    var returnValue: Value = .empty
    var depth = 0
    private var stackLimit: UInt = 0
    private var stackLimitThread: pthread_t?
    static let maxDepth = 1000

    init(registry: CommandRegistry, context: CommandContext) {
        self.registry = registry
        self.context = context
        self.interruptFlag = context.interruption.rawFlag
    }

    deinit {
        for cell in globals.values {
            cell.deinitialize(count: 1)
            cell.deallocate()
        }
    }

    func global(_ name: String) -> UnsafeMutablePointer<Value?> {
        if let cell = globals[name] { return cell }
        let cell = UnsafeMutablePointer<Value?>.allocate(capacity: 1)
        cell.initialize(to: nil)
        globals[name] = cell
        return cell
    }

    func functionSlot(_ name: String) -> FunctionSlot {
        if let slot = functions[name] { return slot }
        let slot = FunctionSlot()
        functions[name] = slot
        return slot
    }

    var definedVariableNames: [String] { globals.filter { $0.value.pointee != nil }.map(\.key).sorted() }
    var definedFunctionNames: [String] { functions.filter { $0.value.function != nil }.map(\.key).sorted() }

    @inline(__always) func checkInterrupt() throws {
        if interruptFlag.pointee != 0 { throw InterruptRequest() }
    }

    /// Learns the stack bounds of the thread about to run code (once per thread).
    func prepareStackGuard() {
        let thread = pthread_self()
        if let known = stackLimitThread, pthread_equal(known, thread) != 0 { return }
        stackLimit = StackGuard.limitForCurrentThread()
        stackLimitThread = thread
    }

    /// Refuses to nest deeper when the real stack is nearly used up.
    func checkStack(_ location: Location) throws {
        if StackGuard.currentAddress() < stackLimit {
            throw RuntimeError("too deeply nested: out of stack space", at: location)
        }
    }

    /// Calls a function whose arguments are already in `frame`.
    func invoke(_ function: CompiledFunction, frame: Frame, at location: Location) throws -> Value {
        if depth >= Runtime.maxDepth {
            throw RuntimeError("maximum recursion depth (\(Runtime.maxDepth)) exceeded in '\(function.name)'",
                               at: location)
        }
        try checkStack(location)
        depth += 1
        defer { depth -= 1 }
        guard try function.body(frame) == .returned else { return .empty }
        let value = returnValue
        returnValue = .empty
        return value
    }

    func arityError(_ name: String, expected: String, got: Int, at location: Location) -> RuntimeError {
        RuntimeError("\(name)() takes \(expected), got \(got)", at: location)
    }

    /// Writes pending output to its descriptor, so output order is execution order.
    func flushOutput() {
        let out = context.stdout, err = context.stderr
        if out.hasPendingOutput && !out.isCapturing { out.flush() }
        if err.hasPendingOutput && !err.isCapturing { err.flush() }
    }

    /// The known name closest to `name`, for "did you mean".
    func suggestion(for name: String, among candidates: [String]) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let distance = EditDistance.between(name, candidate)
            let limit = max(1, min(candidate.count, name.count) / 3)
            if distance <= limit,
               best == nil || distance < best!.distance || (distance == best!.distance && candidate < best!.name) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }
}

/// Edit distance where swapping two neighbouring characters counts as one edit (`ehco` → `echo`).
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
