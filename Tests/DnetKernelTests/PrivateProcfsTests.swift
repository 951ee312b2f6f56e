import CSystem
@testable import DnetKernel
import Foundation
import Glibc
import Testing

/// /proc/sys files opened through dnet's own procfs instances (see `PrivateProcfs`).
struct PrivateProcfsTests {
    /// Counts the instances made, making real ones or failing with `error`.
    final class Maker: @unchecked Sendable {
        let error: Int32?
        private(set) var made = 0
        init(failingWith error: Int32? = nil) { self.error = error }
        func make() -> Int32 {
            made += 1
            if let error { return -error }
            return dnet_open_private_procfs()
        }
    }

    private static func read(_ fd: Int32) -> String? {
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = Glibc.read(fd, &buffer, buffer.count)
        return n >= 0 ? String(decoding: buffer[..<n], as: UTF8.self) : nil
    }

    private static var hostName: String? { read(open("/proc/sys/kernel/hostname", O_RDONLY | O_CLOEXEC)) }

    @Test func withoutInstancesItOpensUnderProcAndStopsTrying() throws {
        let maker = Maker(failingWith: ENOSYS)
        let procfs = PrivateProcfs(opensPerInstance: 2) { maker.make() }
        for _ in 0..<5 {
            #expect(Self.read(procfs.open("sys/kernel/hostname", O_RDONLY | O_CLOEXEC)) == Self.hostName)
        }
        #expect(maker.made == 1)
        #expect(procfs.open("sys/kernel/no-such-setting", O_RDONLY | O_CLOEXEC) == -1)
        #expect(errno == ENOENT)
    }

    @Test(.enabled(if: Sandbox.isActive, "needs root inside the test sandbox (DNET_TEST_SANDBOX=1)"))
    func anInstanceServesSoManyOpensThenANewOneIsMade() throws {
        let procMounts = { try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8).components(separatedBy: " - proc ").count }
        let mountsBefore = try procMounts()
        let maker = Maker()
        let procfs = PrivateProcfs(opensPerInstance: 4) { maker.make() }
        let first = procfs.open("sys/kernel/hostname", O_RDONLY | O_CLOEXEC)
        for _ in 0..<9 {
            #expect(Self.read(procfs.open("sys/kernel/hostname", O_RDONLY | O_CLOEXEC)) == Self.hostName)
        }
        #expect(maker.made == 3)
        // A file opened through an instance since replaced still reads.
        #expect(Self.read(first) == Self.hostName)
        let missing = procfs.open("sys/kernel/no-such-setting", O_RDONLY | O_CLOEXEC)
        #expect(missing == -1 && errno == ENOENT)
        // Mounted nowhere: the mount table is as it was.
        #expect(try procMounts() == mountsBefore)
    }

    @Test(.enabled(if: Sandbox.isActive, "needs root inside the test sandbox (DNET_TEST_SANDBOX=1)"))
    func aSettingWrittenThroughItBelongsToTheWritingThreadsNamespace() throws {
        let kernel = try NetlinkBackend()
        let tags = (0..<3).map { _ in "dpp\(Sandbox.tag())" }
        let hostDefault = Sandbox.output("cat", "/proc/sys/net/ipv6/conf/default/disable_ipv6")
        defer { for ns in tags { try? kernel.deleteNamespace(ns) } }
        for (i, ns) in tags.enumerated() { try kernel.createNamespace(ns, disableIPv6: i != 1) }
        for (i, ns) in tags.enumerated() {
            let value = Sandbox.output("ip", "netns", "exec", ns, "cat", "/proc/sys/net/ipv6/conf/default/disable_ipv6")
            #expect(value == (i != 1 ? "1\n" : "0\n"), "\(ns)")
        }
        #expect(Sandbox.output("cat", "/proc/sys/net/ipv6/conf/default/disable_ipv6") == hostDefault)
    }
}
