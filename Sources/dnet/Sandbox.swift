import Glibc
import CSystem

/// `--sandbox`: moves this process into a new network and mount namespace before anything
/// else runs, with private tmpfs over /run/netns and /etc/netns and a temporary data root,
/// so nothing on the host changes and everything goes when dnet exits.
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
        for dir in ["/run/netns", "/etc/netns"] {
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

    /// Removes the (empty, once the namespace is gone) temporary data root folder.
    static func leave(_ root: String) {
        umount2(root, Int32(MNT_DETACH))
        rmdir(root)
    }
}
