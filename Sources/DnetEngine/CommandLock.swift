import Glibc

/// The lock one command holds, across all processes using the data root, around the
/// store's write transaction: flock(2) on `dnet.lock`, taken through a second one on
/// `dnet.lock-next` that only the next process in line holds while it waits.
///
/// SQLite's own write lock would be enough for correctness, but its waiters poll with
/// growing sleeps, and a plain flock is not handed over either: in both, a process running
/// commands back to back takes the lock again before a waiter gets to run, and can keep it
/// for its whole script. With the second lock, the process that has just released must
/// queue behind the one already waiting, so concurrent processes take turns.
final class CommandLock {
    private let lock: LockFile
    private let next: LockFile

    /// `path` names the lock file; the queue's file is beside it.
    init(path: String) throws {
        lock = try LockFile(path: path)
        next = try LockFile(path: path + "-next")
    }

    /// Runs `body` with the lock held, waiting for it as long as other commands hold it.
    func hold<T>(_ body: () throws -> T) throws -> T {
        try next.lock()
        do {
            try lock.lock()
        } catch {
            next.unlock()
            throw error
        }
        next.unlock()
        defer { lock.unlock() }
        return try body()
    }
}

/// An open file to flock.
private final class LockFile {
    private let descriptor: Int32
    private let path: String

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw EngineError.system("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    func lock() throws {
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw EngineError.system("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    func unlock() { flock(descriptor, LOCK_UN) }
}
