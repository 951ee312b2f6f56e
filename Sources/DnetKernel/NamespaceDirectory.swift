import CSystem
import Glibc

/// Named network namespaces as iproute2 keeps them: `DIR/NAME` is an empty file on
/// which the namespace (`/proc/thread-self/ns/net` of the thread that made it) is
/// bind-mounted. `ip netns` sees dnet's namespaces and dnet sees iproute2's.
struct NamespaceDirectory: Sendable {
    /// Identifies a namespace (nsfs device and inode), to notice when a name gets rebound.
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    let path: String

    func path(of name: String) -> String { "\(path)/\(name)" }

    /// Refuses names that are not plain file names.
    func validate(_ name: String, action: @autoclosure () -> String) throws {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), name.utf8.count <= 255 else {
            throw KernelError(action: action(), cause: .invalid("\"\(name)\" is not a valid namespace name"))
        }
    }

    /// Creates the directory if needed and makes it a shared mount point, as iproute2
    /// does, so that unmounting a namespace in one mount namespace unmounts it in all.
    func prepare() throws {
        let action = "prepare namespace directory \(path)"
        if mkdirAll(path) != 0 { throw KernelError(action: action, cause: .system(errno: errno)) }
        var madeMountPoint = false
        while mount("", path, "none", UInt(MS_SHARED | MS_REC), nil) != 0 {
            guard errno == EINVAL, !madeMountPoint else { throw KernelError(action: action, cause: .system(errno: errno)) }
            guard mount(path, path, "none", UInt(MS_BIND | MS_REC), nil) == 0 else {
                throw KernelError(action: action, cause: .system(errno: errno))
            }
            madeMountPoint = true
        }
    }

    /// Creates namespace `name` on a throwaway thread, with IPv6 off by default in it when
    /// asked, and returns a routing socket opened inside it and its identity.
    func create(_ name: String, disableIPv6: Bool) throws -> (NetlinkSocket, Identity) {
        let action = "create namespace \(name)"
        return try bindNew(name, flags: dnet_clone_newnet(), kind: "net", action: action) {
            if disableIPv6 {
                // /proc/sys/net shows the namespace of the thread that opens it.
                try Sysctl.write("net/ipv6/conf/default/disable_ipv6", "1", ifMissing: .skip, action: action)
            }
            let socket = try NetlinkSocket(action: action)
            return (socket, try identity(of: name, action: action))
        }
    }

    /// Makes `DIR/NAME`, a new namespace of `kind` (`net`, `uts`: unshare `flags`) on a
    /// throwaway thread bound over it, then runs `inside` on that thread; when anything
    /// fails, neither the binding nor the file stays.
    func bindNew<T>(_ name: String, flags: Int32, kind: String, action: String, inside: () throws -> T) throws -> T {
        try validate(name, action: action)
        let file = path(of: name)
        let fd = open(file, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0)
        guard fd >= 0 else { throw KernelError(action: action, cause: .system(errno: errno)) }
        close(fd)
        var mounted = false
        do {
            return try NamespaceThread.run {
                guard dnet_unshare(flags) == 0 else {
                    throw KernelError(action: action, cause: .system(errno: errno))
                }
                // /proc/self would name the main thread's namespace, not this thread's.
                guard mount("/proc/thread-self/ns/\(kind)", file, "none", UInt(MS_BIND), nil) == 0 else {
                    throw KernelError(action: action, cause: .system(errno: errno))
                }
                mounted = true
                return try inside()
            }
        } catch {
            if mounted { umount2(file, Int32(MNT_DETACH)) }
            unlink(file)
            throw error
        }
    }

    /// Unmounts and removes the name. The kernel frees the namespace once nothing holds it.
    func delete(_ name: String) throws {
        let action = "delete namespace \(name)"
        try validate(name, action: action)
        let file = path(of: name)
        if umount2(file, Int32(MNT_DETACH)) != 0, errno != EINVAL {
            throw KernelError(action: action, cause: .system(errno: errno))
        }
        if unlink(file) != 0 { throw KernelError(action: action, cause: .system(errno: errno)) }
    }

    /// The names in the directory, sorted; none when it does not exist.
    func list() throws -> [String] {
        guard let dir = opendir(path) else {
            if errno == ENOENT { return [] }
            throw KernelError(action: "list namespaces in \(path)", cause: .system(errno: errno))
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    func contains(_ name: String) throws -> Bool {
        try validate(name, action: "look up namespace \(name)")
        var info = stat()
        if lstat(path(of: name), &info) == 0 { return true }
        if errno == ENOENT { return false }
        throw KernelError(action: "look up namespace \(name) in \(path)", cause: .system(errno: errno))
    }

    /// The identity of the namespace bound at `name` now.
    func identity(of name: String, action: @autoclosure () -> String) throws -> Identity {
        var info = stat()
        guard stat(path(of: name), &info) == 0 else { throw KernelError(action: action(), cause: .system(errno: errno)) }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Opens a routing socket inside an existing namespace, from a throwaway thread.
    func openSocket(in name: String) throws -> (NetlinkSocket, Identity, ipv6DisabledByDefault: Bool) {
        let action = "open namespace \(name)"
        try validate(name, action: action)
        let identity = try identity(of: name, action: action)
        return try NamespaceThread.run(inNamespaceAt: path(of: name)) {
            let socket = try NetlinkSocket(action: action)
            let ipv6Off = (try? Sysctl.read("net/ipv6/conf/default/disable_ipv6", action: action)) == "1"
            return (socket, identity, ipv6Off)
        }
    }

    private func mkdirAll(_ directory: String) -> Int32 {
        var prefix = ""
        for component in directory.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { return -1 }
        }
        return 0
    }
}
