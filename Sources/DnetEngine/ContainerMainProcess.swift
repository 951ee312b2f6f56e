import Foundation

/// A container's main process as started: its pid and the kernel's start time of that pid
/// (`/proc/<pid>/stat` field 22), so a pid reused by another program is not taken for it.
public struct MainProcess: Codable, Equatable {
    public var pid: Int32
    public var startTime: UInt64
    /// When dnet started it, nanoseconds since the epoch.
    public var startedAt: Int64

    public init(pid: Int32, startTime: UInt64, startedAt: Int64) {
        self.pid = pid
        self.startTime = startTime
        self.startedAt = startedAt
    }
}

/// Where a container's main process stands, as `ps` and `inspect` show it.
public enum MainProcessState: Equatable {
    /// No main process was asked for: the container is its namespace, always "running".
    case namespaceOnly
    /// A main process was asked for and never started.
    case created
    case running(pid: Int32, startedAt: Int64)
    /// `finishedAt` is when its supervisor wrote the status (nanoseconds since the epoch).
    case exited(code: Int32, startedAt: Int64, finishedAt: Int64)

    public var isRunning: Bool {
        switch self {
        case .namespaceOnly, .running: return true
        case .created, .exited: return false
        }
    }
}

extension Engine {
    /// `<data-root>/containers/<id>`: the main process's `log` and `status`.
    public func containerDirectory(_ container: ContainerRecord) -> String { "\(dataRoot)/containers/\(container.id)" }
    public func logPath(_ container: ContainerRecord) -> String { containerDirectory(container) + "/log" }
    public func statusPath(_ container: ContainerRecord) -> String { containerDirectory(container) + "/status" }

    /// The main process's state, from the status file its supervisor writes and `/proc`. The
    /// supervisor writes the status before it reaps the process: a process that has ended but
    /// has no status yet is still a zombie, and counts as running for that moment.
    public func mainProcessState(_ container: ContainerRecord) -> MainProcessState {
        guard let command = container.command, !command.isEmpty else { return .namespaceOnly }
        guard let process = container.mainProcess else { return .created }
        let path = statusPath(container)
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
           let code = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? nil
            let finished = modified.map { Int64($0.timeIntervalSince1970 * 1e9) } ?? process.startedAt
            return .exited(code: code, startedAt: process.startedAt, finishedAt: finished)
        }
        if Self.processStartTime(process.pid, zombies: true) == process.startTime, process.startTime != 0 {
            return .running(pid: process.pid, startedAt: process.startedAt)
        }
        // Gone without a status (its supervisor was killed, or the host restarted).
        return .exited(code: 255, startedAt: process.startedAt, finishedAt: process.startedAt)
    }

    /// Field 22 of `/proc/<pid>/stat` (start time in clock ticks since boot), nil when the
    /// process is gone, or a zombie unless `zombies`.
    public static func processStartTime(_ pid: Int32, zombies: Bool = false) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command's closing parenthesis start at field 3 (the state).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, fields[0] != "X", zombies || fields[0] != "Z" else { return nil }
        return UInt64(fields[19])
    }

    /// Records the main process just started (or nil), keeping everything else of the container.
    public func recordMainProcess(_ containerID: String, _ process: MainProcess?) throws {
        try transact { transaction, _ in
            guard var container = try transaction.get(ContainerRecord.self, containerID) else {
                throw EngineError.notFound("No such container: \(containerID)")
            }
            container.mainProcess = process
            try transaction.put(container)
        }
    }
}
