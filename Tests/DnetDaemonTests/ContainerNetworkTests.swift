import Foundation
import Testing

/// `docker network connect/disconnect/prune`, `docker ps` and `docker inspect` on containers
/// that `dnet -H` runs, with the texts and formats of Docker's transcript 06.
@Suite(.serialized, .enabled(if: Sandboxed.enabled))
struct ContainerNetworkTests {
    static let expected = #"""
=== $ $DNET run -d --name c1 > /dev/null
--- stdout ---
--- stderr ---
--- exit code: 0

=== $ docker network create --subnet 10.60.0.0/24 net2
--- stdout ---
fc3766c340e9f5cb30dab0a85622d9edc722bacadd3bef38d631aaf820629227
--- stderr ---
--- exit code: 0

=== $ docker network connect --alias a1 --ip 10.60.0.50 net2 c1
--- stdout ---
--- stderr ---
--- exit code: 0

=== $ docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}} {{end}}' net2
--- stdout ---
c1 10.60.0.50/24 
--- stderr ---
--- exit code: 0

=== $ docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}} {{$v.MacAddress}} {{$v.Aliases}} {{json $v.IPAMConfig}}{{println}}{{end}}' c1
--- stdout ---
bridge 172.17.0.2 02:42:ac:11:00:02 [] null
net2 10.60.0.50 02:42:0a:3c:00:32 [a1 105227fdbab8] {"IPv4Address":"10.60.0.50"}

--- stderr ---
--- exit code: 0

=== $ docker ps --format '{{.Names}} {{.Networks}} {{.State}}'
--- stdout ---
c1 bridge,net2 running
--- stderr ---
--- exit code: 0

=== $ docker network connect net2 c1
--- stdout ---
--- stderr ---
Error response from daemon: endpoint with name c1 already exists in network net2
--- exit code: 1

=== $ docker network rm net2
--- stdout ---
--- stderr ---
Error response from daemon: error while removing network: network net2 id fc3766c340e9f5cb30dab0a85622d9edc722bacadd3bef38d631aaf820629227 has active endpoints
exit status 1
--- exit code: 1

=== $ docker network disconnect net2 c1
--- stdout ---
--- stderr ---
--- exit code: 0

=== $ docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}} {{end}}' net2
--- stdout ---

--- stderr ---
--- exit code: 0

=== $ docker network disconnect host c1
--- stdout ---
--- stderr ---
Error response from daemon: container cannot be disconnected from host network or connected to host network
--- exit code: 1

=== $ docker network create prune-a
--- stdout ---
5175b2286a2a4580281e7323fe19431a55f93fa042a5e65bd53e79503b2ad445
--- stderr ---
--- exit code: 0

=== $ docker network create --label keep=1 prune-b
--- stdout ---
96465b3fa71c70b6c592dcdf125c27c5d1d0438f62e52721c1ba4357304683f4
--- stderr ---
--- exit code: 0

=== $ docker network prune -f --filter label=keep=1
--- stdout ---
Deleted Networks:
prune-b

--- stderr ---
--- exit code: 0

=== $ docker network prune -f --filter label!=keep
--- stdout ---
Deleted Networks:
net2
prune-a

--- stderr ---
--- exit code: 0

=== $ docker network ls --format '{{.Name}}'
--- stdout ---
bridge
host
none
--- stderr ---
--- exit code: 0

=== $ docker network prune -f
--- stdout ---
--- stderr ---
--- exit code: 0

=== $ $DNET rm -f c1
--- stdout ---
c1
--- stderr ---
--- exit code: 0

=== $ docker ps -a
--- stdout ---
CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES
--- stderr ---
--- exit code: 0
"""#

    @Test func connectDisconnectPruneThroughTheCLI() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        TranscriptCheck.check(Self.expected, on: daemon, unordered: [
            TranscriptCheck.Adjustment(docker: "net2,bridge", dnet: "bridge,net2",
                                       reason: "the CLI joins .Networks in Go's random map order"),
        ])
    }
}
