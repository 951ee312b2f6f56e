import Testing

/// Transcript 02 (`network create` with each option, and the inspect JSON of each network),
/// as Docker printed it. The dry-run host has veth links `par0` and `par1` for the macvlan
/// networks and no ipvlan support, which dnet reports at create (Docker only fails at `run`).
struct CreateOptionsTests {
    static let expected = #"""
=== $ network create plain1
--- stdout ---
02e2a88d8f1b3fcd0bf82c8e4f306b9a0e68a4513cad7d9e4477e142f3991f81
--- stderr ---
--- exit code: 0

=== $ network inspect plain1
--- stdout ---
[
    {
        "Name": "plain1",
        "Id": "02e2a88d8f1b3fcd0bf82c8e4f306b9a0e68a4513cad7d9e4477e142f3991f81",
        "Created": "2026-11-28T23:49:28.814701836Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "172.18.0.0/16",
                    "Gateway": "172.18.0.1"
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

=== $ network create plain2
--- stdout ---
0dec9bb546c00e31d2ab98e2be15fe1c516f3f597de12c3ae5f9c1f5d55722f9
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{json .IPAM}}' plain2
--- stdout ---
{"Driver":"default","Options":{},"Config":[{"Subnet":"172.19.0.0/16","Gateway":"172.19.0.1"}]}
--- stderr ---
--- exit code: 0

=== $ network create --subnet 10.10.0.0/24 n-subnet
--- stdout ---
54131a2f812aaf8e21346fedc71751a9add53f3c404c274f9068703dc5c63b0e
--- stderr ---
--- exit code: 0

=== $ network inspect n-subnet
--- stdout ---
[
    {
        "Name": "n-subnet",
        "Id": "54131a2f812aaf8e21346fedc71751a9add53f3c404c274f9068703dc5c63b0e",
        "Created": "2026-11-28T23:49:29.18199375Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "10.10.0.0/24"
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

=== $ network create --subnet 10.11.0.0/24 --gateway 10.11.0.254 n-gw
--- stdout ---
b1efa67868d4aeab74da82c94adedd02c74bbb04c0b03d0dbe6a97d74ea69050
--- stderr ---
--- exit code: 0

=== $ network inspect n-gw
--- stdout ---
[
    {
        "Name": "n-gw",
        "Id": "b1efa67868d4aeab74da82c94adedd02c74bbb04c0b03d0dbe6a97d74ea69050",
        "Created": "2026-11-28T23:49:29.362508671Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "10.11.0.0/24",
                    "Gateway": "10.11.0.254"
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

=== $ network create --subnet 10.12.0.0/16 --ip-range 10.12.5.0/24 n-iprange
--- stdout ---
8bf950a825ea924f4fd731954f415a678a5eabf4461002eadc7291a3029b2359
--- stderr ---
--- exit code: 0

=== $ network inspect n-iprange
--- stdout ---
[
    {
        "Name": "n-iprange",
        "Id": "8bf950a825ea924f4fd731954f415a678a5eabf4461002eadc7291a3029b2359",
        "Created": "2026-11-28T23:49:29.525495359Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "10.12.0.0/16",
                    "IPRange": "10.12.5.0/24"
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

=== $ network create --subnet 10.13.0.0/24 --aux-address host1=10.13.0.5 --aux-address host2=10.13.0.6 n-aux
--- stdout ---
c6049c61394b7021bd3547c4ef2be03adf816c308011088692e53925972756d2
--- stderr ---
--- exit code: 0

=== $ network inspect n-aux
--- stdout ---
[
    {
        "Name": "n-aux",
        "Id": "c6049c61394b7021bd3547c4ef2be03adf816c308011088692e53925972756d2",
        "Created": "2026-11-28T23:49:29.702688783Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "10.13.0.0/24",
                    "AuxiliaryAddresses": {
                        "host1": "10.13.0.5",
                        "host2": "10.13.0.6"
                    }
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

=== $ network create --internal n-internal
--- stdout ---
72040a4ab2a65104c6ac6493aa9c1892336cedc144094273740ec7b786f0d5c2
--- stderr ---
--- exit code: 0

=== $ network inspect n-internal
--- stdout ---
[
    {
        "Name": "n-internal",
        "Id": "72040a4ab2a65104c6ac6493aa9c1892336cedc144094273740ec7b786f0d5c2",
        "Created": "2026-11-28T23:49:29.869539554Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "172.20.0.0/16",
                    "Gateway": "172.20.0.1"
                }
            ]
        },
        "Internal": true,
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

=== $ network create --ipv6 --subnet fd00:db8:1::/64 n-v6
--- stdout ---
3759a71cd84b7910c49eefb3d6b8a5d91f56d224cea9a2c74b88d948515fc29f
--- stderr ---
--- exit code: 0

=== $ network inspect n-v6
--- stdout ---
[
    {
        "Name": "n-v6",
        "Id": "3759a71cd84b7910c49eefb3d6b8a5d91f56d224cea9a2c74b88d948515fc29f",
        "Created": "2026-11-28T23:49:30.010653204Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": true,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "172.21.0.0/16",
                    "Gateway": "172.21.0.1"
                },
                {
                    "Subnet": "fd00:db8:1::/64"
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

=== $ network create --ipv6 --subnet 10.15.0.0/24 --subnet fd00:db8:2::/64 n-v46
--- stdout ---
aaf77721ce68cd5913fcb50de39f7cbbceecbcc59dfcd57a0652f6c29fcc6083
--- stderr ---
--- exit code: 0

=== $ network inspect n-v46
--- stdout ---
[
    {
        "Name": "n-v46",
        "Id": "aaf77721ce68cd5913fcb50de39f7cbbceecbcc59dfcd57a0652f6c29fcc6083",
        "Created": "2026-11-28T23:49:30.179802313Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": true,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "10.15.0.0/24"
                },
                {
                    "Subnet": "fd00:db8:2::/64"
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

=== $ network create --label k=v --label env=test n-label
--- stdout ---
f5865b88ff5e6f495abce8ac472ad498da57f23a15671bd360e487a9b47acbac
--- stderr ---
--- exit code: 0

=== $ network inspect n-label
--- stdout ---
[
    {
        "Name": "n-label",
        "Id": "f5865b88ff5e6f495abce8ac472ad498da57f23a15671bd360e487a9b47acbac",
        "Created": "2026-11-28T23:49:30.366048084Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "172.22.0.0/16",
                    "Gateway": "172.22.0.1"
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
        "Labels": {
            "env": "test",
            "k": "v"
        }
    }
]
--- stderr ---
--- exit code: 0

=== $ network create -o com.docker.network.bridge.name=mybr0 n-brname
--- stdout ---
abe69183514e265f54bccde30cfc87c82b54472f2708b83417bd60533faefc75
--- stderr ---
--- exit code: 0

=== $ network inspect n-brname
--- stdout ---
[
    {
        "Name": "n-brname",
        "Id": "abe69183514e265f54bccde30cfc87c82b54472f2708b83417bd60533faefc75",
        "Created": "2026-11-28T23:49:30.55893623Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "172.23.0.0/16",
                    "Gateway": "172.23.0.1"
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
            "com.docker.network.bridge.name": "mybr0"
        },
        "Labels": {}
    }
]
--- stderr ---
--- exit code: 0

=== $ network create -o com.docker.network.driver.mtu=1400 n-mtu
--- stdout ---
a7532e4902a306a8950b72109f66ecd78c38bf285696cc82cdabdd3d61abaf99
--- stderr ---
--- exit code: 0

=== $ network inspect n-mtu
--- stdout ---
[
    {
        "Name": "n-mtu",
        "Id": "a7532e4902a306a8950b72109f66ecd78c38bf285696cc82cdabdd3d61abaf99",
        "Created": "2026-11-28T23:49:30.733686487Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "172.24.0.0/16",
                    "Gateway": "172.24.0.1"
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
            "com.docker.network.driver.mtu": "1400"
        },
        "Labels": {}
    }
]
--- stderr ---
--- exit code: 0

=== $ network create -d macvlan -o parent=par0 --subnet 192.168.50.0/24 --gateway 192.168.50.1 n-macvlan
--- stdout ---
e79e94eb13c3fe87e4091dd682553ea4105a6bc8d69f1828bdb133cc3db9c815
--- stderr ---
--- exit code: 0

=== $ network inspect n-macvlan
--- stdout ---
[
    {
        "Name": "n-macvlan",
        "Id": "e79e94eb13c3fe87e4091dd682553ea4105a6bc8d69f1828bdb133cc3db9c815",
        "Created": "2026-11-28T23:49:30.894192457Z",
        "Scope": "local",
        "Driver": "macvlan",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "192.168.50.0/24",
                    "Gateway": "192.168.50.1"
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
            "parent": "par0"
        },
        "Labels": {}
    }
]
--- stderr ---
--- exit code: 0

=== $ network create -d macvlan -o parent=par1 n-macvlan2
--- stdout ---
8e5591022dd8d9350971d667a5c3866fc6a2a6bd0f35a6e4ad1006c41610e534
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{json .IPAM}} {{json .Options}}' n-macvlan2
--- stdout ---
{"Driver":"default","Options":{},"Config":[{"Subnet":"172.25.0.0/16","Gateway":"172.25.0.1"}]} {"parent":"par1"}
--- stderr ---
--- exit code: 0

=== $ network create --ipam-driver default --ipam-opt foo=bar --subnet 10.14.0.0/24 n-ipam
--- stdout ---
8837d3119a1d446bb4e1f2468db5e67ac9381309c8c2e786a796c89aec2dbbbc
--- stderr ---
--- exit code: 0

=== $ network inspect n-ipam
--- stdout ---
[
    {
        "Name": "n-ipam",
        "Id": "8837d3119a1d446bb4e1f2468db5e67ac9381309c8c2e786a796c89aec2dbbbc",
        "Created": "2026-11-28T23:49:31.064987828Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {
                "foo": "bar"
            },
            "Config": [
                {
                    "Subnet": "10.14.0.0/24"
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

=== $ network create --attachable n-attach
--- stdout ---
53b37a701c84e2737366723eff8611190849694bbc358660b111eed8c77c98b8
--- stderr ---
--- exit code: 0

=== $ network inspect n-attach
--- stdout ---
[
    {
        "Name": "n-attach",
        "Id": "53b37a701c84e2737366723eff8611190849694bbc358660b111eed8c77c98b8",
        "Created": "2026-11-28T23:49:31.225943961Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "172.26.0.0/16",
                    "Gateway": "172.26.0.1"
                }
            ]
        },
        "Internal": false,
        "Attachable": true,
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

=== $ network create -o com.docker.network.bridge.enable_icc=false n-noicc
--- stdout ---
b3058983d8f696af131ff6613a6a8ae8c18ad337389ec3979376d01bda9b23b3
--- stderr ---
--- exit code: 0

=== $ network inspect n-noicc
--- stdout ---
[
    {
        "Name": "n-noicc",
        "Id": "b3058983d8f696af131ff6613a6a8ae8c18ad337389ec3979376d01bda9b23b3",
        "Created": "2026-11-28T23:49:31.441610768Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "172.27.0.0/16",
                    "Gateway": "172.27.0.1"
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
            "com.docker.network.bridge.enable_icc": "false"
        },
        "Labels": {}
    }
]
--- stderr ---
--- exit code: 0

=== $ network create --subnet 10.16.0.0/24 --gateway 10.16.0.1 --ip-range 10.16.0.128/25 --label a=b -o com.docker.network.bridge.name=combo0 -o com.docker.network.driver.mtu=1450 n-combo
--- stdout ---
2764ba9830c92a111504c86afbd62c5029014ce2c23338f6e400a480df1a60c0
--- stderr ---
--- exit code: 0

=== $ network inspect n-combo
--- stdout ---
[
    {
        "Name": "n-combo",
        "Id": "2764ba9830c92a111504c86afbd62c5029014ce2c23338f6e400a480df1a60c0",
        "Created": "2026-11-28T23:49:31.62666354Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "10.16.0.0/24",
                    "IPRange": "10.16.0.128/25",
                    "Gateway": "10.16.0.1"
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
            "com.docker.network.bridge.name": "combo0",
            "com.docker.network.driver.mtu": "1450"
        },
        "Labels": {
            "a": "b"
        }
    }
]
--- stderr ---
--- exit code: 0

=== $ network create -d ipvlan -o parent=par0 --subnet 192.168.60.0/24 n-ipvlan
--- stdout ---
--- stderr ---
ipvlan networks need kernel support for ipvlan devices (CONFIG_IPVLAN), which this kernel lacks
--- exit code: 1

=== $ network ls
--- stdout ---
NETWORK ID     NAME         DRIVER    SCOPE
6d67f2af2666   bridge       bridge    local
4853d857c04b   host         host      local
53b37a701c84   n-attach     bridge    local
c6049c61394b   n-aux        bridge    local
abe69183514e   n-brname     bridge    local
2764ba9830c9   n-combo      bridge    local
b1efa67868d4   n-gw         bridge    local
72040a4ab2a6   n-internal   bridge    local
8837d3119a1d   n-ipam       bridge    local
8bf950a825ea   n-iprange    bridge    local
f5865b88ff5e   n-label      bridge    local
e79e94eb13c3   n-macvlan    macvlan   local
8e5591022dd8   n-macvlan2   macvlan   local
a7532e4902a3   n-mtu        bridge    local
b3058983d8f6   n-noicc      bridge    local
54131a2f812a   n-subnet     bridge    local
3759a71cd84b   n-v6         bridge    local
aaf77721ce68   n-v46        bridge    local
dc3b6c8b2cc8   none         null      local
02e2a88d8f1b   plain1       bridge    local
0dec9bb546c0   plain2       bridge    local
--- stderr ---
--- exit code: 0

=== $ network ls -f type=custom --format '{{.Name}} {{.Driver}} {{.IPv6}} {{.Internal}} {{.Labels}}'
--- stdout ---
n-attach bridge false false 
n-aux bridge false false 
n-brname bridge false false 
n-combo bridge false false a=b
n-gw bridge false false 
n-internal bridge false true 
n-ipam bridge false false 
n-iprange bridge false false 
n-label bridge false false env=test,k=v
n-macvlan macvlan false false 
n-macvlan2 macvlan false false 
n-mtu bridge false false 
n-noicc bridge false false 
n-subnet bridge false false 
n-v6 bridge true false 
n-v46 bridge true false 
plain1 bridge false false 
plain2 bridge false false 
--- stderr ---
--- exit code: 0

=== $ network ls -f label=k=v
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
f5865b88ff5e   n-label   bridge    local
--- stderr ---
--- exit code: 0

=== $ network ls -f label=env
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
f5865b88ff5e   n-label   bridge    local
--- stderr ---
--- exit code: 0

=== $ network ls -f driver=macvlan
--- stdout ---
NETWORK ID     NAME         DRIVER    SCOPE
e79e94eb13c3   n-macvlan    macvlan   local
8e5591022dd8   n-macvlan2   macvlan   local
--- stderr ---
--- exit code: 0

=== $ network ls -f name=n-
--- stdout ---
NETWORK ID     NAME         DRIVER    SCOPE
53b37a701c84   n-attach     bridge    local
c6049c61394b   n-aux        bridge    local
abe69183514e   n-brname     bridge    local
2764ba9830c9   n-combo      bridge    local
b1efa67868d4   n-gw         bridge    local
72040a4ab2a6   n-internal   bridge    local
8837d3119a1d   n-ipam       bridge    local
8bf950a825ea   n-iprange    bridge    local
f5865b88ff5e   n-label      bridge    local
e79e94eb13c3   n-macvlan    macvlan   local
8e5591022dd8   n-macvlan2   macvlan   local
a7532e4902a3   n-mtu        bridge    local
b3058983d8f6   n-noicc      bridge    local
54131a2f812a   n-subnet     bridge    local
3759a71cd84b   n-v6         bridge    local
aaf77721ce68   n-v46        bridge    local
--- stderr ---
--- exit code: 0
"""#

    @Test func matchesDockersTranscript() throws {
        Transcript.check(Self.expected, on: try CommandHarness())
    }
}
