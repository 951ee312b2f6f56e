import Testing

/// Transcript 01 (a fresh engine: `network ls` in every form, and the predefined networks'
/// inspect JSON), as Docker printed it. dnet's default bridge is `dnet0` (Docker's `docker0`),
/// and the daemon's "Error response from daemon: " prefix is not dnet's.
struct FreshListingTests {
    static let expected = #"""
=== $ network ls
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
6d67f2af2666   bridge    bridge    local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ network ls --no-trunc
--- stdout ---
NETWORK ID                                                         NAME      DRIVER    SCOPE
6d67f2af2666883d5263f32ed1663d6393beacd77e235663e0f030379a47ec87   bridge    bridge    local
4853d857c04bdceded65488cd3ce0bb7c8d004c680bcf8d8fdb687db50fac669   host      host      local
dc3b6c8b2cc8a9ed99edefb63511d72dcfa9d76b96c725591204a54d6f44a6f7   none      null      local
--- stderr ---
--- exit code: 0

=== $ network ls -q
--- stdout ---
6d67f2af2666
4853d857c04b
dc3b6c8b2cc8
--- stderr ---
--- exit code: 0

=== $ network ls -q --no-trunc
--- stdout ---
6d67f2af2666883d5263f32ed1663d6393beacd77e235663e0f030379a47ec87
4853d857c04bdceded65488cd3ce0bb7c8d004c680bcf8d8fdb687db50fac669
dc3b6c8b2cc8a9ed99edefb63511d72dcfa9d76b96c725591204a54d6f44a6f7
--- stderr ---
--- exit code: 0

=== $ network ls -f driver=bridge
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
6d67f2af2666   bridge    bridge    local
--- stderr ---
--- exit code: 0

=== $ network ls -f driver=null
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ network ls -f name=host
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
4853d857c04b   host      host      local
--- stderr ---
--- exit code: 0

=== $ network ls -f name=o
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ network ls -f name=nomatch
--- stdout ---
NETWORK ID   NAME      DRIVER    SCOPE
--- stderr ---
--- exit code: 0

=== $ network ls -f type=builtin
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
6d67f2af2666   bridge    bridge    local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ network ls -f type=custom
--- stdout ---
NETWORK ID   NAME      DRIVER    SCOPE
--- stderr ---
--- exit code: 0

=== $ network ls -f scope=local
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
6d67f2af2666   bridge    bridge    local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ network ls -f bogus=1
--- stdout ---
--- stderr ---
Invalid filter 'bogus'
--- exit code: 1

=== $ network ls --format '{{.Name}} {{.Driver}}'
--- stdout ---
bridge bridge
host host
none null
--- stderr ---
--- exit code: 0

=== $ network ls --format '{{.ID}}|{{.Name}}|{{.Driver}}|{{.Scope}}|{{.IPv6}}|{{.Internal}}|{{.Labels}}|{{.CreatedAt}}'
--- stdout ---
6d67f2af2666|bridge|bridge|local|false|false||2026-11-28 23:48:45.793625771 +0000 UTC
4853d857c04b|host|host|local|false|false||2026-11-28 23:48:45.745096799 +0000 UTC
dc3b6c8b2cc8|none|null|local|false|false||2026-11-28 23:48:45.702604454 +0000 UTC
--- stderr ---
--- exit code: 0

=== $ network ls --format 'table {{.Name}}\t{{.Driver}}'
--- stdout ---
NAME      DRIVER
bridge    bridge
host      host
none      null
--- stderr ---
--- exit code: 0

=== $ network ls --format json
--- stdout ---
{"CreatedAt":"2026-11-28 23:48:45.793625771 +0000 UTC","Driver":"bridge","ID":"6d67f2af2666","IPv4":"false","IPv6":"false","Internal":"false","Labels":"","Name":"bridge","Scope":"local"}
{"CreatedAt":"2026-11-28 23:48:45.745096799 +0000 UTC","Driver":"host","ID":"4853d857c04b","IPv4":"false","IPv6":"false","Internal":"false","Labels":"","Name":"host","Scope":"local"}
{"CreatedAt":"2026-11-28 23:48:45.702604454 +0000 UTC","Driver":"null","ID":"dc3b6c8b2cc8","IPv4":"false","IPv6":"false","Internal":"false","Labels":"","Name":"none","Scope":"local"}
--- stderr ---
--- exit code: 0

=== $ network inspect bridge host none
--- stdout ---
[
    {
        "Name": "bridge",
        "Id": "6d67f2af2666883d5263f32ed1663d6393beacd77e235663e0f030379a47ec87",
        "Created": "2026-11-28T23:48:45.793625771Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": null,
            "Config": [
                {
                    "Subnet": "172.17.0.0/16"
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
        "Options": {
            "com.docker.network.bridge.default_bridge": "true",
            "com.docker.network.bridge.enable_icc": "true",
            "com.docker.network.bridge.enable_ip_masquerade": "true",
            "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
            "com.docker.network.bridge.name": "dnet0",
            "com.docker.network.driver.mtu": "1500"
        },
        "Labels": {}
    },
    {
        "Name": "host",
        "Id": "4853d857c04bdceded65488cd3ce0bb7c8d004c680bcf8d8fdb687db50fac669",
        "Created": "2026-11-28T23:48:45.745096799Z",
        "Scope": "local",
        "Driver": "host",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": null,
            "Config": []
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
    },
    {
        "Name": "none",
        "Id": "dc3b6c8b2cc8a9ed99edefb63511d72dcfa9d76b96c725591204a54d6f44a6f7",
        "Created": "2026-11-28T23:48:45.702604454Z",
        "Scope": "local",
        "Driver": "null",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": null,
            "Config": []
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
"""#

    /// Docker shows no Gateway for a default bridge whose subnet came from the pools (and
    /// one with --bip); dnet's engine shows it always, for now.
    static let defaultBridgeGateway = Transcript.Adjustment(
        docker: "\"Subnet\": \"172.17.0.0/16\"\n",
        dnet: "\"Subnet\": \"172.17.0.0/16\",\n                    \"Gateway\": \"172.17.0.1\"\n",
        reason: "engine: the default bridge's IPAM config")

    @Test func matchesDockersTranscript() throws {
        Transcript.check(Self.expected, on: try CommandHarness(), adjusting: [Self.defaultBridgeGateway])
    }
}
