import Testing

/// Transcript 06, its `network inspect` and `network prune` commands, with `attach` standing for
/// the containers on `app` (created in transcript 05 with `--subnet 10.50.0.0/24`). Docker
/// prunes in a random order; dnet in name order, and here only the networks this test made.
struct InspectPruneTests {
    static let expected = #"""
=== $ network create --subnet 10.60.0.0/24 net2
--- stdout ---
fc3766c340e9f5cb30dab0a85622d9edc722bacadd3bef38d631aaf820629227
--- stderr ---
--- exit code: 0

=== $ network create --subnet 10.50.0.0/24 app
--- stdout ---
1b3197890792cebed9133101876063624b8528785e8dbbc5f68f90c676e9ab9a
--- stderr ---
--- exit code: 0

=== $ attach app
--- stdout ---
--- stderr ---
--- exit code: 0

=== $ network inspect net2 nosuchnet
--- stdout ---
[
    {
        "Name": "net2",
        "Id": "fc3766c340e9f5cb30dab0a85622d9edc722bacadd3bef38d631aaf820629227",
        "Created": "2026-11-28T23:52:42.271226958Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "10.60.0.0/24"
                }
            ]
        },
        "Internal": false,
        "Attachable": false,
        "Ingress": false,
        "ConfigFrom": {
            "Network": ""
        },
        "ConfigOnly": false,
        "Containers": {},
        "Options": {},
        "Labels": {}
    }
]
--- stderr ---
network nosuchnet not found
--- exit code: 1

=== $ network inspect nosuchnet
--- stdout ---
[]
--- stderr ---
network nosuchnet not found
--- exit code: 1

=== $ network inspect -f '{{.Name}} {{.Id}}' net2 app
--- stdout ---
net2 fc3766c340e9f5cb30dab0a85622d9edc722bacadd3bef38d631aaf820629227
app 1b3197890792cebed9133101876063624b8528785e8dbbc5f68f90c676e9ab9a
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{json .Options}}' bridge
--- stdout ---
{"com.docker.network.bridge.default_bridge":"true","com.docker.network.bridge.enable_icc":"true","com.docker.network.bridge.enable_ip_masquerade":"true","com.docker.network.bridge.host_binding_ipv4":"0.0.0.0","com.docker.network.bridge.name":"dnet0","com.docker.network.driver.mtu":"1500"}
--- stderr ---
--- exit code: 0

=== $ network inspect --verbose net2
--- stdout ---
[
    {
        "Name": "net2",
        "Id": "fc3766c340e9f5cb30dab0a85622d9edc722bacadd3bef38d631aaf820629227",
        "Created": "2026-11-28T23:52:42.271226958Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "10.60.0.0/24"
                }
            ]
        },
        "Internal": false,
        "Attachable": false,
        "Ingress": false,
        "ConfigFrom": {
            "Network": ""
        },
        "ConfigOnly": false,
        "Containers": {},
        "Options": {},
        "Labels": {}
    }
]
--- stderr ---
--- exit code: 0

=== $ network create prune-a
--- stdout ---
5175b2286a2a4580281e7323fe19431a55f93fa042a5e65bd53e79503b2ad445
--- stderr ---
--- exit code: 0

=== $ network create --label keep=1 prune-b
--- stdout ---
96465b3fa71c70b6c592dcdf125c27c5d1d0438f62e52721c1ba4357304683f4
--- stderr ---
--- exit code: 0

=== $ network prune -f --filter label=keep=1
--- stdout ---
Deleted Networks:
prune-b

--- stderr ---
--- exit code: 0

=== $ network prune -f --filter label!=keep
--- stdout ---
Deleted Networks:
net2
prune-a

--- stderr ---
--- exit code: 0

=== $ network ls
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
1b3197890792   app       bridge    local
615f8859d102   bridge    bridge    local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ network prune -f
--- stdout ---
--- stderr ---
--- exit code: 0

=== $ network ls
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
1b3197890792   app       bridge    local
615f8859d102   bridge    bridge    local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ network prune -f
--- stdout ---
--- stderr ---
--- exit code: 0
"""#

    @Test func matchesDockersTranscript() throws {
        Transcript.check(Self.expected, on: try CommandHarness())
    }
}
