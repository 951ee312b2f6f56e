import Foundation
import Testing

/// dnet's engine flags and daemon.json, seen through the built binary in `--sandbox` runs
/// (root only; the suite itself runs inside scripts/sandbox.sh).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DNET_TEST_SANDBOX"] == "1"))
struct EngineOptionTests {
    @Test func flagsShapeTheDefaultBridge() throws {
        let r = try DnetBinary.run(["--sandbox", "--bip", "10.123.0.1/24", "--mtu", "1400", "-c",
                                    "network inspect -f '{{json .IPAM.Config}} {{index .Options \"com.docker.network.driver.mtu\"}}' bridge; host ip -o addr show dev dnet0; host ip -o link show dev dnet0"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("[{\"Subnet\":\"10.123.0.0/24\",\"Gateway\":\"10.123.0.1\"}] 1400\n"), "\(r.stdout)")
        #expect(r.stdout.contains("inet 10.123.0.1/24"), "\(r.stdout)")
        #expect(r.stdout.contains("mtu 1400"), "\(r.stdout)")
    }

    @Test func configFileAndItsConflicts() throws {
        let dir = try DnetBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("daemon.json")
        try #"{"mtu": 1450, "default-address-pools": [{"base": "10.150.0.0/16", "size": 24}]}"#
            .write(to: config, atomically: true, encoding: .utf8)
        let ok = try DnetBinary.run(["--sandbox", "--config-file", config.path, "-c",
                                     "let id = $(network create p1); network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' bridge p1; engine"])
        #expect(ok.status == 0, "\(ok.stderr)")
        // The default bridge takes the pools' first subnet, as docker0 does.
        #expect(ok.stdout.hasPrefix("10.150.0.0/24\n10.150.1.0/24\n"), "\(ok.stdout)")
        #expect(ok.stdout.contains("\"mtu\": 1450"))
        #expect(ok.stdout.contains(#""default-address-pools": [{"base": "10.150.0.0/16", "size": 24}]"#))

        let conflict = try DnetBinary.run(["--config-file", config.path, "--mtu", "1400", "-c", "echo never"])
        #expect(conflict.status == 1)
        #expect(conflict.stdout == "")
        #expect(conflict.stderr == "dnet: the following directives are specified both as a flag and in the configuration file: mtu\n")
    }

    @Test func badSettingsStopBeforeAnythingRuns() throws {
        let bip = try DnetBinary.run(["--bip", "10.99.0.0/24", "-c", "echo never"])
        #expect(bip.status == 1 && bip.stdout == "")
        #expect(bip.stderr.contains("invalid bip: 10.99.0.0/24"))
        let both = try DnetBinary.run(["-b", "br0", "--bip", "10.99.0.1/24", "-c", "echo never"])
        #expect(both.stderr == "dnet: You specified -b & --bip, mutually exclusive options. Please specify only one\n")
        let mtu = try DnetBinary.run(["--mtu", "abc", "-c", "echo never"])
        #expect(mtu.status == 1 && mtu.stderr.contains("invalid argument \"abc\" for \"--mtu\" flag"))
    }

    @Test func engineStatementChangesTheDefaultBridge() throws {
        let r = try DnetBinary.run(["--sandbox", "-c",
                                    "engine --mtu 1300 --bip 10.44.0.1/24; network inspect -f '{{json .IPAM.Config}}' bridge; host ip -o link show dev dnet0; engine"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("[{\"Subnet\":\"10.44.0.0/24\",\"Gateway\":\"10.44.0.1\"}]\n"), "\(r.stdout)")
        #expect(r.stdout.contains("mtu 1300"))
        #expect(r.stdout.contains("\"bip\": \"10.44.0.1/24\""))
    }

    @Test func noDefaultBridge() throws {
        let r = try DnetBinary.run(["--sandbox", "-b", "none", "-c", "network ls --format '{{.Name}}'; host ip -o link show type bridge"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "host\nnone\n")
    }

    @Test func dryRunChangesNothing() throws {
        let dir = try DnetBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = dir.appendingPathComponent("data").path
        let dry = try DnetBinary.run(["--dry-run", "--data-root", root, "-c", "network create --subnet 10.61.0.0/24 d1; network ls -q --filter name=d1"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("ip link add br-"))
        #expect(dry.stdout.contains("ip addr add 10.61.0.1/24 brd + dev br-"))
        #expect(!FileManager.default.fileExists(atPath: root + "/dnet.db"), "a dry run writes no state")
    }
}

/// `--sandbox` leaves nothing behind: not the embedded DNS server, nor a container's main
/// process, both of which detach from dnet; and its DNS server never meets the host's.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DNET_TEST_SANDBOX"] == "1"))
struct SandboxModeTests {
    /// Pids of processes whose command line contains `marker`.
    func processes(containing marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), !stat.contains(") Z ") else { return false }
            return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(marker)
        }
    }

    @Test func nothingOutlivesTheSandbox() throws {
        let residentsBefore = Set(processes(containing: "dnet-dns --state-dir"))
        let marker = "\(UInt32.random(in: 100_000...999_999))"
        let r = try DnetBinary.run(["--sandbox", "-c",
                                    "network create u; run --name a --net u; run --name b --net u -- sleep \(marker); exec a getent hosts b; host ls /run/dnet/dns"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\tb\n") || r.stdout.contains(" b\n"), "\(r.stdout)")
        #expect(r.stdout.contains("control.sock"), "the sandbox's DNS server runs: \(r.stdout)")
        // Killed as the sandbox ends, not left holding its namespaces.
        #expect(processes(containing: "sleep \(marker)").isEmpty)
        #expect(Set(processes(containing: "dnet-dns --state-dir")).subtracting(residentsBefore).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/run/dnet/dns/control.sock"))
    }
}
