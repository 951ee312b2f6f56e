import CSystem
import Glibc

/// Named UTS namespaces (a host name of their own), kept as iproute2 keeps named network
/// namespaces: `DIR/NAME` is an empty file on which the namespace of the thread that made it
/// is bind-mounted, so that it outlives the thread and others can `setns` into it.
public struct UTSNamespaceDirectory: Sendable {
    /// Where dnet keeps them.
    public static let standard = UTSNamespaceDirectory(path: "/run/dnet/uts")

    public let path: String

    public init(path: String) { self.path = path }

    public func path(of name: String) -> String { "\(path)/\(name)" }

    /// Creates namespace `name` with `hostname`, on the namespace thread (which returns to
    /// its own UTS namespace afterwards). The directory must be prepared (a shared mount
    /// point, as `NamespaceDirectory.prepare` makes it).
    func create(_ name: String, hostname: String) throws {
        let action = "create UTS namespace \(name)"
        try NamespaceDirectory(path: path).bindNew(name, flags: dnet_clone_newuts(), kind: "uts", action: action) {
            guard sethostname(hostname, hostname.utf8.count) == 0 else {
                throw KernelError(action: action, cause: .system(errno: errno))
            }
        }
    }

    /// Unmounts and removes the name; one that is not there is already gone.
    func delete(_ name: String) throws {
        let action = "delete UTS namespace \(name)"
        try NamespaceDirectory(path: path).validate(name, action: action)
        let file = path(of: name)
        if umount2(file, Int32(MNT_DETACH)) != 0, errno != EINVAL, errno != ENOENT {
            throw KernelError(action: action, cause: .system(errno: errno))
        }
        if unlink(file) != 0, errno != ENOENT { throw KernelError(action: action, cause: .system(errno: errno)) }
    }
}
