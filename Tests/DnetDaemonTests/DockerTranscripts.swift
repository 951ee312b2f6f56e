// Blocks of the conformance transcripts in ../shared/conformance/docker (real Docker: dockerd
// 20.10.24 driven by the docker CLI 28.2.2 over API 1.41), copied as they are but for the
// `-H unix:///tmp/dkr.sock` of each command, which the tests point at dnet's daemon instead.
enum DockerTranscripts {
    /// 01-network-ls-fresh: `network ls` in every form and the predefined networks.
    static let fresh = #"""
=== $ docker network ls
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
6d67f2af2666   bridge    bridge    local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ docker network ls --no-trunc
--- stdout ---
NETWORK ID                                                         NAME      DRIVER    SCOPE
6d67f2af2666883d5263f32ed1663d6393beacd77e235663e0f030379a47ec87   bridge    bridge    local
4853d857c04bdceded65488cd3ce0bb7c8d004c680bcf8d8fdb687db50fac669   host      host      local
dc3b6c8b2cc8a9ed99edefb63511d72dcfa9d76b96c725591204a54d6f44a6f7   none      null      local
--- stderr ---
--- exit code: 0

=== $ docker network ls -q
--- stdout ---
6d67f2af2666
4853d857c04b
dc3b6c8b2cc8
--- stderr ---
--- exit code: 0

=== $ docker network ls -q --no-trunc
--- stdout ---
6d67f2af2666883d5263f32ed1663d6393beacd77e235663e0f030379a47ec87
4853d857c04bdceded65488cd3ce0bb7c8d004c680bcf8d8fdb687db50fac669
dc3b6c8b2cc8a9ed99edefb63511d72dcfa9d76b96c725591204a54d6f44a6f7
--- stderr ---
--- exit code: 0

=== $ docker network ls -f driver=bridge
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
6d67f2af2666   bridge    bridge    local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f driver=null
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f name=host
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
4853d857c04b   host      host      local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f name=o
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f name=nomatch
--- stdout ---
NETWORK ID   NAME      DRIVER    SCOPE
--- stderr ---
--- exit code: 0

=== $ docker network ls -f type=builtin
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
6d67f2af2666   bridge    bridge    local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f type=custom
--- stdout ---
NETWORK ID   NAME      DRIVER    SCOPE
--- stderr ---
--- exit code: 0

=== $ docker network ls -f scope=local
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
6d67f2af2666   bridge    bridge    local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f bogus=1
--- stdout ---
--- stderr ---
Error response from daemon: Invalid filter 'bogus'
--- exit code: 1

=== $ docker network ls --format '{{.Name}} {{.Driver}}'
--- stdout ---
bridge bridge
host host
none null
--- stderr ---
--- exit code: 0

=== $ docker network ls --format '{{.ID}}|{{.Name}}|{{.Driver}}|{{.Scope}}|{{.IPv6}}|{{.Internal}}|{{.Labels}}|{{.CreatedAt}}'
--- stdout ---
6d67f2af2666|bridge|bridge|local|false|false||2026-11-28 23:48:45.793625771 +0000 UTC
4853d857c04b|host|host|local|false|false||2026-11-28 23:48:45.745096799 +0000 UTC
dc3b6c8b2cc8|none|null|local|false|false||2026-11-28 23:48:45.702604454 +0000 UTC
--- stderr ---
--- exit code: 0

=== $ docker network ls --format 'table {{.Name}}\t{{.Driver}}'
--- stdout ---
NAME      DRIVER
bridge    bridge
host      host
none      null
--- stderr ---
--- exit code: 0

=== $ docker network ls --format json
--- stdout ---
{"CreatedAt":"2026-11-28 23:48:45.793625771 +0000 UTC","Driver":"bridge","ID":"6d67f2af2666","IPv4":"false","IPv6":"false","Internal":"false","Labels":"","Name":"bridge","Scope":"local"}
{"CreatedAt":"2026-11-28 23:48:45.745096799 +0000 UTC","Driver":"host","ID":"4853d857c04b","IPv4":"false","IPv6":"false","Internal":"false","Labels":"","Name":"host","Scope":"local"}
{"CreatedAt":"2026-11-28 23:48:45.702604454 +0000 UTC","Driver":"null","ID":"dc3b6c8b2cc8","IPv4":"false","IPv6":"false","Internal":"false","Labels":"","Name":"none","Scope":"local"}
--- stderr ---
--- exit code: 0

=== $ docker network inspect bridge host none
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
            "com.docker.network.bridge.name": "docker0",
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

    /// 02-network-create-options, but the ipvlan network (the kernel here lacks ipvlan).
    static let createOptions = #"""
=== $ docker network create plain1
--- stdout ---
02e2a88d8f1b3fcd0bf82c8e4f306b9a0e68a4513cad7d9e4477e142f3991f81
--- stderr ---
--- exit code: 0

=== $ docker network inspect plain1
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

=== $ docker network create plain2
--- stdout ---
0dec9bb546c00e31d2ab98e2be15fe1c516f3f597de12c3ae5f9c1f5d55722f9
--- stderr ---
--- exit code: 0

=== $ docker network inspect -f '{{json .IPAM}}' plain2
--- stdout ---
{"Driver":"default","Options":{},"Config":[{"Subnet":"172.19.0.0/16","Gateway":"172.19.0.1"}]}
--- stderr ---
--- exit code: 0

=== $ docker network create --subnet 10.10.0.0/24 n-subnet
--- stdout ---
54131a2f812aaf8e21346fedc71751a9add53f3c404c274f9068703dc5c63b0e
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-subnet
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

=== $ docker network create --subnet 10.11.0.0/24 --gateway 10.11.0.254 n-gw
--- stdout ---
b1efa67868d4aeab74da82c94adedd02c74bbb04c0b03d0dbe6a97d74ea69050
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-gw
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

=== $ docker network create --subnet 10.12.0.0/16 --ip-range 10.12.5.0/24 n-iprange
--- stdout ---
8bf950a825ea924f4fd731954f415a678a5eabf4461002eadc7291a3029b2359
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-iprange
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

=== $ docker network create --subnet 10.13.0.0/24 --aux-address host1=10.13.0.5 --aux-address host2=10.13.0.6 n-aux
--- stdout ---
c6049c61394b7021bd3547c4ef2be03adf816c308011088692e53925972756d2
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-aux
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

=== $ docker network create --internal n-internal
--- stdout ---
72040a4ab2a65104c6ac6493aa9c1892336cedc144094273740ec7b786f0d5c2
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-internal
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

=== $ docker network create --ipv6 --subnet fd00:db8:1::/64 n-v6
--- stdout ---
3759a71cd84b7910c49eefb3d6b8a5d91f56d224cea9a2c74b88d948515fc29f
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-v6
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

=== $ docker network create --ipv6 --subnet 10.15.0.0/24 --subnet fd00:db8:2::/64 n-v46
--- stdout ---
aaf77721ce68cd5913fcb50de39f7cbbceecbcc59dfcd57a0652f6c29fcc6083
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-v46
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

=== $ docker network create --label k=v --label env=test n-label
--- stdout ---
f5865b88ff5e6f495abce8ac472ad498da57f23a15671bd360e487a9b47acbac
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-label
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

=== $ docker network create -o com.docker.network.bridge.name=mybr0 n-brname
--- stdout ---
abe69183514e265f54bccde30cfc87c82b54472f2708b83417bd60533faefc75
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-brname
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

=== $ docker network create -o com.docker.network.driver.mtu=1400 n-mtu
--- stdout ---
a7532e4902a306a8950b72109f66ecd78c38bf285696cc82cdabdd3d61abaf99
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-mtu
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

=== $ docker network create -d macvlan -o parent=par0 --subnet 192.168.50.0/24 --gateway 192.168.50.1 n-macvlan
--- stdout ---
e79e94eb13c3fe87e4091dd682553ea4105a6bc8d69f1828bdb133cc3db9c815
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-macvlan
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

=== $ docker network create -d macvlan -o parent=par1 n-macvlan2
--- stdout ---
8e5591022dd8d9350971d667a5c3866fc6a2a6bd0f35a6e4ad1006c41610e534
--- stderr ---
--- exit code: 0

=== $ docker network inspect -f '{{json .IPAM}} {{json .Options}}' n-macvlan2
--- stdout ---
{"Driver":"default","Options":{},"Config":[{"Subnet":"172.25.0.0/16","Gateway":"172.25.0.1"}]} {"parent":"par1"}
--- stderr ---
--- exit code: 0

=== $ docker network create --ipam-driver default --ipam-opt foo=bar --subnet 10.14.0.0/24 n-ipam
--- stdout ---
8837d3119a1d446bb4e1f2468db5e67ac9381309c8c2e786a796c89aec2dbbbc
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-ipam
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

=== $ docker network create --attachable n-attach
--- stdout ---
53b37a701c84e2737366723eff8611190849694bbc358660b111eed8c77c98b8
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-attach
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

=== $ docker network create -o com.docker.network.bridge.enable_icc=false n-noicc
--- stdout ---
b3058983d8f696af131ff6613a6a8ae8c18ad337389ec3979376d01bda9b23b3
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-noicc
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

=== $ docker network create --subnet 10.16.0.0/24 --gateway 10.16.0.1 --ip-range 10.16.0.128/25 --label a=b -o com.docker.network.bridge.name=combo0 -o com.docker.network.driver.mtu=1450 n-combo
--- stdout ---
2764ba9830c92a111504c86afbd62c5029014ce2c23338f6e400a480df1a60c0
--- stderr ---
--- exit code: 0

=== $ docker network inspect n-combo
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

=== $ docker network ls
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
a4d3fac24189   n-ipvlan     ipvlan    local
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

=== $ docker network ls -f type=custom --format '{{.Name}} {{.Driver}} {{.IPv6}} {{.Internal}} {{.Labels}}'
--- stdout ---
n-attach bridge false false 
n-aux bridge false false 
n-brname bridge false false 
n-combo bridge false false a=b
n-gw bridge false false 
n-internal bridge false true 
n-ipam bridge false false 
n-iprange bridge false false 
n-ipvlan ipvlan false false 
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

=== $ docker network ls -f label=k=v
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
f5865b88ff5e   n-label   bridge    local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f label=env
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
f5865b88ff5e   n-label   bridge    local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f driver=macvlan
--- stdout ---
NETWORK ID     NAME         DRIVER    SCOPE
e79e94eb13c3   n-macvlan    macvlan   local
8e5591022dd8   n-macvlan2   macvlan   local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f name=n-
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
a4d3fac24189   n-ipvlan     ipvlan    local
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

    /// 01b-network-ls-filters: `network ls` filters, with a container on one network.
    static let listFilters = #"""
=== $ docker network create --label team=a --label tier=web fa
--- stdout ---
7b904a08c0b3bf44627918b140686768e4d29f494d63346bf54a94a4daf71538
--- stderr ---
--- exit code: 0

=== $ docker network create --label team=b fb
--- stdout ---
d44ffefe3af24c8d8c7f0d162d402dbca8b705e53012ae5bb91fa084f0f8dd39
--- stderr ---
--- exit code: 0

=== $ docker network create --internal Fc
--- stdout ---
ffc365ac252150994b84a07a85c017e4dd2ff4cf7f73f5cba31b75b8f6a7cfa9
--- stderr ---
--- exit code: 0

=== $ docker network create -d macvlan -o parent=par0 fmv
--- stdout ---
ef8d57de5f632f17e25f7f95c8a87df99c1a0f6e415aae191e50b8252fc0ea56
--- stderr ---
--- exit code: 0

=== $ docker run -d --name fl1 --net fa bb:latest sleep 3600
--- stdout ---
70f9fbbff8ecc2993251c886e2e822bdafbcf40ef980b9b4a2e9198443c502a6
--- stderr ---
--- exit code: 0

=== $ docker network ls
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
ffc365ac2521   Fc        bridge    local
615f8859d102   bridge    bridge    local
7b904a08c0b3   fa        bridge    local
d44ffefe3af2   fb        bridge    local
ef8d57de5f63   fmv       macvlan   local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f name=f
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
d44ffefe3af2   fb        bridge    local
ef8d57de5f63   fmv       macvlan   local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f name=F
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
ffc365ac2521   Fc        bridge    local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f name=fa -f name=fb
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
d44ffefe3af2   fb        bridge    local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f driver=bridge -f name=f
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
d44ffefe3af2   fb        bridge    local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f label=team
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
d44ffefe3af2   fb        bridge    local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f label=team=a
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f label=team=a -f label=tier=web
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f label=team=a -f label=team=b
--- stdout ---
NETWORK ID   NAME      DRIVER    SCOPE
--- stderr ---
--- exit code: 0

=== $ docker network ls -f dangling=true
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
ffc365ac2521   Fc        bridge    local
7b904a08c0b3   fa        bridge    local
d44ffefe3af2   fb        bridge    local
ef8d57de5f63   fmv       macvlan   local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f dangling=false
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
615f8859d102   bridge    bridge    local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f type=custom -q
--- stdout ---
ffc365ac2521
7b904a08c0b3
d44ffefe3af2
ef8d57de5f63
--- stderr ---
--- exit code: 0

=== $ docker network ls -f id=$(docker network inspect -f '{{printf "%.3s" .Id}}' fa)
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
--- stderr ---
--- exit code: 0

=== $ docker network ls -f scope=swarm
--- stdout ---
NETWORK ID   NAME      DRIVER    SCOPE
--- stderr ---
--- exit code: 0

=== $ docker network ls -f driver=nosuch
--- stdout ---
NETWORK ID   NAME      DRIVER    SCOPE
--- stderr ---
--- exit code: 0

=== $ docker network ls -f dangling=maybe
--- stdout ---
--- stderr ---
Error response from daemon: invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")
--- exit code: 1

=== $ docker network ls --format '{{.Name}}\t{{.Driver}}\t{{.Internal}}\t{{.Labels}}\t{{.Label "team"}}'
--- stdout ---
Fc	bridge	true		
bridge	bridge	false		
fa	bridge	false	team=a,tier=web	a
fb	bridge	false	team=b	b
fmv	macvlan	false		
host	host	false		
none	null	false		
--- stderr ---
--- exit code: 0

=== $ docker network ls --format table
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
ffc365ac2521   Fc        bridge    local
615f8859d102   bridge    bridge    local
7b904a08c0b3   fa        bridge    local
d44ffefe3af2   fb        bridge    local
ef8d57de5f63   fmv       macvlan   local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ docker network ls --format '{{json .}}' -f name=fa
--- stdout ---
{"CreatedAt":"2026-11-28 23:55:43.277480875 +0000 UTC","Driver":"bridge","ID":"7b904a08c0b3","IPv4":"false","IPv6":"false","Internal":"false","Labels":"tier=web,team=a","Name":"fa","Scope":"local"}
--- stderr ---
--- exit code: 0

=== $ docker network ls -q -f dangling=true | xargs docker network rm
--- stdout ---
ffc365ac2521
d44ffefe3af2
ef8d57de5f63
--- stderr ---
Error response from daemon: error while removing network: network fa id 7b904a08c0b3bf44627918b140686768e4d29f494d63346bf54a94a4daf71538 has active endpoints
exit status 1
--- exit code: 123

=== $ docker rm -f fl1
--- stdout ---
fl1
--- stderr ---
--- exit code: 0

=== $ docker network rm fa
--- stdout ---
fa
--- stderr ---
--- exit code: 0

=== $ docker network ls
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
615f8859d102   bridge    bridge    local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0
"""#

    /// 03-errors-bad-input: its `network` commands that need no container.
    static let badInput = #"""
=== $ docker network create --subnet 10.300.0.0/16 e-badcidr
--- stdout ---
--- stderr ---
Error response from daemon: Invalid subnet 10.300.0.0/16 : invalid CIDR address: 10.300.0.0/16
--- exit code: 1

=== $ docker network create --subnet 10.30.0.0 e-nomask
--- stdout ---
--- stderr ---
Error response from daemon: Invalid subnet 10.30.0.0 : invalid CIDR address: 10.30.0.0
--- exit code: 1

=== $ docker network create --subnet 10.30.0.0/33 e-badmask
--- stdout ---
--- stderr ---
Error response from daemon: Invalid subnet 10.30.0.0/33 : invalid CIDR address: 10.30.0.0/33
--- exit code: 1

=== $ docker network create --subnet notacidr e-junk
--- stdout ---
--- stderr ---
Error response from daemon: Invalid subnet notacidr : invalid CIDR address: notacidr
--- exit code: 1

=== $ docker network create --subnet 10.30.0.5/24 e-hostbits
--- stdout ---
43f254b594904d087674e2c68db55c71dd69bd6c6366cb52cc5c089fdabfb477
--- stderr ---
--- exit code: 0

=== $ docker network inspect -f '{{json .IPAM.Config}}' e-hostbits
--- stdout ---
[{"Subnet":"10.30.0.5/24"}]
--- stderr ---
--- exit code: 0

=== $ docker network rm e-hostbits
--- stdout ---
e-hostbits
--- stderr ---
--- exit code: 0

=== $ docker network create --subnet 10.31.0.0/24 --gateway 10.99.0.1 e-gwout
--- stdout ---
--- stderr ---
no matching subnet for gateway 10.99.0.1
--- exit code: 1

=== $ docker network create --subnet 10.31.0.0/24 --gateway notanip e-gwjunk
--- stdout ---
--- stderr ---
no matching subnet for gateway notanip
--- exit code: 1

=== $ docker network create --gateway 10.31.0.1 e-gwnosubnet
--- stdout ---
--- stderr ---
every ip-range or gateway must have a corresponding subnet
--- exit code: 1

=== $ docker network create --subnet 10.32.0.0/24 --ip-range 10.33.0.0/24 e-rangeout
--- stdout ---
--- stderr ---
no matching subnet for range 10.33.0.0/24
--- exit code: 1

=== $ docker network create --ip-range 10.32.0.0/24 e-rangenosubnet
--- stdout ---
--- stderr ---
every ip-range or gateway must have a corresponding subnet
--- exit code: 1

=== $ docker network create --subnet 10.34.0.0/24 --aux-address a=10.99.0.5 e-auxout
--- stdout ---
--- stderr ---
no matching subnet for aux-address 10.99.0.5
--- exit code: 1

=== $ docker network create --aux-address a=10.34.0.5 e-auxnosubnet
--- stdout ---
--- stderr ---
no matching subnet for aux-address 10.34.0.5
--- exit code: 1

=== $ docker network create --subnet 10.35.0.0/24 --subnet 10.36.0.0/24 e-twov4
--- stdout ---
--- stderr ---
Error response from daemon: bridge driver doesn't support multiple subnets
--- exit code: 1

=== $ docker network create --ipv6 e-v6nosubnet
--- stdout ---
--- stderr ---
Error response from daemon: could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network
--- exit code: 1

=== $ docker network inspect -f '{{json .IPAM}} {{.EnableIPv6}}' e-v6nosubnet
--- stdout ---

--- stderr ---
Error response from daemon: network e-v6nosubnet not found
--- exit code: 1

=== $ docker network rm e-v6nosubnet
--- stdout ---
--- stderr ---
Error response from daemon: network e-v6nosubnet not found
exit status 1
--- exit code: 1

=== $ docker network create --subnet 10.20.0.0/16 ov1
--- stdout ---
7d79617ec35d33f21850a698b176d6d8922146bf566ff5341b0aaa2377ba2ee4
--- stderr ---
--- exit code: 0

=== $ docker network create --subnet 10.20.1.0/24 ov2
--- stdout ---
--- stderr ---
Error response from daemon: Pool overlaps with other one on this address space
--- exit code: 1

=== $ docker network create --subnet 10.20.0.0/16 ov3
--- stdout ---
--- stderr ---
Error response from daemon: Pool overlaps with other one on this address space
--- exit code: 1

=== $ docker network create --subnet 10.0.0.0/8 ov4
--- stdout ---
--- stderr ---
Error response from daemon: Pool overlaps with other one on this address space
--- exit code: 1

=== $ docker network create --subnet 172.17.5.0/24 ov-docker0
--- stdout ---
--- stderr ---
Error response from daemon: Pool overlaps with other one on this address space
--- exit code: 1

=== $ docker network create ov1
--- stdout ---
--- stderr ---
Error response from daemon: network with name ov1 already exists
--- exit code: 1

=== $ docker network create bridge
--- stdout ---
--- stderr ---
Error response from daemon: operation is not permitted on predefined bridge network
--- exit code: 1

=== $ docker network create host
--- stdout ---
--- stderr ---
Error response from daemon: operation is not permitted on predefined host network
--- exit code: 1

=== $ docker network create none
--- stdout ---
--- stderr ---
Error response from daemon: operation is not permitted on predefined none network
--- exit code: 1

=== $ docker network create 'bad name'
--- stdout ---
fd4df6e33a693368a4b695df1eea2253b3d1d88c33ee06341d65324b1eed076b
--- stderr ---
--- exit code: 0

=== $ docker network create ''
--- stdout ---
--- stderr ---
Error response from daemon: network with name  already exists
--- exit code: 1

=== $ docker network create -d nosuchdriver e-drv
--- stdout ---
--- stderr ---
Error response from daemon: plugin "nosuchdriver" not found
--- exit code: 1

=== $ docker network create -d macvlan -o parent=nosuchif e-mvparent
--- stdout ---
--- stderr ---
Error response from daemon: invalid subinterface vlan name nosuchif, example formatting is eth0.10
--- exit code: 1

=== $ docker network create -d macvlan e-mvnoparent
--- stdout ---
--- stderr ---
Error response from daemon: operation not supported
--- exit code: 1

=== $ docker network inspect -f '{{json .Options}} {{json .IPAM.Config}}' e-mvnoparent
--- stdout ---

--- stderr ---
Error response from daemon: network e-mvnoparent not found
--- exit code: 1

=== $ docker network rm e-mvnoparent
--- stdout ---
--- stderr ---
Error response from daemon: network e-mvnoparent not found
exit status 1
--- exit code: 1

=== $ docker network create -o com.docker.network.driver.mtu=abc e-mtu
--- stdout ---
--- stderr ---
Error response from daemon: failed to parse com.docker.network.driver.mtu value: abc (strconv.Atoi: parsing "abc": invalid syntax)
--- exit code: 1

=== $ docker network create -o com.docker.network.bridge.name=docker0 e-brdocker0
--- stdout ---
ef8057ed5a8f0ad1aac3dad487a9cd4b04451d7109c88c7b9715b78a5ac453a6
--- stderr ---
--- exit code: 0

=== $ docker network create --ipam-driver nosuchipam e-ipam
--- stdout ---
--- stderr ---
Error response from daemon: plugin "nosuchipam" not found
--- exit code: 1

=== $ docker network create -d host e-host2
--- stdout ---
--- stderr ---
Error response from daemon: only one instance of "host" network is allowed
--- exit code: 1

=== $ docker network create -d null e-null2
--- stdout ---
--- stderr ---
Error response from daemon: only one instance of "null" network is allowed
--- exit code: 1

=== $ docker network rm ov1
--- stdout ---
--- stderr ---
Error response from daemon: error while removing network: network ov1 id 7d79617ec35d33f21850a698b176d6d8922146bf566ff5341b0aaa2377ba2ee4 has active endpoints
exit status 1
--- exit code: 1

=== $ docker network rm bridge
--- stdout ---
--- stderr ---
Error response from daemon: bridge is a pre-defined network and cannot be removed
exit status 1
--- exit code: 1

=== $ docker network rm host
--- stdout ---
--- stderr ---
Error response from daemon: host is a pre-defined network and cannot be removed
exit status 1
--- exit code: 1

=== $ docker network rm none
--- stdout ---
--- stderr ---
Error response from daemon: none is a pre-defined network and cannot be removed
exit status 1
--- exit code: 1

=== $ docker network rm nosuchnet
--- stdout ---
--- stderr ---
Error response from daemon: network nosuchnet not found
exit status 1
--- exit code: 1

=== $ docker network rm nosuchnet ov1
--- stdout ---
--- stderr ---
Error response from daemon: network nosuchnet not found
Error response from daemon: error while removing network: network ov1 id 7d79617ec35d33f21850a698b176d6d8922146bf566ff5341b0aaa2377ba2ee4 has active endpoints
exit status 1
--- exit code: 1

=== $ docker network rm
--- stdout ---
--- stderr ---
docker: 'docker network rm' requires at least 1 argument

Usage:  docker network rm NETWORK [NETWORK...]

See 'docker network rm --help' for more information
--- exit code: 1

=== $ docker network inspect nosuchnet
--- stdout ---
[]
--- stderr ---
Error response from daemon: network nosuchnet not found
--- exit code: 1

=== $ docker network inspect ov1 nosuchnet --format '{{.Name}}'
--- stdout ---
ov1
--- stderr ---
Error response from daemon: network nosuchnet not found
--- exit code: 1

=== $ docker network rm ov1
--- stdout ---
ov1
--- stderr ---
--- exit code: 0

=== $ docker network ls -f name=ov
--- stdout ---
NETWORK ID   NAME      DRIVER    SCOPE
--- stderr ---
--- exit code: 0
"""#
}
