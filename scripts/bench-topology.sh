#!/usr/bin/env bash
# dnet building N containers (default 1000) from ONE .dnet script of N `run --net` statements in
# ONE dnet process with default settings, against the shared bench's peers in the same run:
# B3 (`ip -batch` with the veth created in the namespace, /work/shared/bench/b_batch.sh) and,
# when cc and libnl are there, the libnl floor (nlfloor fused). Everything runs inside a private
# network and mount namespace (scripts/sandbox.sh); the data root /var/lib/dnet is the sandbox's
# tmpfs, so "durable state" is written to memory, not to a disk.
# A Linux bridge holds at most 1023 ports, so containers are spread over ceil(N/1000) networks
# (dnet: big1, big2, ... with subnets 10.K.0.0/16; peers: one bridge per chunk, each chunk in a
# network namespace of its own acting as its "host"). IPv6 is off for the peers (NOIPV6=1) and
# dnet turns it off in containers of non-IPv6 networks.
# Prints build and teardown times, cost per container around the 100th and the 1000th
# container (and, taken from the same fitted lines, how much of the growth is the kernel's:
# what the floor grows by), and dnet's peak RSS. Before each timed phase it waits until the
# kernel has destroyed the namespaces of the phase before (see `drain`).
# Targets at N=1000: dnet <= 3x the floor, 1000th <= 1.2x 100th, peak RSS < 64 MiB.
# DNET_BIN=path skips the release build and uses that binary; BENCH=dir names the shared bench.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
if ! [[ "$N" =~ ^[0-9]+$ ]] || (( N < 2 || N > 250000 )); then
  echo "usage: scripts/bench-topology.sh [N]   (2 to 250000 containers)" >&2
  exit 2
fi
if [ "${DNET_IN_SANDBOX:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "bench-topology: needs root (network namespaces)" >&2; exit 2; }
  if [ -z "${DNET_BIN:-}" ]; then
    { swift build -c release --product dnet && swift build -c release --product dnet-dns; } >/dev/null
    DNET_BIN=$(swift build -c release --show-bin-path)/dnet
  fi
  exec env DNET_BIN="$DNET_BIN" scripts/sandbox.sh "$0" "$@"
fi

BENCH=${BENCH:-/work/shared/bench}
PER_NET=1000
NETS=$(( (N + PER_NET - 1) / PER_NET ))
work=$(mktemp -d)
mount -t tmpfs tmpfs "$work"
cleanup() {
  # Only what this run made; the sandbox's namespaces go away with it anyway.
  for f in /run/netns/*; do [ -e "$f" ] || continue; umount -l "$f" 2>/dev/null || true; rm -f "$f"; done
  umount "$work" 2>/dev/null || true
  rmdir "$work" 2>/dev/null || true
}
trap cleanup EXIT

now() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }   # microseconds (`$(now)` forks a subshell)
links() { echo $(( $(wc -l < /proc/net/dev) - 2 )); }      # links of the current netns
netns_count() { ip netns | wc -l; }
settle() {  # wait until the current netns has $1 links (the kernel destroys netns asynchronously)
  local t=0
  while [ "$(links)" -gt "$1" ]; do sleep 0.005; t=$((t + 1)); ((t < 12000)) || { echo "bench: links did not settle" >&2; return 1; }; done
}
# The kernel destroys a network namespace after its last user is gone, in a work queue that
# can run for seconds after 1,000 of them (an earlier run's, or an earlier phase's): waits
# until the live namespaces (/proc/slabinfo's net_namespace objects) are back to $1, so that
# this work does not land inside the next phase's timing. A fixed pause where slabinfo does
# not show them.
netns_alive() { awk '$1 == "net_namespace" { print $2; found = 1 } END { if (!found) print -1 }' /proc/slabinfo 2>/dev/null || echo -1; }
drain() {
  local target=$1 t
  if [ "$target" -lt 0 ]; then sleep 1; return; fi
  for ((t = 0; t < 200; t++)); do (( $(netns_alive) <= target )) && return; sleep 0.05; done
}
dnet() { "$DNET_BIN" "$@"; }
net_of() { echo "big$(( ($1 - 1) / PER_NET + 1 ))"; }   # container i (1-based) -> its network

load=$(cut -d' ' -f1-3 /proc/loadavg)
# The namespaces alive before this run (this sandbox's and the rest of the machine's), with
# some slack for other users of the machine; `drain` waits for no more than these (10 s at most).
idle_netns=$(netns_alive)
((idle_netns < 0)) || idle_netns=$((idle_netns + 8))

# ---- dnet --------------------------------------------------------------------------------
# The engine's first start (default bridge, store) and the networks are not part of the measure.
for ((k = 1; k <= NETS; k++)); do echo "network create --subnet 10.$((k - 1)).0.0/16 big$k"; done > "$work/nets.dnet"
dnet "$work/nets.dnet" >/dev/null
base_links=$(links)
drain "$idle_netns"

for ((i = 1; i <= N; i++)); do echo "run --net $(net_of "$i") --name c$i"; done > "$work/run.dnet"
# One statement removing all of them.
{ printf 'rm -f'; for ((i = 1; i <= N; i++)); do printf ' c%d' "$i"; done; echo; } > "$work/rm.dnet"

# Each `run` prints its id as a line as soon as it is done (stdout is flushed per command), so the
# time at which line i arrives is the time container i was ready.
declare -a at
lines=0
start=$(now)
while IFS= read -r _; do
  # Straight from the variable: a subshell per line (a fork, 0.6 ms here when idle, more under
  # load) took a core's time from dnet, and a reader slower than dnet makes it wait on the pipe.
  lines=$((lines + 1)); at[lines]=${EPOCHREALTIME/./}
done < <(/usr/bin/time -v -o "$work/time.txt" "$DNET_BIN" "$work/run.dnet")
end=$(now)
((lines == N)) || { echo "bench: dnet printed $lines lines, not $N" >&2; exit 1; }
at[0]=$start
dnet_build=$((end - start))
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")

# Checks: N namespaces, and the last container pings the first one of its network.
got=$(netns_count)
[ "$got" = "$N" ] || { echo "bench: expected $N namespaces, found $got" >&2; exit 1; }
first=$(( (N - 1) / PER_NET * PER_NET + 1 ))
first_ip=$(dnet -c "inspect -f \"{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}\" c$first")
if ip netns exec "c$N" ping -c1 -W1 -q "$first_ip" >/dev/null; then ping_ok="c$N -> c$first ($first_ip): ok"
else echo "bench: c$N cannot ping c$first ($first_ip)" >&2; exit 1; fi

# Cost per container in a window of 50 `run`s around container K (1-based), in microseconds.
window() {
  local k=$1 w=50 lo hi
  ((N >= w)) || w=$N
  lo=$((k - w / 2 + 1)); ((lo >= 1)) || lo=1; ((lo + w - 1 <= N)) || lo=$((N - w + 1))
  hi=$((lo + w - 1))
  echo "$(( (at[hi] - at[lo - 1]) / w )) $lo $hi"
}
read -r c100 lo100 hi100 < <(window 100)
K2=$(( N < 1000 ? N : 1000 ))
read -r c1000 lo1000 hi1000 < <(window "$K2")
# A 50-run window is at the mercy of a moment's noise on a shared machine; a least-squares
# line through every container's own cost (first chunk, as for the floor below) says the
# same with less of it: its value at the 100th and the K2-th container.
fit() {  # reads "i cost" lines; prints the fitted cost at $1 and at $2, in microseconds
  awk -v a="$1" -v b="$2" '{ n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
    END { m = (n * sxy - sx * sy) / (n * sxx - sx * sx); c = (sy - m * sx) / n
          printf "%d %d\n", c + m * a, c + m * b }'
}
read -r fit100 fit1000 < <(for ((i = 1; i <= K2; i++)); do echo "$i $((at[i] - at[i - 1]))"; done | fit 100 "$K2")
# The whole curve: ms per container in each tenth of the build (where a growth starts).
curve=""
for ((d = 1; d <= 10; d++)); do
  lo=$(( (d - 1) * N / 10 )) hi=$(( d * N / 10 ))
  ((hi > lo)) && curve+=$(awk -v us=$(( (at[hi] - at[lo]) / (hi - lo) )) 'BEGIN {printf " %.1f", us / 1000}')
done

start=$(now)
dnet "$work/rm.dnet" >/dev/null
mid=$(now)
settle "$base_links"
end=$(now)
dnet_rm=$((mid - start)) dnet_rm_settled=$((end - start))
[ "$(netns_count)" = 0 ] || { echo "bench: dnet left namespaces behind" >&2; exit 1; }
for ((k = 1; k <= NETS; k++)); do echo "network rm big$k"; done > "$work/nets-rm.dnet"
dnet "$work/nets-rm.dnet" >/dev/null
drain "$idle_netns"

# ---- peers (the shared bench's own scripts) ------------------------------------------------
# Chunk k builds its share on bridge bnch-br0 of its own "host" netns bnch-h<k> (one bridge holds
# at most 1023 ports), with container netns named <prefix><k>-c<i>. Chunks run one after another.
chunk_size() { local k=$1; (( k < NETS - 1 )) && echo $PER_NET || echo $((N - k * PER_NET)); }
in_host() { local k=$1; shift; nsenter --net="/run/netns/bnch-h$k" env BNCH_INNER=1 NOIPV6=1 "$@"; }
peer_setup() {
  for ((k = 0; k < NETS; k++)); do
    ip netns add "bnch-h$k"
    in_host "$k" sh -c 'ip link set lo up
      sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
      ip link add bnch-br0 type bridge forward_delay 0 stp_state 0
      ip addr add 198.18.0.1/16 dev bnch-br0
      ip link set bnch-br0 up'
  done
}
peer_counts() {  # containers built by a peer with prefix $1, across the chunks
  local total=0
  for ((k = 0; k < NETS; k++)); do total=$((total + $(ls /run/netns | grep -c "^$1$k-c" || true))); done
  echo "$total"
}
# peer NAME PREFIX BUILD-CMD... : sets peer_build / peer_rm / peer_rm_settled (microseconds)
peer() {
  local name=$1 pfx=$2 k t0 t1 t2; shift 2
  peer_setup
  t0=$(now)
  for ((k = 0; k < NETS; k++)); do in_host "$k" env PFX="$pfx$k" "$@" build "$(chunk_size "$k")" fused >"$work/$name-$k.log" 2>&1 \
    || { echo "bench: $name build failed:" >&2; cat "$work/$name-$k.log" >&2; exit 1; }; done
  t1=$(now)
  peer_build=$((t1 - t0))
  local got; got=$(peer_counts "$pfx")
  [ "$got" = "$N" ] || { echo "bench: $name built $got namespaces, not $N" >&2; exit 1; }
  t0=$(now)
  for ((k = 0; k < NETS; k++)); do in_host "$k" env PFX="$pfx$k" "$@" teardown "$(chunk_size "$k")" >>"$work/$name-$k.log" 2>&1; done
  t1=$(now)
  for ((k = 0; k < NETS; k++)); do in_host "$k" bash -c "$(declare -f links settle); settle 2"; done   # lo + bridge
  t2=$(now)
  peer_rm=$((t1 - t0)) peer_rm_settled=$((t2 - t0))
  [ "$(peer_counts "$pfx")" = 0 ] || { echo "bench: $name left namespaces behind" >&2; exit 1; }
  for ((k = 0; k < NETS; k++)); do ip netns del "bnch-h$k"; done
  drain "$idle_netns"
}

peer B3 bnch "$BENCH/b_batch.sh"
b3_build=$peer_build b3_rm=$peer_rm b3_rm_settled=$peer_rm_settled

fl_build="" fl_rm="" fl_rm_settled=""
# The floor's source gets one line, at the top of its per-container build loop, that prints when
# container i starts (STAMP i seconds): its own cost around the 100th and the 1000th container.
fl_c100="" fl_c1000="" fl_fit100="" fl_fit1000=""
if [ -d "$BENCH" ] && command -v cc >/dev/null && [ -f "$BENCH/nlfloor.c" ] \
   && sed '0,/^\tfor (int i = 0; i < N; i++) {$/s||&\n\t\tprintf("STAMP %d %.6f\\n", i, now()); fflush(stdout);|' "$BENCH/nlfloor.c" > "$work/nlfloor.c" \
   && grep -q STAMP "$work/nlfloor.c" \
   && cc -O2 -Wall -o "$work/nlfloor" "$work/nlfloor.c" $(pkg-config --cflags --libs libnl-3.0 libnl-route-3.0) 2>"$work/cc.log"; then
  peer floor nlfl "$work/nlfloor"
  fl_build=$peer_build fl_rm=$peer_rm fl_rm_settled=$peer_rm_settled
  # Cost per container over the same windows as dnet's, from the first chunk's stamps.
  read -r fl_c100 fl_c1000 < <(awk -v a="$lo100" -v b="$hi100" -v c="$lo1000" -v d="$hi1000" '
    $1 == "STAMP" { t[$2 + 1] = $3; last = $2 + 1 }   # container i+1 (1-based) starts at t
    END { if (d >= last) { d = last - 1; c = d - (b - a) }   # the first chunk holds at most 1000
          w1 = (t[b + 1] - t[a]) / (b + 1 - a); w2 = (t[d + 1] - t[c]) / (d + 1 - c)
          printf "%d %d\n", w1 * 1e6, w2 * 1e6 }' "$work/floor-0.log")
  read -r fl_fit100 fl_fit1000 < <(awk '$1 == "STAMP" { if (seen) print $2, int(($3 - prev) * 1e6); prev = $3; seen = 1 }' \
    "$work/floor-0.log" | fit 100 "$K2")
else
  echo "bench: libnl floor skipped (no $BENCH/nlfloor.c, cc or libnl-3-dev / libnl-route-3-dev)" >&2
fi

# ---- report --------------------------------------------------------------------------------
awk -v n="$N" -v nets="$NETS" -v db="$dnet_build" -v dr="$dnet_rm" -v drs="$dnet_rm_settled" \
    -v bb="$b3_build" -v br="$b3_rm" -v brs="$b3_rm_settled" \
    -v fb="$fl_build" -v fr="$fl_rm" -v frs="$fl_rm_settled" \
    -v c1="$c100" -v l1="$lo100" -v h1="$hi100" -v c2="$c1000" -v l2="$lo1000" -v h2="$hi1000" -v k2="$K2" \
    -v rss="$rss_kb" -v ping="$ping_ok" -v curve="$curve" -v load="$load" -v f1="$fl_c100" -v f2="$fl_c1000" \
    -v fit1="$fit100" -v fit2="$fit1000" -v ff1="$fl_fit100" -v ff2="$fl_fit1000" 'BEGIN {
  printf "containers: %d on %d network(s), IPv6 off in containers; dnet state on a tmpfs data root\n", n, nets
  printf "%-28s %10s %12s %14s %16s\n", "", "build", "ms/container", "teardown", "teardown settled"
  row("dnet (one process, script)", db, dr, drs)
  row("B3 ip -batch (shared bench)", bb, br, brs)
  if (fb != "") row("libnl floor (nlfloor fused)", fb, fr, frs)
  else printf "%-28s %10s\n", "libnl floor", "skipped"
  printf "\n"
  printf "dnet/B3 build %.2fx, teardown settled %.2fx\n", db / bb, drs / brs
  if (fb != "") printf "dnet/floor build %.2fx (target <= 3), teardown settled %.2fx (target <= 3)\n", db / fb, drs / frs
  printf "cost around the 100th container (runs %d-%d): %.2f ms\n", l1, h1, c1 / 1000
  printf "cost around the %dth container (runs %d-%d): %.2f ms\n", k2, l2, h2, c2 / 1000
  printf "dnet ms/container by tenths of the build:%s\n", curve
  printf "ratio %dth/100th: %.2f (target <= 1.2 at N=1000)\n", k2, c2 / c1
  if (f1 != "" && f1 > 0) printf "libnl floor around the same containers: %.2f ms, %.2f ms, ratio %.2f (the kernel'"'"'s own growth)\n", f1 / 1000, f2 / 1000, f2 / f1
  printf "least-squares line through each container'"'"'s cost, at the 100th and the %dth: dnet %.2f -> %.2f ms (ratio %.2f)", k2, fit1 / 1000, fit2 / 1000, fit2 / fit1
  if (ff1 != "" && ff1 > 0) printf ", libnl floor %.2f -> %.2f ms (ratio %.2f)", ff1 / 1000, ff2 / 1000, ff2 / ff1
  printf "\n"
  # The kernel'"'"'s own growth (the floor'"'"'s) taken out: what dnet adds per container, on the
  # same fitted lines, and how much the growth itself is, in ms per container.
  if (ff1 != "" && ff1 > 0) {
    printf "growth 100th -> %dth: dnet %+.2f ms, libnl floor %+.2f ms", k2, (fit2 - fit1) / 1000, (ff2 - ff1) / 1000
    if (fit1 > ff1 && fit2 > ff2)
      printf "; dnet above the floor %.2f -> %.2f ms (ratio %.2f)", (fit1 - ff1) / 1000, (fit2 - ff2) / 1000, (fit2 - ff2) / (fit1 - ff1)
    else printf "; the floor cost more than dnet at one end (a disturbed run): no ratio above it"
    printf "\n"
  }
  printf "dnet peak RSS: %.1f MiB (target < 64)\n", rss / 1024
  printf "check: %d namespaces; ping %s\n", n, ping
  printf "load average at start: %s (other work on the machine skews every figure)\n", load
}
function row(name, b, r, rs) {
  printf "%-28s %9.3fs %12.2f %13.3fs %15.3fs\n", name, b / 1e6, b / n / 1000, r / 1e6, rs / 1e6
}'
