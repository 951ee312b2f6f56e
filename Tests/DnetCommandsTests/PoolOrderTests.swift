import Testing

/// Transcript 04 (the order in which subnets come from the default pools), after transcript
/// 02's networks: next-fit, so a freed pool is not handed out again before the pools wrap, and
/// a pool that overlaps a network (192.168.48.0/20 holds n-macvlan's 192.168.50.0/24) is
/// skipped. Docker's loops and pipes are spelled out, and its listing sorted by subnet
/// (`sort -k2`) is in name order here; the created ids stand for Docker's.
struct PoolOrderTests {
    static let expected = #"""
=== $ network inspect -f '{{.Name}} {{range .IPAM.Config}}{{.Subnet}} {{end}}' $(network ls -q)
--- stdout ---
bridge 172.17.0.0/16 
host 
n-attach 172.26.0.0/16 
n-aux 10.13.0.0/24 
n-brname 172.23.0.0/16 
n-combo 10.16.0.0/24 
n-gw 10.11.0.0/24 
n-internal 172.20.0.0/16 
n-ipam 10.14.0.0/24 
n-iprange 10.12.0.0/16 
n-label 172.22.0.0/16 
n-macvlan 192.168.50.0/24 
n-macvlan2 172.25.0.0/16 
n-mtu 172.24.0.0/16 
n-noicc 172.27.0.0/16 
n-subnet 10.10.0.0/24 
n-v6 172.21.0.0/16 fd00:db8:1::/64 
n-v46 10.15.0.0/24 fd00:db8:2::/64 
none 
plain1 172.18.0.0/16 
plain2 172.19.0.0/16 
--- stderr ---
--- exit code: 0

=== $ network create pool1
--- stdout ---
42c279693b370000000000000000000000000000000000000000000000000000
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}} {{json .IPAM.Config}}' pool1
--- stdout ---
pool1 [{"Subnet":"172.28.0.0/16","Gateway":"172.28.0.1"}]
--- stderr ---
--- exit code: 0

=== $ network create pool2
--- stdout ---
a5afd2c5cf4b0000000000000000000000000000000000000000000000000000
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}} {{json .IPAM.Config}}' pool2
--- stdout ---
pool2 [{"Subnet":"172.29.0.0/16","Gateway":"172.29.0.1"}]
--- stderr ---
--- exit code: 0

=== $ network create pool3
--- stdout ---
aa4c928853800000000000000000000000000000000000000000000000000000
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}} {{json .IPAM.Config}}' pool3
--- stdout ---
pool3 [{"Subnet":"172.30.0.0/16","Gateway":"172.30.0.1"}]
--- stderr ---
--- exit code: 0

=== $ network create pool4
--- stdout ---
422b2af85ff30000000000000000000000000000000000000000000000000000
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}} {{json .IPAM.Config}}' pool4
--- stdout ---
pool4 [{"Subnet":"172.31.0.0/16","Gateway":"172.31.0.1"}]
--- stderr ---
--- exit code: 0

=== $ network create pool5
--- stdout ---
636d23fffb660000000000000000000000000000000000000000000000000000
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}} {{json .IPAM.Config}}' pool5
--- stdout ---
pool5 [{"Subnet":"192.168.0.0/20","Gateway":"192.168.0.1"}]
--- stderr ---
--- exit code: 0

=== $ network create pool6
--- stdout ---
1b61bfca3d440000000000000000000000000000000000000000000000000000
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}} {{json .IPAM.Config}}' pool6
--- stdout ---
pool6 [{"Subnet":"192.168.16.0/20","Gateway":"192.168.16.1"}]
--- stderr ---
--- exit code: 0

=== $ network create pool7
--- stdout ---
23309c83a7e40000000000000000000000000000000000000000000000000000
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}} {{json .IPAM.Config}}' pool7
--- stdout ---
pool7 [{"Subnet":"192.168.32.0/20","Gateway":"192.168.32.1"}]
--- stderr ---
--- exit code: 0

=== $ network rm pool2
--- stdout ---
pool2
--- stderr ---
--- exit code: 0

=== $ network create poolX
--- stdout ---
bbbbbbbbbbbb0000000000000000000000000000000000000000000000000000
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}} {{json .IPAM.Config}}' poolX
--- stdout ---
poolX [{"Subnet":"192.168.64.0/20","Gateway":"192.168.64.1"}]
--- stderr ---
--- exit code: 0

=== $ network rm pool3
--- stdout ---
pool3
--- stderr ---
--- exit code: 0

=== $ network create --subnet 172.30.5.0/24 manual30
--- stdout ---
cccccccccccc0000000000000000000000000000000000000000000000000000
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}} {{json .IPAM.Config}}' manual30
--- stdout ---
manual30 [{"Subnet":"172.30.5.0/24"}]
--- stderr ---
--- exit code: 0

=== $ network create poolY
--- stdout ---
dddddddddddd0000000000000000000000000000000000000000000000000000
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}} {{json .IPAM.Config}}' poolY
--- stdout ---
poolY [{"Subnet":"192.168.80.0/20","Gateway":"192.168.80.1"}]
--- stderr ---
--- exit code: 0

=== $ network rm pool1 pool4 pool5 pool6 pool7 poolX poolY manual30
--- stdout ---
pool1
pool4
pool5
pool6
pool7
poolX
poolY
manual30
--- stderr ---
--- exit code: 0
"""#

    @Test func subnetsComeInDockersOrder() throws {
        let harness = try CommandHarness()
        for command in Transcript.commands(CreateOptionsTests.expected).split(separator: "\n") {
            harness.run(String(command))
        }
        Transcript.check(Self.expected, on: harness)
    }
}
