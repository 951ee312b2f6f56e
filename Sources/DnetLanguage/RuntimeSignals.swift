/// Where a runtime error happened.
struct Location {
    let file: SourceFile
    let offset: Offset
}

/// An error that stops the run unless a `try` catches it.
struct RuntimeError: Error {
    let message: String
    let location: Location
    /// What `$?` becomes: the failed command's status, 127 for an unknown command, 1 otherwise.
    let status: Int32
    /// Set for a syntax error found in a file read by `source`; it is shown instead.
    var syntaxDiagnostic: Diagnostic?

    init(_ message: String, at location: Location, status: Int32 = 1) {
        self.message = message
        self.location = location
        self.status = status
    }

    var diagnostic: Diagnostic {
        syntaxDiagnostic ?? location.file.diagnostic(.runtime, message, at: location.offset)
    }
}

/// `exit n`: ends the run; no `try` catches it.
struct ExitRequest: Error {
    let status: Int32
}

/// Ctrl-C was noticed; no `try` catches it.
struct InterruptRequest: Error {}

/// How a statement ended.
enum Flow {
    case normal, breakLoop, continueLoop, returned
}

/// The local variables of one function call (or of a program's blocks), by slot.
struct Frame {
    let slots: UnsafeMutablePointer<Value>

    /// Runs `body` with a fresh frame of `size` slots.
    static func with<T>(size: Int, _ body: (Frame) throws -> T) rethrows -> T {
        let count = max(size, 1)
        let slots = UnsafeMutablePointer<Value>.allocate(capacity: count)
        slots.initialize(repeating: .empty, count: count)
        defer {
            slots.deinitialize(count: count)
            slots.deallocate()
        }
        return try body(Frame(slots: slots))
    }
}

typealias Evaluate = (Frame) throws -> Value
typealias Execute = (Frame) throws -> Flow
