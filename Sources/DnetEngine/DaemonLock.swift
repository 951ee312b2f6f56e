import Foundation
import Glibc

/// Keeps a `dnet daemon` and local dnet processes off one data root at the same time:
/// flock(2) on `<data root>/daemon.lock`. A daemon holds it exclusively for its whole life
/// and writes the sockets it serves into the file; a local dnet holds it shared while it has
/// an engine, so neither ever works on the store behind the other's back.
///
/// The store's own command lock orders commands of several processes, but a daemon must also
/// own the embedded DNS server and its in-memory view for as long as it runs.
public final class DaemonLock {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// The lock file of `dataRoot`.
    public static func path(dataRoot: String) -> String { dataRoot + "/daemon.lock" }

    /// Taken by a daemon: fails at once when another daemon, or a local dnet with an engine
    /// open, uses the data root. `hosts` (the daemon's sockets) go into the file for the
    /// message a local dnet prints.
    public static func daemon(dataRoot: String, hosts: [String]) throws -> DaemonLock {
        let fd = try open(dataRoot)
        if let holder = try lockOrHolder(fd, LOCK_EX, dataRoot: dataRoot) {
            if !holder.isEmpty {
                throw EngineError.conflict("a dnet daemon already serves the data root \(dataRoot) on \(holder.joined(separator: ", "))")
            }
            throw EngineError.conflict("the data root \(dataRoot) is in use by a local dnet process: stop it first (or give the daemon another --data-root)")
        }
        let lock = DaemonLock(descriptor: fd)
        lock.announce(hosts)
        return lock
    }

    /// Replaces the sockets written in the file (those of `fd://` are known once bound).
    public func announce(_ hosts: [String]) {
        let text = hosts.map { $0 + "\n" }.joined()
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// Taken by a local dnet before it opens the engine: fails when a daemon serves the data
    /// root, naming its sockets, so the user can send the commands there with `-H`.
    public static func local(dataRoot: String) throws -> DaemonLock {
        let fd = try open(dataRoot)
        // A daemon that is starting holds the lock only briefly before it serves.
        if let hosts = try lockOrHolder(fd, LOCK_SH, dataRoot: dataRoot) {
            let shown = hosts.isEmpty ? "a socket" : hosts.joined(separator: ", ")
            let example = hosts.first.map { "dnet -H \($0) …" } ?? "dnet -H …"
            throw EngineError.conflict("a dnet daemon serves the data root \(dataRoot) on \(shown): send the commands to it (\(example), or DNET_HOST), or stop the daemon first")
        }
        return DaemonLock(descriptor: fd)
    }

    /// Takes the lock (`LOCK_EX` or `LOCK_SH`) at once and returns nil; when another process
    /// holds it, closes `fd` and returns the sockets written in the file (none: a local dnet).
    private static func lockOrHolder(_ fd: Int32, _ operation: Int32, dataRoot: String) throws -> [String]? {
        guard flock(fd, operation | LOCK_NB) != 0 else { return nil }
        let busy = errno == EWOULDBLOCK
        let reason = String(cString: strerror(errno))
        let holder = readHosts(fd)
        close(fd)
        guard busy else { throw EngineError.system("cannot lock \(path(dataRoot: dataRoot)): \(reason)") }
        return holder
    }

    private static func open(_ dataRoot: String) throws -> Int32 {
        do {
            try FileManager.default.createDirectory(atPath: dataRoot, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw EngineError.system("cannot create the data root \(dataRoot): \(error.localizedDescription)")
        }
        let file = path(dataRoot: dataRoot)
        let fd = Glibc.open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw EngineError.system("cannot open the lock file \(file): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    private static func readHosts(_ fd: Int32) -> [String] {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let n = pread(fd, &bytes, bytes.count, 0)
        guard n > 0 else { return [] }
        return String(decoding: bytes[0..<n], as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
