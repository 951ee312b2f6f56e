@testable import DnetDNS
import Foundation
import Testing

/// Network namespaces for one root test, inside the test sandbox (scripts/sandbox.sh): a
/// namespace per "container", an upstream DNS server (dnsmasq) in a namespace of its own
/// reached over a veth pair, and a controller with a state directory of its own. Names
/// carry a per-lab tag; everything goes away in `close()`.
///
/// Root tests run only inside the sandbox, announced by DNET_TEST_SANDBOX=1 and checked:
/// the namespace must not be the one the sandbox left.
final class DNSLab {
    static let isAvailable: Bool = {
        guard ProcessInfo.processInfo.environment["DNET_TEST_SANDBOX"] == "1", getuid() == 0 else { return false }
        // scripts/sandbox.sh names the namespace it left (its processes outside cannot be
        // seen from its PID namespace): ours must be another.
        guard let host = ProcessInfo.processInfo.environment["DNET_HOST_NETNS"],
              let ours = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net") else { return false }
        return ours != host
    }()

    private static let counter = Counter()
    let tag: String
    let controller: DNSController
    private var namespaces: [String] = []
    private var links: [String] = []
    private var upstreams: [String] = []
    private let stateDirectory: String
    private let number: Int

    init() {
        number = Self.counter.next()
        tag = "dt\(getpid() % 10000)x\(number)"
        stateDirectory = "/run/dnet/dns-\(tag)"
        // DNET_DNS_BIN picks another build (release, to measure it); else the one beside the tests.
        controller = DNSController(stateDirectory: stateDirectory, executablePath: ProcessInfo.processInfo.environment["DNET_DNS_BIN"])
    }

    /// A fresh namespace with lo up; returns its /run/netns path.
    @discardableResult
    func namespace(_ name: String) throws -> String {
        let full = "\(tag)-\(name)"
        try sh("ip netns add \(full) && ip -n \(full) link set lo up")
        namespaces.append(full)
        return "/run/netns/\(full)"
    }

    func nsName(_ name: String) -> String { "\(tag)-\(name)" }

    /// dnsmasq answering `hosts` (name → IPv4) and NXDOMAIN for the rest, in a namespace of
    /// its own; returns its address, reachable from here.
    func upstream(_ hosts: [String: String], index: Int = 0) throws -> String {
        let name = "up\(index)"
        try namespace(name)
        let ns = nsName(name)
        let link = "\(tag)u\(index)"
        let subnet = "10.\(200 + number % 50).\(index).0"
        let base = subnet.split(separator: ".").prefix(3).joined(separator: ".")
        try sh("""
            ip link add \(link) type veth peer name eth0 netns \(ns) && \
            ip addr add \(base).1/30 dev \(link) && ip link set \(link) up && \
            ip -n \(ns) addr add \(base).2/30 dev eth0 && ip -n \(ns) link set eth0 up
            """)
        links.append(link)
        let hostsFile = "\(stateDirectory)-hosts\(index)"
        try hosts.map { "\($0.value) \($0.key)" }.joined(separator: "\n").appending("\n").write(toFile: hostsFile, atomically: true, encoding: .utf8)
        // Daemonised with a pid file: Foundation's Process blocks reaping others while one runs.
        let pidFile = "\(stateDirectory)-dnsmasq\(index).pid"
        try sh("ip netns exec \(ns) dnsmasq --no-resolv --no-hosts --addn-hosts=\(hostsFile) --listen-address=\(base).2 " +
               "--bind-interfaces --user=root --pid-file=\(pidFile) --log-facility=/dev/null --conf-file=/dev/null --local=/#/")
        upstreams.append(pidFile)
        // Up when it answers.
        for _ in 0..<100 {
            if run("ip netns exec \(ns) dig +time=1 +tries=1 @\(base).2 probe.invalid").output.contains("status:") { break }
            usleep(50_000)
        }
        return "\(base).2"
    }

    /// `dig +short` from inside a namespace at the embedded server.
    func dig(_ name: String, from ns: String, _ options: String = "") -> String {
        run("ip netns exec \(nsName(ns)) dig +time=2 +tries=1 @127.0.0.11 \(options) \(name)").output
    }

    func short(_ name: String, from ns: String, _ options: String = "") -> [String] {
        dig(name, from: ns, "+short " + options).split(separator: "\n").map(String.init).filter { !$0.hasPrefix(";") }
    }

    /// The status line of dig's answer (`NOERROR`, `NXDOMAIN`, ...), or "timeout".
    func status(_ name: String, from ns: String, _ options: String = "") -> String {
        let text = dig(name, from: ns, options)
        guard let range = text.range(of: "status: ") else { return "timeout" }
        return String(text[range.upperBound...].prefix { $0 != "," })
    }

    func close() {
        if let log = try? String(contentsOfFile: stateDirectory + "/dnet-dns.log", encoding: .utf8), !log.isEmpty {
            print("dnet-dns log (\(tag)):\n\(log)")
        }
        try? controller.stop()
        for pidFile in upstreams { _ = run("kill $(cat \(pidFile))") }
        for link in links { _ = run("ip link del \(link)") }
        for ns in namespaces { _ = run("ip netns del \(ns)") }
        _ = run("rm -rf \(stateDirectory) \(stateDirectory)-hosts* \(stateDirectory)-dnsmasq*")
    }

    @discardableResult
    func sh(_ command: String) throws -> String {
        let result = run(command)
        guard result.status == 0 else { throw DNSError("\(command): \(result.output)") }
        return result.output
    }

    func run(_ command: String) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (127, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
    }
}
