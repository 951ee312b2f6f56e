import Glibc

/// Kernel settings under /proc/sys. Network settings there belong to the network
/// namespace of the thread that opens the file.
enum Sysctl {
    enum Missing { case fail, skip }

    /// `/proc/sys/` + the key, dots turned into slashes unless the key is already a path
    /// (`net/ipv6/conf/eth0.5/disable_ipv6`, for names that contain dots); nil for a key
    /// that would lead out of /proc/sys.
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
        let fd = open(try checkedPath(key, action: action()), O_WRONLY | O_CLOEXEC)
        if fd < 0 && errno == ENOENT && ifMissing == .skip { return }
        guard fd >= 0 else { throw KernelError(action: action(), cause: .system(errno: errno)) }
        defer { close(fd) }
        let bytes = Array(value.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count else {
            throw KernelError(action: action(), cause: .system(errno: errno))
        }
    }

    static func read(_ key: String, action: @autoclosure () -> String) throws -> String {
        let fd = open(try checkedPath(key, action: action()), O_RDONLY | O_CLOEXEC)
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
