import Foundation
import Testing

/// The real docker CLI against `dnet daemon`, compared with what it printed against Docker's
/// own daemon (`DockerTranscripts`), ids and times normalised.
@Suite(.serialized, .enabled(if: Sandboxed.enabled))
struct DockerCLITests {
    /// Docker shows no Gateway for a default bridge whose subnet came from the pools; dnet's
    /// engine shows it (as its local `network inspect` does).
    static let defaultBridgeGateway = TranscriptCheck.Adjustment(
        docker: "\"Subnet\": \"172.17.0.0/16\"\n",
        dnet: "\"Subnet\": \"172.17.0.0/16\",\n                    \"Gateway\": \"172.17.0.1\"\n",
        reason: "engine: the default bridge's IPAM config")

    /// dnet's default bridge is `dnet0`, so that it and Docker's `docker0` can share a host.
    static let defaultBridgeName = TranscriptCheck.Adjustment(
        docker: "\"com.docker.network.bridge.name\": \"docker0\"", dnet: "\"com.docker.network.bridge.name\": \"dnet0\"",
        reason: "dnet's default bridge is dnet0")

    /// The ipvlan network of Docker's run is not made here (this kernel lacks ipvlan), so the
    /// listings lack its row.
    static let noIPvlan = [
        TranscriptCheck.Adjustment(docker: "a4d3fac24189   n-ipvlan     ipvlan    local\n", dnet: "",
                                   reason: "no ipvlan network"),
        TranscriptCheck.Adjustment(docker: "n-ipvlan ipvlan false false \n", dnet: "", reason: "no ipvlan network"),
    ]

    /// Where dnet refuses what Docker accepts (as its local commands do, with the same texts):
    /// names must match `[a-zA-Z0-9][a-zA-Z0-9_.-]*`, and a macvlan network needs `-o parent`.
    static let stricterThanDocker = [
        TranscriptCheck.Adjustment(
            docker: "=== $ docker network create 'bad name'\n--- stdout ---\nfd4df6e33a693368a4b695df1eea2253b3d1d88c33ee06341d65324b1eed076b\n--- stderr ---\n--- exit code: 0\n",
            dnet: "=== $ docker network create 'bad name'\n--- stdout ---\n--- stderr ---\nError response from daemon: invalid network name \"bad name\": names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*\n--- exit code: 1\n",
            reason: "dnet's stricter network names"),
        TranscriptCheck.Adjustment(
            docker: "Error response from daemon: network with name  already exists\n",
            dnet: "Error response from daemon: invalid network name \"\": names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*\n",
            reason: "dnet's stricter network names"),
        TranscriptCheck.Adjustment(
            docker: "Error response from daemon: operation not supported\n",
            dnet: "Error response from daemon: macvlan network needs a parent interface: -o parent=IFACE (dnet does not create the dummy parent link Docker would)\n",
            reason: "dnet's macvlan needs -o parent"),
    ]

    @Test func freshListing() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        TranscriptCheck.check(DockerTranscripts.fresh.replacingOccurrences(of: "ip netns exec dkr", with: "true"),
                              on: daemon, adjusting: [Self.defaultBridgeGateway, Self.defaultBridgeName])
    }

    @Test func createOptions() throws {
        let daemon = try DaemonUnderTest()
        defer {
            daemon.finish()
            for link in ["par0", "par1"] { _ = try? runProgram("/sbin/ip", ["link", "del", link]) }
        }
        // The macvlan networks' parents, as in Docker's run.
        for link in ["par0", "par1"] {
            _ = try runProgram("/sbin/ip", ["link", "add", link, "type", "veth", "peer", "name", link + "p"])
        }
        TranscriptCheck.check(DockerTranscripts.createOptions, on: daemon, adjusting: Self.noIPvlan, unordered: [
            TranscriptCheck.Adjustment(docker: "k=v,env=test", dnet: "env=test,k=v",
                                       reason: "the CLI joins .Labels in Go's random map order"),
        ])
    }

    /// Docker's run made its container with an image; here `dnet -H … run` makes it.
    static let dnetContainer = [
        TranscriptCheck.Adjustment(docker: "docker run -d --name fl1 --net fa bb:latest sleep 3600",
                                   dnet: "$DNET run -d --name fl1 --net fa -- sleep 3600", reason: "no images"),
        TranscriptCheck.Adjustment(docker: "docker rm -f fl1", dnet: "$DNET rm -f fl1", reason: "no images"),
    ]

    /// dnet's departures in `network ls` filters, as its local command has them: `dangling`
    /// means no container at all (Docker 20.10 also lists `fa`, which has one: a bug not
    /// copied), so the `rm` of the dangling ones succeeds; and the id filter takes 6 digits,
    /// so that two random ids share the prefix only once in 16 million runs.
    static let dangling = [
        TranscriptCheck.Adjustment(docker: "dangling=true\n--- stdout ---\nNETWORK ID     NAME      DRIVER    SCOPE\nffc365ac2521   Fc        bridge    local\n7b904a08c0b3   fa        bridge    local\n",
                                   dnet: "dangling=true\n--- stdout ---\nNETWORK ID     NAME      DRIVER    SCOPE\nffc365ac2521   Fc        bridge    local\n",
                                   reason: "dangling=true"),
        TranscriptCheck.Adjustment(docker: "dangling=false\n--- stdout ---\nNETWORK ID     NAME      DRIVER    SCOPE\n615f8859d102   bridge    bridge    local\n",
                                   dnet: "dangling=false\n--- stdout ---\nNETWORK ID     NAME      DRIVER    SCOPE\n615f8859d102   bridge    bridge    local\n7b904a08c0b3   fa        bridge    local\n",
                                   reason: "dangling=false"),
        TranscriptCheck.Adjustment(
            docker: "--- stderr ---\nError response from daemon: error while removing network: network fa id 7b904a08c0b3bf44627918b140686768e4d29f494d63346bf54a94a4daf71538 has active endpoints\nexit status 1\n--- exit code: 123",
            dnet: "--- stderr ---\n--- exit code: 0", reason: "the dangling ones are removable"),
        TranscriptCheck.Adjustment(docker: "{{printf \"%.3s\" .Id}}", dnet: "{{printf \"%.6s\" .Id}}", reason: "6-digit id prefix"),
    ]

    @Test func listFilters() throws {
        let daemon = try DaemonUnderTest()
        defer {
            daemon.finish()
            _ = try? runProgram("/sbin/ip", ["link", "del", "par0"])
        }
        _ = try runProgram("/sbin/ip", ["link", "add", "par0", "type", "veth", "peer", "name", "par0p"])
        TranscriptCheck.check(DockerTranscripts.listFilters, on: daemon, adjusting: Self.dnetContainer + Self.dangling,
                              unordered: [TranscriptCheck.Adjustment(docker: "tier=web,team=a", dnet: "team=a,tier=web",
                                                                     reason: "the CLI joins .Labels in Go's random map order")])
    }

    @Test func badInput() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        // Docker's run had the container rmc1 on ov1 until just before the last `network rm ov1`.
        var removals = 0
        TranscriptCheck.check(DockerTranscripts.badInput, on: daemon, adjusting: Self.stricterThanDocker) { _, command in
            if command == "docker network create -d host e-host2" {
                #expect(daemon.dnet(["run", "-d", "--name", "rmc1", "--net", "ov1"]).status == 0)
            }
            if command == "docker network rm ov1" {
                removals += 1
                if removals == 2 { #expect(daemon.dnet(["rm", "-f", "rmc1"]).status == 0) }
            }
        }
    }
}
