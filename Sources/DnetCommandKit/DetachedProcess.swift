import Glibc
import CSystem

/// A program started to outlive dnet (a container's main process): stdin `/dev/null`,
/// stdout and stderr appended to a log file, its exit status written by a supervisor.
public enum DetachedProcess {
    /// Starts `argv` in `namespaces` (net, UTS, binds) and returns its pid. `statusPath`
    /// receives its exit status (code, or 128+signal) as text once it ends.
    public static func start(_ argv: [String], logPath: String, statusPath: String,
                             namespaces: ProcessRunner.Namespaces) throws -> pid_t {
        guard let program = argv.first, !program.isEmpty else { throw CommandFailure("no program given", status: 125) }
        let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard log >= 0 else { throw CommandFailure("cannot open the log \(logPath): \(String(cString: strerror(errno)))", status: 125) }
        defer { close(log) }
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if null >= 0 { close(null) } }
        var environment: [String] = []
        var p = environ
        while let entry = p.pointee { environment.append(String(cString: entry)); p += 1 }
        let binds = namespaces.binds.flatMap { [$0.source, $0.target] }
        let pid = withCStrings(argv) { cArgv in
            withCStrings(environment) { cEnv in
                withCStrings(binds) { cBinds in
                    cBinds.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: binds.count + 1) { pairs in
                        dnet_spawn_detached(program, cArgv, cEnv, null, log, namespaces.net ?? -1, namespaces.uts ?? -1,
                                            binds.isEmpty ? nil : pairs, statusPath)
                    }
                }
            }
        }
        if pid < 0 {
            // Docker's texts for a program that cannot start (exit status 127 or 126).
            if -pid == ENOENT {
                throw CommandFailure("failed to create task for container: exec: \"\(program)\": executable file not found in $PATH: unknown", status: 127)
            }
            throw CommandFailure("failed to create task for container: exec: \"\(program)\": \(String(cString: strerror(-pid))): unknown", status: 126)
        }
        return pid
    }
}
