#!/usr/bin/env bash
# dnet creating then removing N networks (default 1000) in ONE dnet process, against an
# `ip -batch` file doing the same kernel work (bridge add with the same attributes, its
# MTU, alias and up, gateway address; then link del), in the same run, inside a private
# network and mount namespace (scripts/sandbox.sh). Prints both times and the ratio.
# Target at N=1000: dnet within 1.5x of ip -batch.
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
    swift build -c release --product dnet >/dev/null
    DNET_BIN=$(swift build -c release --show-bin-path)/dnet
  fi
  exec env DNET_BIN="$DNET_BIN" scripts/sandbox.sh "$0" "$@"
fi

# The data root and scripts on a tmpfs of this mount namespace: no disk in the measure.
work=$(mktemp -d); trap 'umount "$work" 2>/dev/null; rmdir "$work"' EXIT
mount -t tmpfs tmpfs "$work"
now() { date +%s%N; }
bridges() { ip -o link show type bridge | wc -l; }

# dnet: N creates (subnets from a /8 pool of /24s), then N removals, one process.
for ((i = 1; i <= N; i++)); do echo "network create bench-$i"; done > "$work/bench.dnet"
for ((i = 1; i <= N; i++)); do echo "network rm bench-$i"; done >> "$work/bench.dnet"
# The engine's first start (default bridge, store) is not part of the measure.
"$DNET_BIN" --data-root "$work/data" --default-address-pool base=10.0.0.0/8,size=24 -c 'network ls -q' >/dev/null
before=$(bridges)
start=$(now)
"$DNET_BIN" --data-root "$work/data" --default-address-pool base=10.0.0.0/8,size=24 "$work/bench.dnet" >/dev/null
dnet_ns=$(( $(now) - start ))
[ "$(bridges)" = "$before" ] || { echo "bench: dnet left bridges behind" >&2; exit 1; }

# ip -batch: the same steps as dnet's netlink backend, for the same subnets.
id=$(printf 'b%.0s' {1..63})
for ((i = 1; i <= N; i++)); do
  name=$(printf 'bb-%06d' "$i")
  net=$((i / 256)).$((i % 256))
  echo "link add $name type bridge forward_delay 0 stp_state 0"
  echo "link set $name mtu 1500 alias dnet:$id$((i % 10)) up"
  echo "addr add 10.$net.1/24 brd + dev $name"
done > "$work/bench.ip"
for ((i = 1; i <= N; i++)); do printf 'link del bb-%06d\n' "$i"; done >> "$work/bench.ip"
start=$(now)
ip -batch "$work/bench.ip"
ip_ns=$(( $(now) - start ))
[ "$(bridges)" = "$before" ] || { echo "bench: ip -batch left bridges behind" >&2; exit 1; }

awk -v n="$N" -v d="$dnet_ns" -v i="$ip_ns" 'BEGIN {
  printf "networks:           %d created and removed\n", n
  printf "dnet (one process): %8.3f s  (%.0f us per network)\n", d / 1e9, d / 1e3 / n
  printf "ip -batch:          %8.3f s  (%.0f us per network)\n", i / 1e9, i / 1e3 / n
  printf "ratio dnet/ip:      %8.2f  (target at N=1000: 1.5 or less)\n", d / i
}'
