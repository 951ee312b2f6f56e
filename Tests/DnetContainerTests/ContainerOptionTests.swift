import Foundation
import Testing
import DnetCommandKit
@testable import DnetCommands
import DnetEngine
import DnetIPAM
import DnetKernel

/// `run --sysctl`, `run --rm`, `network connect --link|--link-local-ip` and `ps -f` against
/// the dry-run kernel: the steps they plan, what `inspect` and `ps` show, Docker's errors.
extension ContainerPlanTests {
    @Test func sysctlsAreWrittenInTheNamespaceAfterItsInterfaces() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --subnet 10.51.0.0/24 app")
        let planned = steps {
            harness.output("run --name s1 --net app --sysctl net.ipv4.ip_forward=1 --sysctl net.ipv4.conf.eth0.rp_filter=2")
        }
        #expect(planned.count == 5)
        guard planned.count == 5 else { return }
        if case .addContainerVeth = planned[2] {} else { Issue.record("the veth comes before the sysctls: \(planned)") }
        #expect(Array(planned[3...]) == [
            .writeSysctl(key: "net.ipv4.conf.eth0.rp_filter", value: "2", namespace: .named("s1")),
            .writeSysctl(key: "net.ipv4.ip_forward", value: "1", namespace: .named("s1")),
        ])
        #expect(harness.output("inspect -f '{{json .HostConfig.Sysctls}}' s1")
                == #"{"net.ipv4.conf.eth0.rp_filter":"2","net.ipv4.ip_forward":"1"}"#)
        harness.output("run --name s2 --net app")
        #expect(harness.output("inspect -f '{{json .HostConfig.Sysctls}}' s2") == "null")
        #expect(!harness.output("inspect s2").contains("Sysctls"), "omitted when empty, as Docker's omitempty")
    }

    @Test func sysctlsOutsideTheNetworkNamespaceAreRefused() throws {
        defer { harness.removeDataRoot() }
        harness.output("run --name owner")
        let cases: [(String, String, Int32)] = [
            ("run --sysctl kernel.domainname=x",
             "invalid argument \"kernel.domainname=x\" for \"--sysctl\" flag: sysctl 'kernel.domainname=x' is not allowed", 125),
            ("run --sysctl noequals",
             "invalid argument \"noequals\" for \"--sysctl\" flag: sysctl 'noequals' is not allowed", 125),
            ("run --sysctl kernel.msgmax=1",
             "sysctl 'kernel.msgmax=1' is not supported: dnet sets only the network namespace's sysctls (net.*)", 125),
            ("run --net host --sysctl net.ipv4.ip_forward=1",
             "sysctl \"net.ipv4.ip_forward\" not allowed in host network namespace", 125),
            ("run --net container:owner --sysctl net.ipv4.ip_forward=1",
             "sysctl \"net.ipv4.ip_forward\" not allowed: the container shares the network namespace of another (--net container:…); set it on that container", 125),
        ]
        for (line, message, status) in cases {
            let outcome = harness.run(line)
            #expect(outcome.status == status, "\(line): \(outcome)")
            #expect(outcome.stderr.hasPrefix(message + "\n"), "\(line): \(outcome)")
            #expect(outcome.stdout == "", "\(line) prints no id")
        }
        #expect(harness.output("ps -a --format {{.Names}}") == "owner")
    }

    @Test func autoRemoveIsRecordedAndShown() throws {
        defer { harness.removeDataRoot() }
        harness.output("run --rm --name r1")
        harness.output("run --name r2")
        #expect(harness.output("inspect -f {{.HostConfig.AutoRemove}} r1 r2") == "true\nfalse")
        // Without a command nothing exits: it stays until stopped.
        #expect(harness.output("ps --format {{.Names}}") == "r2\nr1")
        #expect(harness.output("stop r1") == "r1")
        #expect(harness.output("ps -a --format {{.Names}}") == "r2")
        #expect(harness.output("stop r2") == "r2")
        #expect(harness.output("ps -a --format {{.Names}}") == "r2")
    }

    @Test func connectKeepsLinksAndAddsLinkLocalAddresses() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --subnet 10.52.0.0/24 app")
        harness.output("network create --subnet 10.53.0.0/24 back")
        harness.output("run --name db --net app")
        harness.output("run --name web --net app --link db:database")
        let id12 = try harness.engine.container("web").container.shortID
        // `run --link` on a user-defined network: the endpoint's, as Docker (transcript 05h, c8u).
        #expect(harness.output("inspect -f '{{json .NetworkSettings.Networks.app.Links}} {{json .HostConfig.Links}}' web")
                == #"["db:database"] null"#)
        let planned = steps {
            harness.output("network connect --link db:store --link db --link-local-ip 169.254.10.1 --link-local-ip 169.254.10.1,169.254.10.2 back web")
        }
        let veth = planned.compactMap { step -> ContainerVethSpec? in
            if case .addContainerVeth(let spec) = step { return spec }
            return nil
        }
        #expect(veth.first?.interface.addresses.map(\.description) == ["10.53.0.2/24", "169.254.10.1/16", "169.254.10.2/16"])
        #expect(harness.output("inspect -f '{{json .NetworkSettings.Networks.back}}' web").hasPrefix(
            #"{"IPAMConfig":{"LinkLocalIPs":["169.254.10.1","169.254.10.2"]},"Links":["db:store","db"],"Aliases":[""# + "\(id12)\"]"))
        harness.output("network disconnect back web")
        #expect(harness.output("inspect -f '{{len .NetworkSettings.Networks}}' web") == "1")
    }

    @Test func connectChecksLinksAndLinkLocalAddressesAsDocker() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --subnet 10.54.0.0/24 app")
        harness.output("run --name c1")
        let cases: [(String, String)] = [
            ("network connect --link-local-ip nope --link-local-ip 0.0.0.0 app c1",
             "invalid endpoint settings:\ninvalid link-local IP address: nope\ninvalid link-local IP address: 0.0.0.0"),
            ("network connect --link a:b:c app c1", "bad format for links: a:b:c"),
            ("network connect --link-local-ip fe80::5 app c1",
             "cannot add the link-local address fe80::5 on network app: IPv6 is off on networks made without --ipv6"),
        ]
        for (line, message) in cases {
            let outcome = harness.run(line)
            #expect(outcome.status != 0 && outcome.stderr == message + "\n", "\(line): \(outcome)")
        }
        #expect(harness.output("inspect -f '{{len .NetworkSettings.Networks}}' c1") == "1")
    }

    @Test func psFiltersByStatusNameAndId() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --subnet 10.55.0.0/24 app")
        let id = harness.output("run --name c1 --net app")
        harness.output("run --name c10 -l tier=web")
        #expect(harness.output("ps -f status=running --format {{.Names}}") == "c10\nc1")
        #expect(harness.output("ps -f status=exited -f status=created --format {{.Names}}") == "")
        #expect(harness.output("ps -f name=^c1$ --format {{.Names}}") == "c1")
        #expect(harness.output("ps -f name=^/c1 --format {{.Names}}") == "c10\nc1")
        #expect(harness.output("ps -f name=c1 -f network=app --format {{.Names}}") == "c1")
        #expect(harness.output("ps -f label=tier=web --format {{.Names}}") == "c10")
        #expect(harness.output("ps -q -f id=\(id.prefix(6))") == String(id.prefix(12)))
        let bad = harness.run("ps -f status=sleeping")
        #expect(bad.status == 1 && bad.stderr == "Unrecognised filter value for status: sleeping\n")
        let badCode = harness.run("ps -f exited=x")
        #expect(badCode.status != 0 && badCode.stderr == "strconv.Atoi: parsing \"x\": invalid syntax\n")
        #expect(harness.run("ps -f color=red").stderr == "Invalid filter 'color'\n")
    }

    /// `--rm`'s remover starts an engine of its own from a daemon.json: it must give back the
    /// settings exactly, or its start would change the default bridge.
    @Test func theRemoversSettingsAreTheEnginesOwn() throws {
        var settings = EngineSettings()
        settings.bip = "10.77.0.1/24"
        settings.mtu = 1400
        settings.icc = false
        settings.dns = ["10.0.0.53"]
        settings.dnsSearch = ["example.org"]
        settings.defaultAddressPools = [try DefaultAddressPool.parse("base=10.200.0.0/16,size=24")]
        for original in [EngineSettings(), settings] {
            var read = EngineSettings()
            try read.apply(configFile: Data(ContainerAutoRemove.configDocument(original).utf8), path: "engine.json")
            #expect(read == original)
        }
    }
}
