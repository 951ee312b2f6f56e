#!/usr/bin/env bash
# dnet creating then removing N networks (default 1000) in ONE dnet process, against
# `ip -batch` doing the same kernel work (bridge add with the same attributes, its MTU,
# alias and up, the gateway address; then link del), in the same run, inside a private
# network and mount namespace (scripts/sandbox.sh). Prints both times, create and rm
# phases apart, and the ratios. Target at N=1000: dnet create+rm within 1.5x of ip -batch.
# DNET_BIN=path skips the release build and uses that binary.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
if ! [[ "$N" =~ ^[0-9]+$ ]] || (( N < 1 || N > 65000 )); then
  echo "usage: scripts/bench-networks.sh [N]   (1 to 65000 networks)" >&2
  exit 2
fi
if [ "${DNET_IN_SANDBOX:-}" != 1 ]; then
  if [ -z "${DNET_BIN:-}" ]; then
    { swift build -c release --product dnet && swift build -c release --product dnet-dns; } >/dev/null
    DNET_BIN=$(swift build -c release --show-bin-path)/dnet
  fi
  exec env DNET_BIN="$DNET_BIN" scripts/sandbox.sh "$0" "$@"
fi

# The data root and scripts on a tmpfs of this mount namespace: no disk in the measure.
work=$(mktemp -d); trap 'umount "$work" 2>/dev/null; rmdir "$work"' EXIT
mount -t tmpfs tmpfs "$work"
bridges() { ip -o link show type bridge | wc -l; }
# Microseconds from bash's clock (no process started to read it).
now() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }

# dnet: N creates (subnets from a /8 pool of /24s), then N removals, one process. Each
# command prints one line (the id, the name), so the N-th line ends the create phase.
for ((i = 1; i <= N; i++)); do echo "network create bench-$i"; done > "$work/bench.dnet"
for ((i = 1; i <= N; i++)); do echo "network rm bench-$i"; done >> "$work/bench.dnet"
dnet() { "$DNET_BIN" --data-root "$work/data" --default-address-pool base=10.0.0.0/8,size=24 "$@"; }
# The engine's first start (default bridge, store) is not part of the measure.
dnet -c 'network ls -q' >/dev/null
before=$(bridges)
start=$(now)
lines=0
while IFS= read -r _; do
  lines=$((lines + 1))
  if ((lines == N)); then created=$(now); fi
done < <(dnet "$work/bench.dnet")
end=$(now)
((lines == 2 * N)) || { echo "bench: dnet printed $lines lines, not $((2 * N))" >&2; exit 1; }
[ "$(bridges)" = "$before" ] || { echo "bench: dnet left bridges behind" >&2; exit 1; }
dnet_create=$((created - start)) dnet_rm=$((end - created))

# ip -batch: the same steps as dnet's netlink backend, for the same subnets.
id=$(printf 'b%.0s' {1..63})
for ((i = 1; i <= N; i++)); do
  name=$(printf 'bb-%06d' "$i")
  net=$((i / 256)).$((i % 256))
  echo "link add $name type bridge forward_delay 0 stp_state 0"
  echo "link set $name mtu 1500 alias dnet:$id$((i % 10)) up"
  echo "addr add 10.$net.1/24 brd + dev $name"
done > "$work/create.ip"
for ((i = 1; i <= N; i++)); do printf 'link del bb-%06d\n' "$i"; done > "$work/rm.ip"
start=$(now)
ip -batch "$work/create.ip"
created=$(now)
ip -batch "$work/rm.ip"
end=$(now)
[ "$(bridges)" = "$before" ] || { echo "bench: ip -batch left bridges behind" >&2; exit 1; }
ip_create=$((created - start)) ip_rm=$((end - created))

awk -v n="$N" -v dc="$dnet_create" -v dr="$dnet_rm" -v ic="$ip_create" -v ir="$ip_rm" 'BEGIN {
  printf "networks: %d created, then removed\n", n
  printf "%-20s %10s %10s %10s\n", "", "create", "rm", "total"
  printf "%-20s %9.3fs %9.3fs %9.3fs\n", "dnet (one process)", dc / 1e6, dr / 1e6, (dc + dr) / 1e6
  printf "%-20s %9.3fs %9.3fs %9.3fs\n", "ip -batch", ic / 1e6, ir / 1e6, (ic + ir) / 1e6
  printf "%-20s %10.2f %10.2f %10.2f   (target for the total at N=1000: 1.5 or less)\n", "ratio dnet/ip", dc / ic, dr / ir, (dc + dr) / (ic + ir)
}'
