import Foundation
import DnetEngine

/// The one thread that runs every engine call of the daemon, one at a time, in arrival order.
///
/// The engine is not thread-safe, and its cross-process lock (flock) does not exclude the
/// threads of one process, so the connection threads never touch it: they hand work here
/// and wait for the result.
public final class EngineExecutor {
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var stopping = false
    private let engine: Engine

    public init(engine: Engine) {
        self.engine = engine
        // The thread holds the executor until its loop ends (after `drain`).
        let thread = Thread { self.loop() }
        thread.name = "dnet-engine"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Runs `body` on the engine thread and returns what it returned (or throws what it threw).
    public func run<T>(_ body: @escaping (Engine) throws -> T) throws -> T {
        var result: Result<T, Error>?
        let done = NSCondition()
        let job = { [engine] in
            let outcome = Result { try body(engine) }
            done.lock()
            result = outcome
            done.signal()
            done.unlock()
        }
        condition.lock()
        guard !stopping else {
            condition.unlock()
            throw EngineError.system("the daemon is shutting down")
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
        done.lock()
        while result == nil { done.wait() }
        done.unlock()
        return try result!.get()
    }

    /// Refuses new work, lets the queued jobs finish, and returns when the thread has ended.
    public func drain() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !exited { condition.wait() }
        condition.unlock()
    }

    private var exited = false

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty {
                if stopping {
                    exited = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                condition.wait()
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
