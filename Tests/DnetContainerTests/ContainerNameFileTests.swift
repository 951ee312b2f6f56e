import Foundation
import Testing
import DnetEngine
import DnetKernel

/// `/etc/netns/<name>/hosts` and `resolv.conf` in Docker's formats (transcripts 05a, 05f,
/// 05g, 05h, 05m, 06), written by `run`, `network connect|disconnect`, removed by `rm`; the
/// dry-run kernel, the files in the data root.
@Suite struct ContainerNameFileTests {
    let harness: ContainerHarness
    let root: String

    init() throws {
        harness = ContainerHarness(backend: DryRunBackend())
        root = harness.dataRoot + "/netns"
        try FileManager.default.createDirectory(atPath: harness.dataRoot, withIntermediateDirectories: true)
        try hostResolvConf("# the host's\nnameserver 10.255.255.53\n")
    }

    func hostResolvConf(_ text: String) throws {
        let path = harness.dataRoot + "/host-resolv.conf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try harness.engine.hostResolvConf = path
    }

    func file(_ container: String, _ name: String) -> String? {
        try? String(contentsOfFile: "\(root)/\(container)/\(name)", encoding: .utf8)
    }

    private func address(_ container: String, _ index: Int = 0) throws -> String {
        try #require(try harness.engine.container(container).attachments[index].endpoint.ipv4?.address.description)
    }

    private func id12(_ container: String) throws -> String { try harness.engine.container(container).container.shortID }

    static let localhost = """
        127.0.0.1\tlocalhost
        ::1\tlocalhost ip6-localhost ip6-loopback
        fe00::0\tip6-localnet
        ff00::0\tip6-mcastprefix
        ff02::1\tip6-allnodes
        ff02::2\tip6-allrouters

        """

    @Test func defaultBridgeHostsAndTheHostsResolvConf() throws {
        defer { harness.removeDataRoot() }
        harness.output("run --name c1")
        #expect(file("c1", "hosts") == Self.localhost + "\(try address("c1"))\t\(try id12("c1"))\n")
        // Docker keeps the host's other lines (05a shows a host file with one nameserver).
        #expect(file("c1", "resolv.conf") == "# the host's\nnameserver 10.255.255.53\n")
    }

    @Test func dnsOptionsAsDockerWritesThem() throws {
        defer { harness.removeDataRoot() }
        harness.output("run --name c7 --dns 10.0.0.53 --dns-search example.com")
        #expect(file("c7", "resolv.conf") == "search example.com\nnameserver 10.0.0.53\n")
        harness.output("run --name c7o --dns 10.0.0.53 --dns 10.0.0.54 --dns-search example.com --dns-search corp.local --dns-option ndots:2 --dns-option timeout:1")
        #expect(file("c7o", "resolv.conf") == "search example.com corp.local\nnameserver 10.0.0.53\nnameserver 10.0.0.54\noptions ndots:2 timeout:1\n")
        let inspect = harness.output("inspect -f '{{json .HostConfig.Dns}} {{json .HostConfig.DnsSearch}} {{json .HostConfig.DnsOptions}}' c7o")
        #expect(inspect == #"["10.0.0.53","10.0.0.54"] ["example.com","corp.local"] ["ndots:2","timeout:1"]"#)
    }

    @Test func loopbackNameserversGiveWayToGooglesAndTheEngineSettingsComeFirst() throws {
        defer { harness.removeDataRoot() }
        try hostResolvConf("nameserver 127.0.0.53\nsearch lan\n")
        harness.output("run --name a")
        #expect(file("a", "resolv.conf") == "search lan\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n")
        var settings = try harness.engine.settings
        settings.dns = ["192.0.2.53"]
        try harness.engine.update(settings: settings)
        harness.output("run --name b")
        // Only --dns given: the search domains are still the host's.
        #expect(file("b", "resolv.conf") == "search lan\nnameserver 192.0.2.53\n")
        harness.output("run --name c --dns 10.0.0.1")
        #expect(file("c", "resolv.conf") == "search lan\nnameserver 10.0.0.1\n")
    }

    @Test func addHostLinesComeBeforeTheOwnAddress() throws {
        defer { harness.removeDataRoot() }
        harness.output("run --name c13 --add-host extra:1.2.3.4 --add-host extra6:fd00::9 --add-host host.docker.internal:host-gateway")
        let gateway = try #require(try harness.engine.container("c13").attachments[0].network.addresses.gateway(.ipv4))
        #expect(file("c13", "hosts") == Self.localhost
            + "1.2.3.4\textra\nfd00::9\textra6\n\(gateway)\thost.docker.internal\n\(try address("c13"))\t\(try id12("c13"))\n")
    }

    @Test func linksOnTheDefaultBridgeNameTheAliasTheHostnameAndTheName() throws {
        defer { harness.removeDataRoot() }
        harness.output("run --name c1")
        harness.output("run --name c8 --link c1:alias1")
        #expect(file("c8", "hosts") == Self.localhost
            + "\(try address("c1"))\talias1 \(try id12("c1")) c1\n\(try address("c8"))\t\(try id12("c8"))\n")
        #expect(harness.output("inspect -f '{{json .HostConfig.Links}}' c8") == #"["/c1:/c8/alias1"]"#)
        #expect(harness.output("inspect -f '{{json .HostConfig.Links}}' c1") == "null")
        harness.output("run --name c9 --link c1 -h nine")
        #expect(file("c9", "hosts") == Self.localhost + "\(try address("c1"))\tc1 \(try id12("c1"))\n\(try address("c9"))\tnine\n")
    }

    @Test func hostnameAndDomainname() throws {
        defer { harness.removeDataRoot() }
        harness.output("run --name c6d -h myhost --domainname example.net")
        #expect(file("c6d", "hosts") == Self.localhost + "\(try address("c6d"))\tmyhost.example.net myhost\n")
        harness.output("run --name c6f -h myhost.example.org")
        #expect(file("c6f", "hosts") == Self.localhost + "\(try address("c6f"))\tmyhost.example.org myhost\n")
        #expect(harness.output("inspect -f '{{json .Config.Domainname}}' c6d") == #""example.net""#)
    }

    @Test func ipv6NetworksAddTheIPv6AddressAndNoneOnlyTheLocalhostBlock() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --ipv6 --subnet 10.83.0.0/24 --subnet fd00:83::/64 v6net")
        harness.output("run --name v62 --net v6net --ip6 fd00:83::99")
        #expect(file("v62", "hosts") == Self.localhost + "10.83.0.2\t\(try id12("v62"))\nfd00:83::99\t\(try id12("v62"))\n")
        harness.output("run --name c3 --net none")
        #expect(file("c3", "hosts") == Self.localhost)
    }

    @Test func connectAddsALineDisconnectTakesItAwayRmRemovesTheFolder() throws {
        defer { harness.removeDataRoot() }
        harness.output("network create --subnet 10.60.0.0/24 app")
        harness.output("run --name c1")
        harness.output("network connect --ip 10.60.0.50 app c1")
        let id = try id12("c1")
        #expect(file("c1", "hosts") == Self.localhost + "\(try address("c1"))\t\(id)\n10.60.0.50\t\(id)\n")
        harness.output("network disconnect bridge c1")
        #expect(file("c1", "hosts") == Self.localhost + "10.60.0.50\t\(id)\n")
        harness.output("rm c1")
        #expect(!FileManager.default.fileExists(atPath: root + "/c1"))
    }

    @Test func refusedRunsLeaveNoFolder() throws {
        defer { harness.removeDataRoot() }
        let refusals = [
            ("run --name x --add-host nocolon", "bad format for add-host: \"nocolon\""),
            ("run --name x --add-host h:notanip", "invalid IP address in add-host: \"notanip\""),
            ("run --name x --dns notanip", "notanip is not an ip address"),
            ("run --name x --dns-search a..b", "a..b is not a valid domain"),
            ("run --name x --link nosuchcontainer:x", "Could not get container for nosuchcontainer"),
            ("run --name x --link a:b:c", "bad format for links: a:b:c"),
        ]
        for (line, message) in refusals {
            let outcome = harness.run(line)
            #expect(outcome.status == 125 && outcome.stderr == message + "\n", "\(line): \(outcome)")
        }
        // On a user-defined network Docker accepts a link to a container that is not there.
        harness.output("network create ov1")
        harness.output("run --name nn4 --net ov1 --link nosuchcontainer:x")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["nn4"])
    }

    /// `--net host`, as Docker's default sandbox (transcript 05d): copies of the host's files,
    /// unless `--add-host` or DNS options ask for files of the container's own.
    @Test func hostNetworkContainersGetCopiesOfTheHostsFiles() throws {
        defer { harness.removeDataRoot() }
        try hostResolvConf("nameserver 127.0.0.53\noptions edns0\n")
        harness.output("run --net host --name h1")
        #expect(file("h1", "hosts") == (try String(contentsOfFile: "/etc/hosts", encoding: .utf8)))
        // As is: the host's loopback nameserver serves a container in the host's namespace.
        #expect(file("h1", "resolv.conf") == "nameserver 127.0.0.53\noptions edns0\n")
        harness.output("run --net host --name h2 --add-host db:10.1.2.3 --dns 9.9.9.9")
        #expect(file("h2", "hosts") == Self.localhost + "10.1.2.3\tdb\n")
        #expect(file("h2", "resolv.conf") == "nameserver 9.9.9.9\noptions edns0\n")
        #expect(harness.output("rm h1 h2") == "h1\nh2")
        #expect(file("h1", "hosts") == nil && file("h2", "hosts") == nil)
    }
}
