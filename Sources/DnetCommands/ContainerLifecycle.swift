import Foundation
import DnetCommandKit
import DnetEngine

/// Starting and stopping a container's main process (`run … CMD`, `start`, `stop`, `rm -f`).
enum ContainerLifecycle {
    /// Starts the main process in the container's namespaces, records its pid and start time.
    /// Does nothing for a container without a command or whose process runs.
    static func start(_ details: ContainerDetails, engine: Engine) throws {
        let container = details.container
        guard let command = container.command, !command.isEmpty,
              !engine.mainProcessState(container).isRunning else { return }
        try FileManager.default.createDirectory(atPath: engine.containerDirectory(container),
                                                withIntermediateDirectories: true)
        let statusPath = engine.statusPath(container)
        try? FileManager.default.removeItem(atPath: statusPath)
        let entry = try ContainerEntry(details, engine: engine)
        defer { entry.close() }
        let startedAt = Identifiers.now()
        let pid: pid_t
        do {
            pid = try DetachedProcess.start(command, logPath: engine.logPath(container), statusPath: statusPath,
                                            namespaces: entry.namespaces)
        } catch {
            // The supervisor writes 127 for a program that never ran; the container stays Created.
            usleep(20_000)
            try? FileManager.default.removeItem(atPath: statusPath)
            throw error
        }
        let process = MainProcess(pid: pid, startTime: Engine.processStartTime(pid, zombies: true) ?? 0, startedAt: startedAt)
        try CommandSupport.engineCall { try engine.recordMainProcess(container.id, process) }
    }

    /// Sends SIGTERM, then SIGKILL after `timeout` seconds, and waits for the supervisor's
    /// status (a process counts as running until its status is written).
    static func stop(_ container: ContainerRecord, engine: Engine, timeout: Int, signal: Int32 = SIGTERM) {
        guard case .running(let pid, _) = engine.mainProcessState(container) else { return }
        Foundation.kill(pid, signal)
        let deadline = Date().addingTimeInterval(TimeInterval(max(timeout, 0)))
        while isRunning(container, engine: engine), Date() < deadline { usleep(20_000) }
        guard isRunning(container, engine: engine) else { return }
        Foundation.kill(pid, SIGKILL)
        let killed = Date().addingTimeInterval(2)
        while isRunning(container, engine: engine), Date() < killed { usleep(10_000) }
    }

    /// `rm -f`: SIGKILL at once, then the status.
    static func kill(_ container: ContainerRecord, engine: Engine) {
        stop(container, engine: engine, timeout: 0, signal: SIGKILL)
    }

    private static func isRunning(_ container: ContainerRecord, engine: Engine) -> Bool {
        if case .running = engine.mainProcessState(container) { return true }
        return false
    }
}
