import Glibc
import CSystem

/// Runs a program directly (never through a shell), wiring its output to a command's sinks:
/// straight to the descriptor, or through a pipe into a capture buffer for `$(…)`.
public enum ProcessRunner {
    /// Namespaces a child enters before exec (open descriptors, or nil to stay).
    public struct Namespaces {
        public var net: Int32?
        public var uts: Int32?
        public var mount: Int32?
        /// Files bound over others in a mount namespace of the child's own, as `ip netns exec`
        /// binds `/etc/netns/NAME/hosts` over `/etc/hosts`.
        public var binds: [(source: String, target: String)]
        public init(net: Int32? = nil, uts: Int32? = nil, mount: Int32? = nil,
                    binds: [(source: String, target: String)] = []) {
            self.net = net
            self.uts = uts
            self.mount = mount
            self.binds = binds
        }
    }

    /// Runs `argv` to completion and returns its exit status (128+N when killed by signal N).
    /// `name` prefixes error messages ("host", "exec").
    public static func run(_ argv: [String], name: String, context: CommandContext,
                           environment: [String: String]? = nil,
                           namespaces: Namespaces = Namespaces()) throws -> Int32 {
        guard let program = argv.first, !program.isEmpty else {
            throw CommandFailure("\(name): no program given", status: 2)
        }
        context.flushAll()

        var captureOut: [Int32]? = nil
        var captureErr: [Int32]? = nil
        if context.stdout.isCapturing { captureOut = try makePipe(name) }
        if context.stderr.isCapturing { captureErr = try makePipe(name) }
        defer {
            for fd in (captureOut ?? []) + (captureErr ?? []) where fd >= 0 { close(fd) }
        }

        let outFD = captureOut?[1] ?? context.stdout.fileDescriptor ?? 1
        let errFD = captureErr?[1] ?? context.stderr.fileDescriptor ?? 2
        let env = environment.map { $0.map { "\($0.key)=\($0.value)" } } ?? currentEnvironment()

        let binds = namespaces.binds.flatMap { [$0.source, $0.target] }
        let pid = withCStrings(argv) { cArgv in
            withCStrings(env) { cEnv in
                withCStrings(binds) { cBinds in
                    // The C side only reads the pairs (const char *const []).
                    cBinds.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: binds.count + 1) { pairs in
                        dnet_spawn_bound(program, cArgv, cEnv, context.stdinDescriptor, outFD, errFD,
                                         namespaces.net ?? -1, namespaces.uts ?? -1, namespaces.mount ?? -1,
                                         binds.isEmpty ? nil : pairs, 1)
                    }
                }
            }
        }
        if pid < 0 {
            let err = -pid
            if err == ENOENT {
                throw CommandFailure("\(name): \(program): executable file not found in $PATH", status: 127)
            }
            throw CommandFailure("\(name): \(program): \(String(cString: strerror(err)))", status: 126)
        }
        // The child holds the write ends now; close ours so EOF arrives when it exits.
        if let p = captureOut { close(p[1]); captureOut![1] = -1 }
        if let p = captureErr { close(p[1]); captureErr![1] = -1 }

        drain(captureOut?[0], into: context.stdout, alongside: captureErr?[0], into: context.stderr)
        return wait(for: pid, interruption: context.interruption)
    }

    private static func makePipe(_ name: String) throws -> [Int32] {
        var fds: [Int32] = [-1, -1]
        guard dnet_pipe_cloexec(&fds) == 0 else {
            throw CommandFailure("\(name): cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        return fds
    }

    /// Reads both capture pipes until both reach EOF (poll keeps either from filling up and blocking the child).
    private static func drain(_ out: Int32?, into outSink: OutputSink, alongside err: Int32?, into errSink: OutputSink) {
        var open: [(Int32, OutputSink)] = []
        if let out { open.append((out, outSink)) }
        if let err { open.append((err, errSink)) }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            var pfds = open.map { pollfd(fd: $0.0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&pfds, nfds_t(pfds.count), -1)
            if ready < 0 { if errno == EINTR { continue } else { return } }
            var stillOpen: [(Int32, OutputSink)] = []
            for (i, entry) in open.enumerated() {
                if pfds[i].revents == 0 { stillOpen.append(entry); continue }
                let n = chunk.withUnsafeMutableBytes { Glibc.read(entry.0, $0.baseAddress, $0.count) }
                if n > 0 {
                    chunk.withUnsafeBufferPointer { entry.1.write(bytes: UnsafeBufferPointer(rebasing: $0[0..<n])) }
                    stillOpen.append(entry)
                } else if n < 0 && errno == EINTR {
                    stillOpen.append(entry)
                }
            }
            open = stillOpen
        }
    }

    private static func wait(for pid: pid_t, interruption: Interruption) -> Int32 {
        var status: Int32 = 0
        var forwarded = false
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return 1 }
            // A terminal delivers Ctrl-C to the child too; a pipe does not, so pass it on once.
            if interruption.isRequested && !forwarded { kill(pid, SIGINT); forwarded = true }
        }
        let signal = status & 0x7f
        if signal == 0 { return (status >> 8) & 0xff }
        return 128 + signal
    }

    private static func currentEnvironment() -> [String] {
        var result: [String] = []
        var p = environ
        while let entry = p.pointee {
            result.append(String(cString: entry))
            p += 1
        }
        return result
    }
}

/// Calls `body` with a NULL-terminated C array of the strings (valid only inside).
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
