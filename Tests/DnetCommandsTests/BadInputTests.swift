import Testing

/// Transcript 03, its network commands (bad input: Docker's texts and exit status 1), with
/// `attach`/`detach` standing for the container `rmc1` on `ov1`. Every command that fails must
/// leave the networks and the kernel as they were. dnet's departures: stricter names (`bad name`
/// and the empty name are refused), a macvlan network needs `-o parent` (dnet does not create
/// Docker's dummy parent), and a bridge name that another network's bridge has is refused
/// (Docker took over docker0 and re-addressed it). Docker's "docker: " and "docker " are not
/// in dnet's usage texts.
struct BadInputTests {
    static let expected = #"""
=== $ network create --subnet 10.300.0.0/16 e-badcidr
--- stdout ---
--- stderr ---
Invalid subnet 10.300.0.0/16 : invalid CIDR address: 10.300.0.0/16
--- exit code: 1

=== $ network create --subnet 10.30.0.0 e-nomask
--- stdout ---
--- stderr ---
Invalid subnet 10.30.0.0 : invalid CIDR address: 10.30.0.0
--- exit code: 1

=== $ network create --subnet 10.30.0.0/33 e-badmask
--- stdout ---
--- stderr ---
Invalid subnet 10.30.0.0/33 : invalid CIDR address: 10.30.0.0/33
--- exit code: 1

=== $ network create --subnet notacidr e-junk
--- stdout ---
--- stderr ---
Invalid subnet notacidr : invalid CIDR address: notacidr
--- exit code: 1

=== $ network create --subnet 10.30.0.5/24 e-hostbits
--- stdout ---
43f254b594904d087674e2c68db55c71dd69bd6c6366cb52cc5c089fdabfb477
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{json .IPAM.Config}}' e-hostbits
--- stdout ---
[{"Subnet":"10.30.0.5/24"}]
--- stderr ---
--- exit code: 0

=== $ network rm e-hostbits
--- stdout ---
e-hostbits
--- stderr ---
--- exit code: 0

=== $ network create --subnet 10.31.0.0/24 --gateway 10.99.0.1 e-gwout
--- stdout ---
--- stderr ---
no matching subnet for gateway 10.99.0.1
--- exit code: 1

=== $ network create --subnet 10.31.0.0/24 --gateway notanip e-gwjunk
--- stdout ---
--- stderr ---
no matching subnet for gateway notanip
--- exit code: 1

=== $ network create --gateway 10.31.0.1 e-gwnosubnet
--- stdout ---
--- stderr ---
every ip-range or gateway must have a corresponding subnet
--- exit code: 1

=== $ network create --subnet 10.32.0.0/24 --ip-range 10.33.0.0/24 e-rangeout
--- stdout ---
--- stderr ---
no matching subnet for range 10.33.0.0/24
--- exit code: 1

=== $ network create --ip-range 10.32.0.0/24 e-rangenosubnet
--- stdout ---
--- stderr ---
every ip-range or gateway must have a corresponding subnet
--- exit code: 1

=== $ network create --subnet 10.34.0.0/24 --aux-address a=10.99.0.5 e-auxout
--- stdout ---
--- stderr ---
no matching subnet for aux-address 10.99.0.5
--- exit code: 1

=== $ network create --aux-address a=10.34.0.5 e-auxnosubnet
--- stdout ---
--- stderr ---
no matching subnet for aux-address 10.34.0.5
--- exit code: 1

=== $ network create --subnet 10.35.0.0/24 --subnet 10.36.0.0/24 e-twov4
--- stdout ---
--- stderr ---
bridge driver doesn't support multiple subnets
--- exit code: 1

=== $ network create --ipv6 e-v6nosubnet
--- stdout ---
--- stderr ---
could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network
--- exit code: 1

=== $ network inspect -f '{{json .IPAM}} {{.EnableIPv6}}' e-v6nosubnet
--- stdout ---

--- stderr ---
network e-v6nosubnet not found
--- exit code: 1

=== $ network rm e-v6nosubnet
--- stdout ---
--- stderr ---
network e-v6nosubnet not found
--- exit code: 1

=== $ network create --subnet 10.20.0.0/16 ov1
--- stdout ---
7d79617ec35d33f21850a698b176d6d8922146bf566ff5341b0aaa2377ba2ee4
--- stderr ---
--- exit code: 0

=== $ network create --subnet 10.20.1.0/24 ov2
--- stdout ---
--- stderr ---
Pool overlaps with other one on this address space
--- exit code: 1

=== $ network create --subnet 10.20.0.0/16 ov3
--- stdout ---
--- stderr ---
Pool overlaps with other one on this address space
--- exit code: 1

=== $ network create --subnet 10.0.0.0/8 ov4
--- stdout ---
--- stderr ---
Pool overlaps with other one on this address space
--- exit code: 1

=== $ network create --subnet 172.17.5.0/24 ov-docker0
--- stdout ---
--- stderr ---
Pool overlaps with other one on this address space
--- exit code: 1

=== $ network create ov1
--- stdout ---
--- stderr ---
network with name ov1 already exists
--- exit code: 1

=== $ network create bridge
--- stdout ---
--- stderr ---
operation is not permitted on predefined bridge network
--- exit code: 1

=== $ network create host
--- stdout ---
--- stderr ---
operation is not permitted on predefined host network
--- exit code: 1

=== $ network create none
--- stdout ---
--- stderr ---
operation is not permitted on predefined none network
--- exit code: 1

=== $ network create 'bad name'
--- stdout ---
--- stderr ---
invalid network name "bad name": names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*
--- exit code: 1

=== $ network create ''
--- stdout ---
--- stderr ---
invalid network name "": names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*
--- exit code: 1

=== $ network create -d nosuchdriver e-drv
--- stdout ---
--- stderr ---
plugin "nosuchdriver" not found
--- exit code: 1

=== $ network create -d macvlan -o parent=nosuchif e-mvparent
--- stdout ---
--- stderr ---
invalid subinterface vlan name nosuchif, example formatting is eth0.10
--- exit code: 1

=== $ network create -d macvlan e-mvnoparent
--- stdout ---
--- stderr ---
macvlan network needs a parent interface: -o parent=IFACE (dnet does not create the dummy parent link Docker would)
--- exit code: 1

=== $ network inspect -f '{{json .Options}} {{json .IPAM.Config}}' e-mvnoparent
--- stdout ---

--- stderr ---
network e-mvnoparent not found
--- exit code: 1

=== $ network rm e-mvnoparent
--- stdout ---
--- stderr ---
network e-mvnoparent not found
--- exit code: 1

=== $ network create -o com.docker.network.driver.mtu=abc e-mtu
--- stdout ---
--- stderr ---
failed to parse com.docker.network.driver.mtu value: abc (strconv.Atoi: parsing "abc": invalid syntax)
--- exit code: 1

=== $ network create -o com.docker.network.bridge.name=dnet0 e-brdocker0
--- stdout ---
--- stderr ---
cannot create network 1111111111111111111111111111111111111111111111111111111111111111 (dnet0): conflicts with network 2222222222222222222222222222222222222222222222222222222222222222 (dnet0): networks have same bridge name
--- exit code: 1

=== $ network create --ipam-driver nosuchipam e-ipam
--- stdout ---
--- stderr ---
plugin "nosuchipam" not found
--- exit code: 1

=== $ network create -d host e-host2
--- stdout ---
--- stderr ---
only one instance of "host" network is allowed
--- exit code: 1

=== $ network create -d null e-null2
--- stdout ---
--- stderr ---
only one instance of "null" network is allowed
--- exit code: 1

=== $ attach ov1
--- stdout ---
--- stderr ---
--- exit code: 0

=== $ network rm ov1
--- stdout ---
--- stderr ---
error while removing network: network ov1 id 7d79617ec35d33f21850a698b176d6d8922146bf566ff5341b0aaa2377ba2ee4 has active endpoints
--- exit code: 1

=== $ network rm bridge
--- stdout ---
--- stderr ---
bridge is a pre-defined network and cannot be removed
--- exit code: 1

=== $ network rm host
--- stdout ---
--- stderr ---
host is a pre-defined network and cannot be removed
--- exit code: 1

=== $ network rm none
--- stdout ---
--- stderr ---
none is a pre-defined network and cannot be removed
--- exit code: 1

=== $ network rm nosuchnet
--- stdout ---
--- stderr ---
network nosuchnet not found
--- exit code: 1

=== $ network rm nosuchnet ov1
--- stdout ---
--- stderr ---
network nosuchnet not found
error while removing network: network ov1 id 7d79617ec35d33f21850a698b176d6d8922146bf566ff5341b0aaa2377ba2ee4 has active endpoints
--- exit code: 1

=== $ network rm
--- stdout ---
--- stderr ---
'network rm' requires at least 1 argument

Usage:  network rm NETWORK [NETWORK...]

See 'network rm --help' for more information
--- exit code: 1

=== $ network inspect nosuchnet
--- stdout ---
[]
--- stderr ---
network nosuchnet not found
--- exit code: 1

=== $ network inspect ov1 nosuchnet --format '{{.Name}}'
--- stdout ---
ov1
--- stderr ---
network nosuchnet not found
--- exit code: 1

=== $ detach ov1
--- stdout ---
--- stderr ---
--- exit code: 0

=== $ network rm ov1
--- stdout ---
ov1
--- stderr ---
--- exit code: 0

=== $ network ls -f name=ov
--- stdout ---
NETWORK ID   NAME      DRIVER    SCOPE
--- stderr ---
--- exit code: 0
"""#

    @Test func matchesDockersTranscriptAndFailuresChangeNothing() throws {
        Transcript.check(Self.expected, on: try CommandHarness(), unchangedOnFailure: true)
    }
}
