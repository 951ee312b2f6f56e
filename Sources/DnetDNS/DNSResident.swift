import CDNS
import Glibc

/// The resident process (`dnet-dns`): opens its control socket in the state directory,
/// writes its pid, drops to an unprivileged user and serves until told to stop.
///
///     dnet-dns --state-dir DIR [--user NAME] [--resolv-conf PATH]
///
/// It prints `ready PID` on stdout once the control socket takes connections.
public enum DNSResident {
    /// File names inside the state directory.
    public static let controlSocketName = "control.sock"
    public static let pidFileName = "pid"

    public static func main(arguments: [String]) -> Int32 {
        var stateDirectory: String?
        var user = "nobody"
        var resolvConf = "/etc/resolv.conf"
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            guard index + 1 < arguments.count else { return usage("missing value for \(argument)") }
            switch argument {
            case "--state-dir": stateDirectory = arguments[index + 1]
            case "--user": user = arguments[index + 1]
            case "--resolv-conf": resolvConf = arguments[index + 1]
            default: return usage("unknown option \(argument)")
            }
            index += 2
        }
        guard let stateDirectory else { return usage("--state-dir is required") }
        signal(SIGPIPE, SIG_IGN)
        do {
            let control = try listen(at: stateDirectory + "/" + controlSocketName)
            dnsc_raise_fd_limit(65_536)
            try write("\(getpid())\n", to: stateDirectory + "/" + pidFileName)
            let controller = getuid()
            if controller == 0 { try dropPrivileges(to: user) }
            let server = try DNSServer(controlFD: control, controlUID: controller, resolvConf: resolvConf)
            let ready = Array("ready \(getpid())\n".utf8)
            _ = ready.withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
            if null >= 0 { dup2(null, 1); close(null) }
            server.run()
            return 0
        } catch {
            let text = Array("dnet-dns: \(error.description)\n".utf8)
            _ = text.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            return 1
        }
    }

    private static func usage(_ problem: String) -> Int32 {
        let text = Array("dnet-dns: \(problem)\nusage: dnet-dns --state-dir DIR [--user NAME] [--resolv-conf PATH]\n".utf8)
        _ = text.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
        return 2
    }

    /// A listening unix socket at `path`, reachable by its owner only.
    private static func listen(at path: String) throws(DNSError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw DNSError("cannot create the control socket: \(String(cString: strerror(errno)))") }
        unlink(path)
        var address = try unixAddress(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, chmod(path, 0o600) == 0, Glibc.listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw DNSError("cannot listen on \(path): \(reason)")
        }
        return fd
    }

    private static func write(_ text: String, to path: String) throws(DNSError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DNSError("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    private static func dropPrivileges(to user: String) throws(DNSError) {
        guard let entry = getpwnam(user) else { throw DNSError("no user \"\(user)\" to run as") }
        let result = dnsc_drop_privileges(entry.pointee.pw_uid, entry.pointee.pw_gid)
        guard result == 0 else { throw DNSError("cannot drop privileges to \(user): \(String(cString: strerror(-result)))") }
    }
}

/// A `sockaddr_un` for `path`.
func unixAddress(_ path: String) throws(DNSError) -> sockaddr_un {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw DNSError("socket path too long: \(path)") }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (i, byte) in bytes.enumerated() { raw[i] = byte }
    }
    return address
}
