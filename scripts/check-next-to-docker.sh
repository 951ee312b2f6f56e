#!/usr/bin/env bash
# dnet next to a real Docker engine (Debian's docker.io, installed if DNET_INSTALL_DOCKER=1),
# both inside one private network and mount namespace (scripts/sandbox.sh), as
# ../shared/conformance/README.md runs Docker: Docker sets its FORWARD policy to DROP; dnet's
# accept rules in DOCKER-USER must let its containers out, and Docker must keep working.
# Prints each check; exits 1 if one fails. Not part of the test suite (CI has no dockerd).
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${DNET_IN_SANDBOX:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "check-next-to-docker: needs root" >&2; exit 2; }
  if ! command -v dockerd >/dev/null; then
    [ "${DNET_INSTALL_DOCKER:-}" = 1 ] || { echo "check-next-to-docker: needs dockerd (DNET_INSTALL_DOCKER=1 installs docker.io)" >&2; exit 2; }
    apt-get install -y -qq docker.io >&2
  fi
  if [ -z "${DNET_BIN:-}" ]; then
    { swift build --product dnet && swift build --product dnet-dns; } >/dev/null
    DNET_BIN=$(swift build --show-bin-path)/dnet
  fi
  exec env DNET_BIN="$DNET_BIN" scripts/sandbox.sh "$0" "$@"
fi

work=$(mktemp -d)
failed=0
check() { if "${@:2}" >/dev/null 2>&1; then echo "ok    $1"; else echo "FAIL  $1"; failed=1; fi; }
cleanup() {
  "$DNET_BIN" -c 'for id in $(ps -aq) { rm -f $id }' >/dev/null 2>&1
  [ -f "$work/d.pid" ] && kill "$(cat "$work/d.pid")" 2>/dev/null && sleep 1
  ip netns del out 2>/dev/null
  umount -R /sys/fs/cgroup 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Docker's cgroups (ip netns exec-style sandboxes hide them), then dockerd.
mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
for c in cpu cpuacct cpuset memory devices freezer blkio pids; do
  mkdir -p /sys/fs/cgroup/$c && mount -t cgroup -o $c cgroup /sys/fs/cgroup/$c
done
mkdir -p /sys/fs/cgroup/systemd && mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd
ip link set lo up
dockerd --data-root "$work/data" --exec-root "$work/exec" -H "unix://$work/d.sock" --pidfile "$work/d.pid" > "$work/d.log" 2>&1 &
for _ in $(seq 1 150); do docker -H "unix://$work/d.sock" version >/dev/null 2>&1 && break; sleep 0.2; done
check "Docker runs, FORWARD policy DROP" sh -c "iptables -S FORWARD | grep -q '^-P FORWARD DROP'"

# An outside host on a veth.
ip netns add out
ip link add dnetfw0 type veth peer name eth0 netns out
ip addr add 192.0.2.1/24 dev dnetfw0 && ip link set dnetfw0 up
ip -n out addr add 192.0.2.2/24 dev eth0 && ip -n out link set eth0 up

"$DNET_BIN" -c 'network create --subnet 10.79.0.0/24 dn; run --net dn --name x1; run --net dn --name x2' >/dev/null
check "dnet's accept rules in DOCKER-USER" sh -c "iptables -S DOCKER-USER | grep -q -- '-i br-.*--comment \"dnet:'"
check "a dnet container reaches the outside" ip netns exec x1 ping -c1 -W1 192.0.2.2
check "dnet containers reach each other" ip netns exec x1 ping -c1 -W1 10.79.0.3
check "Docker still creates and removes networks" sh -c "docker -H unix://$work/d.sock network create dk1 && docker -H unix://$work/d.sock network rm dk1"
check "docker0 is Docker's, untouched" ip link show docker0
"$DNET_BIN" -c 'rm -f x1 x2; network rm dn' >/dev/null
check "the network's rules go with it" sh -c "! iptables -S DOCKER-USER | grep -q br-"
check "Docker's own RETURN stays" sh -c "iptables -S DOCKER-USER | grep -q -- '-A DOCKER-USER -j RETURN'"
exit $failed
