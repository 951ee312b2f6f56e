import Foundation
import Testing
@testable import DnetEngine
import DnetIPAM

struct ContainerRecordCodingTests {
    private func keys(_ data: Data) throws -> [String] {
        try (JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]).keys.sorted()
    }

    @Test func defaultsAreLeftOut() throws {
        let record = ContainerRecord(id: String(repeating: "a", count: 64), name: "c1", hostname: "aaaaaaaaaaaa",
                                     created: 1_795_950_586_602_518_001, networkMode: "big1")
        let data = try JSONEncoder().encode(record)
        #expect(try keys(data) == ["created", "hostname", "id", "ipv6DisabledByDefault", "name", "networkMode"])
        #expect(try JSONDecoder().decode(ContainerRecord.self, from: data) == record)

        var withIPv6 = record
        withIPv6.ipv6DisabledByDefault = false
        let v6 = try JSONEncoder().encode(withIPv6)
        #expect(try keys(v6) == ["created", "hostname", "id", "name", "networkMode"])
        #expect(try JSONDecoder().decode(ContainerRecord.self, from: v6) == withIPv6)
    }

    @Test func everyFieldRoundTrips() throws {
        var record = ContainerRecord(id: String(repeating: "b", count: 64), name: "web", hostname: "h",
                                     created: 7, networkMode: "default", labels: ["a": "1"])
        record.portBindings = ["80/tcp": [PortBinding(hostIP: "127.0.0.1", hostPort: "8080")]]
        record.exposedPorts = ["80/tcp"]
        record.publishAllPorts = true
        record.domainname = "example.org"
        record.dns = ["10.0.0.53"]
        record.dnsSearch = ["example.org"]
        record.dnsOptions = ["ndots:2"]
        record.extraHosts = ["db:10.0.0.9"]
        record.links = [ContainerLink(containerID: String(repeating: "c", count: 64), name: "db", alias: "database")]
        record.command = ["sleep", "60"]
        record.mainProcess = MainProcess(pid: 42, startTime: 99, startedAt: 5)
        record.autoRemove = true
        record.sysctls = ["net.ipv4.ip_forward": "1"]
        record.netContainerID = String(repeating: "d", count: 64)
        let data = try JSONEncoder().encode(record)
        #expect(try keys(data).count == 21)
        #expect(try JSONDecoder().decode(ContainerRecord.self, from: data) == record)
    }

    @Test func recordsWithEveryKeyStillLoad() throws {
        // As dnet stored them before defaults were left out.
        let body = #"{"created":1795950586602518001,"dns":[],"dnsOptions":[],"dnsSearch":[],"domainname":"","exposedPorts":[],"extraHosts":[],"hostname":"236a2a650a53","id":"236a2a650a53678a739c0d4de4dd23e790c4b70397f5d62e8f4d4137d3394d32","ipv6DisabledByDefault":true,"labels":{},"links":[],"name":"c1","networkMode":"big1","portBindings":{},"publishAllPorts":false}"#
        let record = try JSONDecoder().decode(ContainerRecord.self, from: Data(body.utf8))
        #expect(record == ContainerRecord(id: "236a2a650a53678a739c0d4de4dd23e790c4b70397f5d62e8f4d4137d3394d32", name: "c1",
                                          hostname: "236a2a650a53", created: 1_795_950_586_602_518_001, networkMode: "big1"))
    }

    @Test func aRecordWithoutItsIdentityIsRefused() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ContainerRecord.self, from: Data(#"{"name":"c1","hostname":"h","created":1}"#.utf8))
        }
    }
}

struct EndpointRecordCodingTests {
    @Test func recordsAsStoredBeforeStillLoad() throws {
        let body = #"{"aliases":[],"containerID":"c","hostInterface":"veth096e24f","id":"e","interfaceName":"eth0","ipv4":"10.0.0.2\/16","macAddress":"02:42:0a:00:00:02","networkID":"n"}"#
        let record = try JSONDecoder().decode(EndpointRecord.self, from: Data(body.utf8))
        #expect(record == EndpointRecord(id: "e", networkID: "n", containerID: "c", interfaceName: "eth0",
                                         hostInterface: "veth096e24f", ipv4: try CIDR.parse("10.0.0.2/16"),
                                         macAddress: MACAddress("02:42:0a:00:00:02")))
    }

    @Test func everyFieldRoundTripsAndEmptyOnesAreLeftOut() throws {
        var record = EndpointRecord(id: "e", networkID: "n", containerID: "c", interfaceName: "eth1", hostInterface: "veth1234567",
                                    ipv4: try CIDR.parse("10.1.0.5/24"), ipv6: try CIDR.parse("fd00:1::5/64"),
                                    macAddress: MACAddress("02:42:0a:01:00:05"), aliases: ["db", "primary"],
                                    staticIPv4: IPAddress("10.1.0.5"), staticIPv6: IPAddress("fd00:1::5"))
        record.links = ["web:w"]
        record.linkLocalIPs = [IPAddress("169.254.1.1")!]
        #expect(try JSONDecoder().decode(EndpointRecord.self, from: JSONEncoder().encode(record)) == record)

        let bare = EndpointRecord(id: "e", networkID: "n", containerID: "c")
        let data = try JSONEncoder().encode(bare)
        let keys = (try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]).keys.sorted()
        #expect(keys == ["containerID", "id", "networkID"])
        #expect(try JSONDecoder().decode(EndpointRecord.self, from: data) == bare)
    }

    @Test func aBadAddressIsRefused() {
        for body in [#"{"id":"e","networkID":"n","containerID":"c","ipv4":"10.0.0.300/16"}"#,
                     #"{"id":"e","networkID":"n","containerID":"c","macAddress":"02:42"}"#,
                     #"{"id":"e","networkID":"n","containerID":"c","staticIPv4":"x"}"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(EndpointRecord.self, from: Data(body.utf8)) }
        }
    }
}
