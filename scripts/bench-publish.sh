#!/usr/bin/env bash
# Published ports at scale: N containers (default 1000), each publishing one port
# (`run -p 20000+i:80`), built and torn down by one dnet process from one script. dnet logs
# each kernel step's duration (DNET_STEP_TIMES), so the firewall's own step (one nftables
# transaction adding the container's map element) is timed apart from the rest of `run`;
# against plain nft: the same rule (one map element per container) added by `nft -f FILE`, one
# file per container, in a table of its own. Everything runs inside a private network and
# mount namespace. Prints: the firewall's cost per container for dnet and for nft -f, their
# ratio (target <= 2), and dnet's firewall step around the 10th and the Nth container (the
# updates are O(changes): the Nth should cost what the 10th does).
# DNET_BIN=path skips the release build and uses that binary.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
if ! [[ "$N" =~ ^[0-9]+$ ]] || (( N < 20 || N > 1000 )); then
  echo "usage: scripts/bench-publish.sh [N]   (20 to 1000 containers, one bridge)" >&2
  exit 2
fi
if [ "${DNET_IN_SANDBOX:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "bench-publish: needs root (network namespaces)" >&2; exit 2; }
  command -v nft >/dev/null || { echo "bench-publish: needs nft (apt-get install nftables)" >&2; exit 2; }
  if [ -z "${DNET_BIN:-}" ]; then
    { swift build -c release --product dnet && swift build -c release --product dnet-dns; } >/dev/null
    DNET_BIN=$(swift build -c release --show-bin-path)/dnet
  fi
  exec env DNET_BIN="$DNET_BIN" scripts/sandbox.sh "$0" "$@"
fi

work=$(mktemp -d)
mount -t tmpfs tmpfs "$work"
cleanup() {
  for f in /run/netns/*; do [ -e "$f" ] || continue; umount -l "$f" 2>/dev/null || true; rm -f "$f"; done
  umount "$work" 2>/dev/null || true
  rmdir "$work" 2>/dev/null || true
}
trap cleanup EXIT
now() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }
load=$(cut -d' ' -f1-3 /proc/loadavg)

"$DNET_BIN" -c "network create --subnet 10.0.0.0/16 pub" >/dev/null
for ((i = 1; i <= N; i++)); do echo "run --net pub --name p$i -p $((20000 + i)):80"; done > "$work/publish.dnet"
{ printf 'rm -f'; for ((i = 1; i <= N; i++)); do printf ' p%d' "$i"; done; echo; } > "$work/rm-p.dnet"

# dnet logs each kernel step's duration (DNET_STEP_TIMES): a `run -p` makes one firewall
# step, the nftables transaction that adds its port's map element.
t0=$(now)
DNET_STEP_TIMES="$work/steps.txt" "$DNET_BIN" "$work/publish.dnet" >/dev/null
t1=$(now)
published=$((t1 - t0))
grep $'\tchange firewall rules' "$work/steps.txt" | cut -f1 > "$work/firewall.txt"
steps=$(wc -l < "$work/firewall.txt")
[ "$steps" = "$N" ] || { echo "bench: $steps firewall steps for $N containers" >&2; exit 1; }
elements=$(nft list map inet dnet ports | grep -o ' : 10\.0\.' | wc -l)
[ "$elements" = "$N" ] || { echo "bench: dnet's ports map holds $elements elements, not $N" >&2; exit 1; }
mean() { awk -v lo="$1" -v hi="$2" 'NR >= lo && NR <= hi { s += $1; n++ } END { printf "%d", s / n }' "$work/firewall.txt"; }
fw_all=$(mean 1 "$N") fw10=$(mean 1 20) fwN=$(mean $((N - 19)) "$N")
t0=$(now); "$DNET_BIN" "$work/rm-p.dnet" >/dev/null; t1=$(now)
rm_published=$((t1 - t0))

# Plain nft: a table like dnet's, then one `nft -f` per container with its one element.
nft -f - <<'EOF'
table inet bench {
  map ports { type inet_proto . inet_service : ipv4_addr . inet_service; }
  chain prerouting { type nat hook prerouting priority dstnat; policy accept; fib daddr type local dnat ip addr . port to meta l4proto . th dport map @ports; }
}
EOF
for ((i = 1; i <= N; i++)); do
  echo "add element inet bench ports { tcp . $((20000 + i)) : 10.0.$((i / 250)).$((i % 250 + 2)) . 80 }" > "$work/nft-$i"
done
t0=$(now)
for ((i = 1; i <= N; i++)); do nft -f "$work/nft-$i"; done
t1=$(now)
nft_each=$((t1 - t0))
nft delete table inet bench

awk -v n="$N" -v pub="$published" -v nft="$nft_each" -v rm="$rm_published" \
    -v all="$fw_all" -v f10="$fw10" -v fN="$fwN" -v load="$load" 'BEGIN {
  printf "containers: %d on one bridge, each publishing one port\n", n
  printf "dnet: %.3fs to run them (%.2f ms/container), %.3fs to remove them\n", pub / 1e6, pub / n / 1000, rm / 1e6
  printf "dnet firewall step (one nftables transaction, in process): %.3f ms/container\n", all / 1000
  printf "nft -f, one file per container: %.3f ms/container\n", nft / n / 1000
  printf "dnet/nft -f: %.2fx (target <= 2)\n", all / (nft / n)
  printf "firewall step around the 10th container: %.3f ms, around the %dth: %.3f ms (ratio %.2f)\n", f10 / 1000, n, fN / 1000, fN / f10
  printf "load average at start: %s (other work on the machine skews every figure)\n", load
}'
