import Foundation
import CSystem

/// `--sandbox`: moves this process into a new network and mount namespace before anything
/// else runs, with private tmpfs over /run/netns, /etc/netns and /run/dnet and a temporary
/// data root, so nothing on the host changes and everything goes when dnet exits.
enum Sandbox {
    struct Failure: Error { var message: String }

    /// Enters the sandbox; returns the temporary data root. Must run while the process has
    /// one thread (unshare of the mount namespace requires it).
    static func enter() throws -> String {
        guard dnet_unshare(dnet_clone_newnet() | dnet_clone_newns()) == 0 else {
            throw Failure(message: "--sandbox: cannot create private namespaces: \(String(cString: strerror(errno))) (it needs root)")
        }
        // Mounts made from here on stay in this namespace.
        guard mount("none", "/", nil, UInt(MS_REC | MS_PRIVATE), nil) == 0 else {
            throw Failure(message: "--sandbox: cannot make mounts private: \(String(cString: strerror(errno)))")
        }
        // /run/dnet too: the sandbox's embedded DNS server must not meet the host's.
        for dir in ["/run/netns", "/etc/netns", "/run/dnet"] {
            mkdir(dir, 0o755)
            guard mount("tmpfs", dir, "tmpfs", 0, "mode=755") == 0 else {
                throw Failure(message: "--sandbox: cannot mount a private \(dir): \(String(cString: strerror(errno)))")
            }
        }
        var template = Array("/tmp/dnet-sandbox-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw Failure(message: "--sandbox: cannot make a temporary data root: \(String(cString: strerror(errno)))")
        }
        let root = String(cString: made)
        // The data root lives on a tmpfs of its own, so it disappears with the namespace.
        guard mount("tmpfs", root, "tmpfs", 0, "mode=700") == 0 else {
            throw Failure(message: "--sandbox: cannot mount the data root: \(String(cString: strerror(errno)))")
        }
        return root
    }

    /// Ends what the sandbox started and would outlive it (the embedded DNS server and
    /// containers' main processes detach from dnet, and would keep its namespaces alive), then
    /// removes the (empty, once the namespace is gone) temporary data root folder.
    static func leave(_ root: String) {
        killProcessesInside()
        umount2(root, Int32(MNT_DETACH))
        rmdir(root)
    }

    /// SIGKILLs every other process whose network namespace is the sandbox's own or one of
    /// its named ones (its containers').
    private static func killProcessesInside() {
        let files = FileManager.default
        var namespaces = Set<String>()
        if let own = try? files.destinationOfSymbolicLink(atPath: "/proc/self/ns/net") { namespaces.insert(own) }
        for name in (try? files.contentsOfDirectory(atPath: "/run/netns")) ?? [] {
            var info = stat()
            if stat("/run/netns/" + name, &info) == 0 { namespaces.insert("net:[\(info.st_ino)]") }
        }
        let me = getpid()
        for name in (try? files.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(name), pid != me, let namespace = try? files.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/net"),
                  namespaces.contains(namespace) else { continue }
            kill(pid, SIGKILL)
        }
    }
}
