import CSystem
import Glibc

/// Namespace work happens on one dedicated thread, so that `unshare` and `setns` never
/// touch a caller's thread or a Swift executor. After each piece of work the thread
/// returns to the namespace it started in, so it keeps no namespace alive. A netlink
/// socket (or a libnftables context) opened there stays bound to the namespace it was
/// opened in, when used from any thread later.
public enum NamespaceThread {
    /// Runs `body` on the namespace thread and waits for it. Work runs one piece at a
    /// time; `body` may call `run` again (it then runs in place).
    public static func run<T>(_ body: () throws -> T) throws -> T {
        try NamespaceWorker.shared.perform(body)
    }

    /// Runs `body` on the namespace thread after it has entered the network namespace
    /// bound at `path` (for instance `/run/netns/c1`).
    public static func run<T>(inNamespaceAt path: String, _ body: () throws -> T) throws -> T {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw KernelError(action: "open namespace \(path)", cause: .system(errno: errno)) }
        defer { close(fd) }
        return try run {
            guard dnet_setns(fd, dnet_clone_newnet()) == 0 else {
                throw KernelError(action: "enter namespace \(path)", cause: .system(errno: errno))
            }
            return try body()
        }
    }
}

/// The thread behind `NamespaceThread`: a queue of jobs served in order. One long-lived
/// thread instead of one per job: starting and joining a thread costs more than the
/// hand-over, and namespace creation is on every container's path.
final class NamespaceWorker: @unchecked Sendable {
    static let shared = NamespaceWorker()

    private final class Job {
        /// Dropped once run: the caller's closure must not outlive its call.
        var work: (() -> Void)?
        var done = false
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let jobArrived = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let jobDone = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var pending: [Job] = []
    private var thread = pthread_t()

    private init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(jobArrived, nil)
        pthread_cond_init(jobDone, nil)
        let context = Unmanaged.passUnretained(self).toOpaque()
        let rc = pthread_create(&thread, nil, { context in
            Unmanaged<NamespaceWorker>.fromOpaque(context!).takeUnretainedValue().serve()
            return nil
        }, context)
        precondition(rc == 0, "cannot start the namespace thread: \(String(cString: strerror(rc)))")
        pthread_detach(thread)
    }

    func perform<T>(_ body: () throws -> T) throws -> T {
        if pthread_equal(pthread_self(), thread) != 0 { return try body() }
        var result: Result<T, Error>?
        withoutActuallyEscaping(body) { body in
            let job = Job { result = Result { try body() } }
            pthread_mutex_lock(mutex)
            pending.append(job)
            pthread_cond_signal(jobArrived)
            while !job.done { pthread_cond_wait(jobDone, mutex) }
            pthread_mutex_unlock(mutex)
        }
        return try result!.get()
    }

    private func serve() {
        // The namespaces this thread started in, to come back to after each job.
        let home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        let homeUTS = open("/proc/thread-self/ns/uts", O_RDONLY | O_CLOEXEC)
        while true {
            pthread_mutex_lock(mutex)
            while pending.isEmpty { pthread_cond_wait(jobArrived, mutex) }
            let job = pending.removeFirst()
            pthread_mutex_unlock(mutex)
            job.work?()
            job.work = nil
            if home >= 0 { _ = dnet_setns(home, dnet_clone_newnet()) }
            if homeUTS >= 0 { _ = dnet_setns(homeUTS, dnet_clone_newuts()) }
            pthread_mutex_lock(mutex)
            job.done = true
            pthread_cond_broadcast(jobDone)
            pthread_mutex_unlock(mutex)
        }
    }
}
