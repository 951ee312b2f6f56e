#!/usr/bin/env bash
# Published ports at scale: N containers (default 1000), each publishing one port
# (`run -p 20000+i:80`), built and torn down by one dnet process from one script, against
# the same containers without -p in the same run (so the difference is what publishing costs:
# the port check and the firewall's nftables transaction), and against plain nft: the same
# rules (one map element per container) added by `nft -f FILE`, one file per container, in
# tables of its own. Everything runs inside a private network and mount namespace.
# Prints: the cost of publishing per container for dnet and for nft -f, their ratio (target
# <= 2), and dnet's publishing cost around the 10th and the 1000th container (the firewall's
# updates are O(changes): the 1000th should cost what the 10th does).
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

# One dnet script: the time each `run` line printed its id, per container (microseconds).
declare -a at
timed_build() {  # $1: script; fills at[0..N]
  local lines=0
  at[0]=$(now)
  while IFS= read -r _; do lines=$((lines + 1)); at[lines]=$(now); done < <("$DNET_BIN" "$1")
  ((lines == N)) || { echo "bench: dnet printed $lines lines, not $N" >&2; exit 1; }
}
window() {  # mean cost of the 20 runs around container $1, microseconds
  local lo=$(( $1 > 10 ? $1 - 10 : 1 )); local hi=$((lo + 20)); ((hi <= N)) || { hi=$N; lo=$((N - 20)); }
  echo $(( (at[hi] - at[lo]) / (hi - lo) ))
}

"$DNET_BIN" -c "network create --subnet 10.0.0.0/16 pub" >/dev/null
for ((i = 1; i <= N; i++)); do echo "run --net pub --name p$i -p $((20000 + i)):80"; done > "$work/publish.dnet"
for ((i = 1; i <= N; i++)); do echo "run --net pub --name q$i"; done > "$work/plain.dnet"
{ printf 'rm -f'; for ((i = 1; i <= N; i++)); do printf ' p%d' "$i"; done; echo; } > "$work/rm-p.dnet"
{ printf 'rm -f'; for ((i = 1; i <= N; i++)); do printf ' q%d' "$i"; done; echo; } > "$work/rm-q.dnet"

timed_build "$work/plain.dnet"
plain=$((at[N] - at[0])); declare -a plain_at=("${at[@]}")
"$DNET_BIN" "$work/rm-q.dnet" >/dev/null
sleep 1
timed_build "$work/publish.dnet"
published=$((at[N] - at[0]))
p10=$(window 10) p1000=$(window "$N")
at=("${plain_at[@]}"); q10=$(window 10) q1000=$(window "$N")
elements=$(nft list map inet dnet ports | grep -o ' : 10\.0\.' | wc -l)
[ "$elements" = "$N" ] || { echo "bench: dnet's ports map holds $elements elements, not $N" >&2; exit 1; }
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

awk -v n="$N" -v plain="$plain" -v pub="$published" -v nft="$nft_each" -v rm="$rm_published" \
    -v p10="$p10" -v p1000="$p1000" -v q10="$q10" -v q1000="$q1000" -v load="$load" 'BEGIN {
  extra = (pub - plain) / n
  printf "containers: %d on one bridge, each publishing one port\n", n
  printf "dnet run without -p: %.3fs (%.2f ms/container); with -p: %.3fs (%.2f ms/container); rm -f all: %.3fs\n", plain / 1e6, plain / n / 1000, pub / 1e6, pub / n / 1000, rm / 1e6
  printf "cost of publishing, dnet: %.3f ms/container (port check + one nftables transaction)\n", extra / 1000
  printf "nft -f, one file per container: %.3f ms/container\n", nft / n / 1000
  printf "dnet/nft -f: %.2fx (target <= 2)\n", extra / (nft / n)
  printf "dnet with -p around the 10th container: %.2f ms, around the %dth: %.2f ms (without -p: %.2f, %.2f)\n", p10 / 1000, n, p1000 / 1000, q10 / 1000, q1000 / 1000
  printf "publishing cost around the 10th: %.2f ms, around the %dth: %.2f ms\n", (p10 - q10) / 1000, n, (p1000 - q1000) / 1000
  printf "load average at start: %s (other work on the machine skews every figure)\n", load
}'
