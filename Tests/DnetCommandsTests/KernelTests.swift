import Foundation
import Testing
import DnetKernel

/// The network commands against the real kernel, as root in a private network namespace:
/// run them with `scripts/sandbox.sh env DNET_TEST_SANDBOX=1 swift test`. One at a time, as
/// they share the namespace; each removes what it made.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["DNET_TEST_SANDBOX"] == "1",
                             "needs root in a sandbox: scripts/sandbox.sh env DNET_TEST_SANDBOX=1"))
struct KernelTests {
    /// Runs `ip ARGS`; its standard output, or nil when it fails.
    @discardableResult
    static func ip(_ arguments: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = arguments.split(separator: " ").map(String.init)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    /// The links and addresses of the namespace, without counters that change by themselves.
    static func kernelState() -> String {
        (ip("-o link show") ?? "?") + (ip("-o addr show") ?? "?")
    }

    /// A harness on the real kernel; `body` runs, then every link but loopback is deleted.
    static func withHarness(_ body: (CommandHarness) throws -> Void) throws {
        let harness = try CommandHarness(.real)
        defer {
            for line in (ip("-o link show") ?? "").split(separator: "\n") {
                let name = line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces).split(separator: "@")[0]
                if name != "lo" { ip("link del \(name)") }
            }
        }
        try body(harness)
    }

    @Test func createMakesBridgesWithAddressesAndMTUAndRemoveDeletesThem() throws {
        try Self.withHarness { harness in
            let first = harness.run("network create --subnet 10.40.0.0/24 --gateway 10.40.0.254 -o com.docker.network.driver.mtu=1400 k1")
            #expect(first.status == 0)
            let bridge = "br-" + first.stdout.prefix(12)
            let link = try #require(Self.ip("-d link show \(bridge)"))
            #expect(link.contains(" mtu 1400 "))
            #expect(link.contains("\n    bridge "))
            #expect(link.contains(",UP"))
            #expect(link.contains("alias dnet:\(first.stdout.dropLast())"))
            #expect(Self.ip("-o addr show dev \(bridge)")?.contains("inet 10.40.0.254/24 ") == true)

            #expect(harness.run("network create -o com.docker.network.bridge.name=kbr0 --ipv6 --subnet fd00:40::/64 k2").status == 0)
            let addresses = try #require(Self.ip("-o addr show dev kbr0"))
            #expect(addresses.contains("inet 172.18.0.1/16 "))
            #expect(addresses.contains("inet6 fd00:40::1/64 "))
            #expect(Self.ip("-d link show kbr0")?.contains(" mtu 1500 ") == true)

            #expect(harness.run("network rm k1 k2") == Outcome(stdout: "k1\nk2\n", stderr: "", status: 0))
            #expect(Self.ip("link show \(bridge)") == nil)
            #expect(Self.ip("link show kbr0") == nil)
            #expect(harness.run("network ls --format '{{.Name}}'").stdout == "bridge\nhost\nnone\n")
        }
    }

    /// Transcript 03's refusals and dnet's own: the kernel and the networks stay as they were.
    @Test func badInputChangesNeitherTheKernelNorTheNetworks() throws {
        try Self.withHarness { harness in
            #expect(harness.run("network create --subnet 10.20.0.0/16 ov1").status == 0)
            let other = try harness.engine.network("ov1").bridgeName!
            harness.run("attach ov1")
            let bad = [
                "network create --subnet 10.300.0.0/16 e1", "network create --subnet 10.31.0.0/24 --gateway 10.99.0.1 e2",
                "network create --subnet 10.20.1.0/24 e3", "network create --subnet 172.17.5.0/24 e4",
                "network create ov1", "network create bridge", "network create 'bad name'",
                "network create -d nosuchdriver e5", "network create -d macvlan -o parent=nosuchif e6",
                "network create -d macvlan e7", "network create -o com.docker.network.driver.mtu=abc e8",
                "network create -o com.docker.network.bridge.name=dnet0 e9",
                "network create -o com.docker.network.bridge.name=\(other) e10",
                "network create -o com.docker.network.bridge.name=abcdefghijklmnop e11",
                "network create -o com.docker.network.bridge.name=lo e12",
                "network create --ipam-driver nosuchipam e13", "network create -d host e14",
                "network create --subnet 10.35.0.0/24 --subnet 10.36.0.0/24 e15", "network create --ipv6 e16",
                "network rm ov1", "network rm bridge", "network rm nosuchnet ov1", "network prune -f --filter label=x",
            ]
            for command in bad {
                let kernel = Self.kernelState(), state = try harness.state()
                let outcome = harness.run(command)
                #expect(outcome.status == (command.hasPrefix("network prune") ? 0 : 1), "\(command)")
                #expect(Self.kernelState() == kernel, "\(command)")
                #expect(try harness.state() == state, "\(command)")
            }
        }
    }

    /// Transcript 02 on the kernel (where it lacks ipvlan, as this one does), and the bridges'
    /// addresses as Docker's `ip -br addr` showed them.
    @Test func transcript02MakesDockersBridges() throws {
        guard try !NetlinkBackend().supportsLinkKind("ipvlan") else { return }
        try Self.withHarness { harness in
            try #require(Self.ip("link add par0 type veth peer name par1") != nil)
            Transcript.check(CreateOptionsTests.expected, on: harness)
            let addresses = try #require(Self.ip("-o addr show"))
            for (name, address) in [("n-gw", "10.11.0.254/24"), ("n-iprange", "10.12.5.0/16"), ("n-aux", "10.13.0.1/24"),
                                    ("n-v6", "fd00:db8:1::1/64"), ("n-v46", "10.15.0.1/24"), ("n-v46", "fd00:db8:2::1/64"),
                                    ("n-mtu", "172.24.0.1/16"), ("n-noicc", "172.27.0.1/16")] {
                let bridge = try #require(harness.engine.network(name).bridgeName)
                #expect(addresses.contains("\(bridge)    inet\(address.contains(":") ? "6" : "") \(address) "), "\(name)")
            }
            #expect(addresses.contains("mybr0    inet 172.23.0.1/16 "))
            #expect(addresses.contains("combo0    inet 10.16.0.1/24 "))
            #expect(Self.ip("link show combo0")?.contains(" mtu 1450 ") == true)
            #expect(Self.ip("link show br-\(try harness.engine.network("n-mtu").shortID)")?.contains(" mtu 1400 ") == true)
        }
    }

    @Test func macvlanNetworksUseARealParent() throws {
        try Self.withHarness { harness in
            try #require(Self.ip("link add par0 type veth peer name par1") != nil)
            #expect(harness.run("network create -d macvlan -o parent=par0 --subnet 192.168.50.0/24 mv").status == 0)
            #expect(harness.run("network inspect -f '{{.Driver}} {{json .Options}}' mv").stdout == "macvlan {\"parent\":\"par0\"}\n")
            #expect(harness.run("network rm mv").status == 0)
            #expect(Self.ip("link show par0") != nil)
        }
    }

    @Test func ipvlanNeedsTheKernelsSupport() throws {
        try Self.withHarness { harness in
            try #require(Self.ip("link add par0 type veth peer name par1") != nil)
            let outcome = harness.run("network create -d ipvlan -o parent=par0 --subnet 192.168.60.0/24 iv")
            if try NetlinkBackend().supportsLinkKind("ipvlan") {
                #expect(outcome.status == 0)
            } else {
                #expect(outcome == Outcome(
                    stdout: "", stderr: "ipvlan networks need kernel support for ipvlan devices (CONFIG_IPVLAN), which this kernel lacks\n",
                    status: 1))
            }
        }
    }

    @Test func pruneDeletesTheBridgesOfUnusedNetworksOnly() throws {
        try Self.withHarness { harness in
            let a = harness.run("network create pa").stdout.prefix(12)
            let b = harness.run("network create pb").stdout.prefix(12)
            harness.run("attach pb")
            #expect(harness.run("network prune -f").stdout == "Deleted Networks:\npa\n\n")
            #expect(Self.ip("link show br-\(a)") == nil)
            #expect(Self.ip("link show br-\(b)") != nil)
            #expect(Self.ip("link show dnet0") != nil)
        }
    }
}
