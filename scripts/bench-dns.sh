#!/usr/bin/env bash
# Embedded DNS against dnsmasq, same run, same names: queries per second and latency
# percentiles from 10 clients at once, each keeping WINDOW queries in flight for SECONDS.
#   dnet-dns: one resident process; each client sits in a network namespace of its own (a
#             "container") and asks 127.0.0.11:53 there, which dnet's rules rewrite to the
#             port of the sockets dnet-dns holds in it (and back).
#   dnsmasq:  the same names in a hosts file (--no-resolv, nothing forwarded), asked on
#             127.0.0.1:53 by 10 clients in the sandbox's own namespace (loopback both ways).
# Every query is answered locally (names of containers on the client's network, mixed with
# aliases, short ids and name.network). The load generator is a small C program built here.
# Each run prints rate, latency percentiles and the server's own CPU time per query (user +
# system, from /proc), with the load average at the start (the machine may be shared).
# Target: dnet-dns >= 0.8x dnsmasq's rate, p99 < 2 ms. Runs inside scripts/sandbox.sh.
# DNET_DNS_BIN=path skips the release build. Usage: scripts/bench-dns.sh [SECONDS] [WINDOW]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-5}
WINDOW=${2:-1}
CLIENTS=10
if [ "${DNET_IN_SANDBOX:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "bench-dns: needs root (network namespaces)" >&2; exit 2; }
  command -v dnsmasq >/dev/null || { echo "bench-dns: needs dnsmasq (apt-get install dnsmasq-base)" >&2; exit 2; }
  command -v cc >/dev/null || { echo "bench-dns: needs a C compiler (cc)" >&2; exit 2; }
  if [ -z "${DNET_DNS_BIN:-}" ]; then
    swift build -c release --product dnet-dns >/dev/null
    DNET_DNS_BIN=$(swift build -c release --show-bin-path)/dnet-dns
  fi
  exec env DNET_DNS_BIN="$DNET_DNS_BIN" scripts/sandbox.sh "$0" "$@"
fi

work=$(mktemp -d)
mount -t tmpfs tmpfs "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for i in $(seq 0 $((CLIENTS - 1))); do ip netns del "bdns$i" 2>/dev/null || true; done
  umount "$work" 2>/dev/null || true
  rmdir "$work" 2>/dev/null || true
}
trap cleanup EXIT

cat > "$work/dnsbench.c" <<'C'
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e6 + t.tv_nsec / 1e3; }
static void die(const char *what) { perror(what); exit(1); }

/* feed CONTROL_SOCKET TABLE_FILE ID=NETNS_PATH...: the table, then the sockets of each namespace. */
/* As dnet does: bound to 127.0.0.11 at a port of their own (printed), which nftables rules
   in the namespace rewrite 127.0.0.11:53 to (see below). */
struct job { const char *path; int udp, tcp, port; };
static void *open_in_ns(void *arg) {
  struct job *j = arg;
  int ns = open(j->path, O_RDONLY);
  if (ns < 0 || setns(ns, CLONE_NEWNET) < 0) die("setns");
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
  inet_pton(AF_INET, "127.0.0.11", &sa.sin_addr);
  int one = 1;
  socklen_t len = sizeof sa;
  j->udp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  j->tcp = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  setsockopt(j->tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(j->udp, (void *)&sa, sizeof sa) < 0 || getsockname(j->udp, (void *)&sa, &len) < 0) die("bind");
  if (bind(j->tcp, (void *)&sa, sizeof sa) < 0 || listen(j->tcp, 64) < 0) die("bind");
  j->port = ntohs(sa.sin_port);
  return NULL;
}
static void frame(int fd, const char *body, size_t len, int *fds, int nfds) {
  char *buf = malloc(len + 4);
  buf[0] = len >> 24; buf[1] = len >> 16; buf[2] = len >> 8; buf[3] = len;
  memcpy(buf + 4, body, len);
  struct iovec iov = { buf, len + 4 };
  char control[CMSG_SPACE(sizeof(int) * 2)];
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
  if (nfds) {
    msg.msg_control = control; msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_RIGHTS; c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
    memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
  }
  if (sendmsg(fd, &msg, 0) != (ssize_t)(len + 4)) die("sendmsg");
  free(buf);
  unsigned char head[4];
  if (recv(fd, head, 4, MSG_WAITALL) != 4) die("recv");
  size_t n = (size_t)head[0] << 24 | head[1] << 16 | head[2] << 8 | head[3];
  char *reply = calloc(1, n + 1);
  if (recv(fd, reply, n, MSG_WAITALL) != (ssize_t)n) die("recv");
  if (strncmp(reply, "ok", 2) != 0) { fprintf(stderr, "dnet-dns: %s\n", reply); exit(1); }
  free(reply);
}
static int feed(int argc, char **argv) {
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un su = { .sun_family = AF_UNIX };
  strncpy(su.sun_path, argv[2], sizeof su.sun_path - 1);
  if (connect(fd, (void *)&su, sizeof su) < 0) die("connect");
  FILE *f = fopen(argv[3], "r");
  static char table[1 << 20];
  size_t len = fread(table, 1, sizeof table, f);
  fclose(f);
  frame(fd, table, len, NULL, 0);
  for (int i = 4; i < argc; i++) {
    char *eq = strchr(argv[i], '=');
    *eq = 0;
    struct job j = { .path = eq + 1 };
    pthread_t t; pthread_create(&t, NULL, open_in_ns, &j); pthread_join(t, NULL);
    char line[256]; snprintf(line, sizeof line, "sockets\t%s", argv[i]);
    int fds[2] = { j.udp, j.tcp };
    frame(fd, line, strlen(line), fds, 2);
    close(j.udp); close(j.tcp);
    printf("%s %d\n", j.path, j.port);
  }
  return 0;
}

/* load SERVER SECONDS WINDOW NAME...: prints "count lost" then "usec count" histogram lines. */
#define BUCKETS 100000
static int load(int argc, char **argv) {
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(53) };
  inet_pton(AF_INET, argv[2], &sa.sin_addr);
  double seconds = atof(argv[3]);
  int window = atoi(argv[4]);
  int names = argc - 5;
  unsigned char queries[64][300]; int qlen[64];
  for (int n = 0; n < names && n < 64; n++) {
    unsigned char *p = queries[n];
    memset(p, 0, 12); p[2] = 1; p[5] = 1;
    int o = 12;
    char copy[256]; strncpy(copy, argv[5 + n], 255); copy[255] = 0;
    for (char *label = strtok(copy, "."); label; label = strtok(NULL, ".")) {
      p[o++] = strlen(label); memcpy(p + o, label, strlen(label)); o += strlen(label);
    }
    p[o++] = 0; p[o++] = 0; p[o++] = 1; p[o++] = 0; p[o++] = 1;
    qlen[n] = o;
  }
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (connect(fd, (void *)&sa, sizeof sa) < 0) die("connect");
  struct timeval tv = { 0, 20000 };
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  static unsigned long hist[BUCKETS];
  static double sent_at[65536];
  static unsigned char pending[65536];
  unsigned long count = 0, lost = 0, bad = 0;
  unsigned id = 0, next = 0;
  int inflight = 0;
  double start = now_us(), end = start + seconds * 1e6;
  unsigned char buf[1500];
  while (1) {
    double t = now_us();
    if (t >= end) break;
    while (inflight < window) {
      int n = next++ % names;
      id = (id + 1) & 0xFFFF;
      if (pending[id]) { pending[id] = 0; inflight--; lost++; }
      queries[n][0] = id >> 8; queries[n][1] = id & 0xFF;
      sent_at[id] = now_us(); pending[id] = 1; inflight++;
      send(fd, queries[n], qlen[n], 0);
    }
    ssize_t r = recv(fd, buf, sizeof buf, 0);
    t = now_us();
    if (r < 0) {
      /* Nothing for 20 ms: count what is older than a second as lost and send afresh. */
      for (int i = 0; i < 65536; i++) if (pending[i] && t - sent_at[i] > 1e6) { pending[i] = 0; inflight--; lost++; }
      continue;
    }
    if (r < 12) { bad++; continue; }
    unsigned rid = buf[0] << 8 | buf[1];
    if (!pending[rid]) continue;
    pending[rid] = 0; inflight--;
    if ((buf[3] & 0xF) != 0 || (buf[6] << 8 | buf[7]) == 0) bad++;
    unsigned long us = (unsigned long)(t - sent_at[rid]);
    hist[us < BUCKETS ? us : BUCKETS - 1]++;
    count++;
  }
  printf("%lu %lu %lu %.3f\n", count, lost, bad, (now_us() - start) / 1e6);
  for (int i = 0; i < BUCKETS; i++) if (hist[i]) printf("%d %lu\n", i, hist[i]);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 4 && strcmp(argv[1], "feed") == 0) return feed(argc, argv);
  if (argc > 5 && strcmp(argv[1], "load") == 0) return load(argc, argv);
  fprintf(stderr, "usage: dnsbench feed SOCKET TABLE ID=NS... | load SERVER SECONDS WINDOW NAME...\n");
  return 2;
}
C
cc -O2 -o "$work/dnsbench" "$work/dnsbench.c" -lpthread

# Ten containers on one network, each with an alias; three share "web".
table="$work/table"
echo "table" > "$table"
echo -n > "$work/hosts"
args=()
for i in $(seq 0 $((CLIENTS - 1))); do
  id=$(printf 'b%063x' "$i")
  alias=$([ "$i" -lt 3 ] && echo web || echo "svc$i")
  printf 'container\t%s\tctr%d\nendpoint\tbench\t10.99.0.%d\t-\t%s\n' "$id" "$i" $((i + 2)) "$alias" >> "$table"
  printf '10.99.0.%d ctr%d ctr%d.bench %s %s.bench %s %s.bench\n' $((i + 2)) "$i" "$i" "${id:0:12}" "${id:0:12}" "$alias" "$alias" >> "$work/hosts"
  ip netns add "bdns$i"
  ip -n "bdns$i" link set lo up
  args+=("$id=/run/netns/bdns$i")
done
names=(ctr1 ctr2.bench web svc5 CTR7 "$(printf 'b%063x' 3 | cut -c1-12)" ctr9 svc4.bench)

mkdir -p "$work/state"
"$DNET_DNS_BIN" --state-dir "$work/state" > "$work/ready" 2> "$work/dnet-dns.log" &
pids+=($!)
dnspid=$!
for _ in $(seq 100); do grep -q ready "$work/ready" 2>/dev/null && break; sleep 0.05; done
"$work/dnsbench" feed "$work/state/control.sock" "$table" "${args[@]}" > "$work/ports"
# dnet's redirect (Sources/CDNS/PortRedirect.c): in each namespace, one base chain per served
# address rewrites 127.0.0.11:53 to the sockets' port and back, without connection tracking.
while read -r path port; do
  nsenter --net="$path" nft -f - <<NFT
add table ip dnet_dns
add chain ip dnet_dns to_127_0_0_11 { type filter hook output priority raw; policy accept; }
add rule ip dnet_dns to_127_0_0_11 ip daddr 127.0.0.11 udp dport 53 notrack udp dport set $port
add rule ip dnet_dns to_127_0_0_11 ip saddr 127.0.0.11 udp sport $port notrack udp sport set 53
add rule ip dnet_dns to_127_0_0_11 ip daddr 127.0.0.11 tcp dport 53 notrack tcp dport set $port
add rule ip dnet_dns to_127_0_0_11 ip saddr 127.0.0.11 tcp sport $port notrack tcp sport set 53
NFT
done < "$work/ports"

dnsmasq --no-resolv --no-hosts --addn-hosts="$work/hosts" --listen-address=127.0.0.1 --bind-interfaces \
  --user=root --pid-file="$work/dnsmasq.pid" --log-facility=/dev/null --conf-file=/dev/null --cache-size=1000
for _ in $(seq 100); do [ -s "$work/dnsmasq.pid" ] && break; sleep 0.05; done
pids+=("$(cat "$work/dnsmasq.pid")")

report() {  # NAME SERVER_USER_TICKS SERVER_SYSTEM_TICKS FILES...: sums the clients' counts and histograms
  python3 - "$@" <<'PY'
import os, sys
name, user, system, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
count = lost = bad = 0; secs = 0.0; hist = {}
for path in files:
    lines = open(path).read().split("\n")
    c, l, b, s = lines[0].split()
    count += int(c); lost += int(l); bad += int(b); secs = max(secs, float(s))
    for line in lines[1:]:
        if line:
            us, n = map(int, line.split()); hist[us] = hist.get(us, 0) + n
def pct(p):
    target, seen = count * p, 0
    for us in sorted(hist):
        seen += hist[us]
        if seen >= target: return us / 1000
    return float("nan")
qps = count / secs
per_query = lambda ticks: ticks / os.sysconf("SC_CLK_TCK") / max(count, 1) * 1e6
print(f"{name:9s} {qps:10.0f} q/s   p50 {pct(.5):.3f}  p90 {pct(.9):.3f}  p99 {pct(.99):.3f}  p99.9 {pct(.999):.3f} ms"
      f"   server CPU {per_query(user + system):.1f} us/query ({per_query(user):.1f} user)   lost {lost}   bad {bad}")
print(f"{qps} {pct(.99)}", file=open(f"/dev/fd/3", "w"))
PY
}

cpu_ticks() {  # PID: the user and system clock ticks the process has used
  awk '{ sub(/.*\) /, ""); print $12, $13 }' "/proc/$1/stat"
}

run_clients() {  # LABEL SERVER IN_NAMESPACES SERVER_PID
  local label=$1 server=$2 inns=$3 spid=$4 files=()
  local cpids=() before after
  read -ra before <<< "$(cpu_ticks "$spid")"
  for i in $(seq 0 $((CLIENTS - 1))); do
    if [ "$inns" = 1 ]; then
      ip netns exec "bdns$i" "$work/dnsbench" load "$server" "$SECONDS_RUN" "$WINDOW" "${names[@]}" > "$work/$label.$i" &
    else
      "$work/dnsbench" load "$server" "$SECONDS_RUN" "$WINDOW" "${names[@]}" > "$work/$label.$i" &
    fi
    cpids+=($!)
    files+=("$work/$label.$i")
  done
  wait "${cpids[@]}"
  read -ra after <<< "$(cpu_ticks "$spid")"
  report "$label" $((after[0] - before[0])) $((after[1] - before[1])) "${files[@]}" 3> "$work/$label.summary"
}

echo "bench-dns: $CLIENTS clients x $WINDOW in flight, ${SECONDS_RUN}s each, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Warm both up, then measure: dnsmasq, dnet-dns, and dnsmasq again (the machine is shared).
"$work/dnsbench" load 127.0.0.1 0.5 4 ctr1 > /dev/null
ip netns exec bdns0 "$work/dnsbench" load 127.0.0.11 0.5 4 ctr1 > /dev/null
masqpid=$(cat "$work/dnsmasq.pid")
run_clients dnsmasq 127.0.0.1 0 "$masqpid"
run_clients dnet-dns 127.0.0.11 1 "$dnspid"
run_clients dnsmasq2 127.0.0.1 0 "$masqpid"
rss=$(awk '/VmRSS/ {print $2}' /proc/$dnspid/status)
python3 - "$work" "$rss" <<'PY'
import sys
work, rss = sys.argv[1], int(sys.argv[2])
read = lambda n: list(map(float, open(f"{work}/{n}.summary").read().split()))
mine, a, b = read("dnet-dns"), read("dnsmasq"), read("dnsmasq2")
ref = (a[0] + b[0]) / 2
print(f"dnet-dns / dnsmasq = {mine[0] / ref:.2f}x (target >= 0.8), dnet-dns p99 {mine[1]:.3f} ms (target < 2), dnet-dns RSS {rss / 1024:.1f} MiB")
PY
