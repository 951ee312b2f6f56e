import Glibc

/// Kernel settings under /proc/sys. Network settings there belong to the network
/// namespace of the thread that opens the file.
enum Sysctl {
    enum Missing { case fail, skip }

    /// `/proc/sys/` + the key, dots turned into slashes unless the key is already a path
    /// (`net/ipv6/conf/eth0.5/disable_ipv6`, for names that contain dots); nil for a key
    /// that would lead out of /proc/sys. The files are opened through `PrivateProcfs`.
    static func path(_ key: String) -> String? {
        let relative = key.contains("/") ? key : String(key.map { $0 == "." ? "/" : $0 })
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return nil }
        return "/proc/sys/" + relative
    }

    static func checkedPath(_ key: String, action: @autoclosure () -> String) throws -> String {
        guard let path = path(key) else {
            throw KernelError(action: action(), cause: .invalid("\"\(key)\" is not a sysctl name"))
        }
        return path
    }

    /// Writes `value`. With `ifMissing: .skip`, a setting that does not exist is left
    /// alone: turning IPv6 off where the kernel has no IPv6 at all is already done.
    static func write(_ key: String, _ value: String, ifMissing: Missing = .fail, action: @autoclosure () -> String) throws {
        try write(open(try checkedPath(key, action: action()), O_WRONLY | O_CLOEXEC), value, ifMissing: ifMissing,
                  action: action())
    }

    /// Writes `value` to `relativePath` under an open /proc/sys directory (`conf` of
    /// `net/ipv6`). Each namespace has its own copy of every /proc/sys/net directory, all
    /// in one dentry hash chain per name, so a walk from /proc/sys costs more with each
    /// namespace; a directory opened once walks nothing.
    static func write(under directory: Int32, _ relativePath: String, _ value: String, ifMissing: Missing = .fail,
                      action: @autoclosure () -> String) throws {
        guard !relativePath.hasPrefix("/"), !relativePath.split(separator: "/").contains("..") else {
            throw KernelError(action: action(), cause: .invalid("\"\(relativePath)\" is not a sysctl path"))
        }
        try write(openat(directory, relativePath, O_WRONLY | O_CLOEXEC), value, ifMissing: ifMissing, action: action())
    }

    private static func write(_ fd: Int32, _ value: String, ifMissing: Missing, action: @autoclosure () -> String) throws {
        if fd < 0 && errno == ENOENT && ifMissing == .skip { return }
        guard fd >= 0 else { throw KernelError(action: action(), cause: .system(errno: errno)) }
        defer { close(fd) }
        let bytes = Array(value.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count else {
            throw KernelError(action: action(), cause: .system(errno: errno))
        }
    }

    static func read(_ key: String, action: @autoclosure () -> String) throws -> String {
        try read(open(try checkedPath(key, action: action()), O_RDONLY | O_CLOEXEC), action: action())
    }

    private static func open(_ path: String, _ flags: Int32) -> Int32 {
        PrivateProcfs.shared.open(String(path.dropFirst("/proc/".count)), flags)
    }

    private static func read(_ fd: Int32, action: @autoclosure () -> String) throws -> String {
        guard fd >= 0 else { throw KernelError(action: action(), cause: .system(errno: errno)) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = Glibc.read(fd, &buffer, buffer.count)
        guard n >= 0 else { throw KernelError(action: action(), cause: .system(errno: errno)) }
        return String(decoding: buffer[..<n], as: UTF8.self).trimmingWhitespace
    }
}

extension String {
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
