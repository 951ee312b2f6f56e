#!/usr/bin/env bash
# Daemon speed: requests per second for `GET /networks` with 100 networks, and `network
# create`+`rm` round trips, through the docker CLI and through plain HTTP, against dnet's
# daemon and (when dockerd is installed, or DNET_BENCH_INSTALL_DOCKER=1 installs Debian's
# docker.io) a real Docker engine in the same run. Everything runs inside scripts/sandbox.sh.
# Usage: scripts/bench-daemon.sh [N]   (N requests per HTTP measurement, default 200)
# DNET_BIN names a dnet binary; by default a release build is made.
set -euo pipefail
N=${1:-200}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ "${DNET_IN_SANDBOX:-}" != 1 ]; then
  if [ -z "${DNET_BIN:-}" ]; then
    (cd "$ROOT" && swift build -c release --product dnet >&2 && swift build -c release --product dnet-dns >&2)
    DNET_BIN="$ROOT/.build/release/dnet"
  fi
  if ! command -v dockerd >/dev/null && [ "${DNET_BENCH_INSTALL_DOCKER:-}" = 1 ]; then
    apt-get install -y docker.io >&2
  fi
  export DNET_BIN
  exec "$ROOT/scripts/sandbox.sh" "$0" "$@"
fi

WORK=$(mktemp -d /tmp/dnet-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  ip link del dnet0 2>/dev/null || true
  umount -R /sys/fs/cgroup 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export DOCKER_CONFIG="$WORK/docker-config"

wait_for() {
  for _ in $(seq 1 300); do
    curl -s -m 1 --unix-socket "$1" http://x/_ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "no answer on $1" >&2
  return 1
}

echo '{}' > "$WORK/daemon.json"
"$DNET_BIN" daemon --config-file "$WORK/daemon.json" --data-root "$WORK/dnet-data" -H "unix://$WORK/dnet.sock" \
  > "$WORK/dnet.log" 2>&1 &
PIDS+=($!)
wait_for "$WORK/dnet.sock"
SOCKETS=("dnet=$WORK/dnet.sock")

if command -v dockerd >/dev/null; then
  # Docker's engine in a network namespace of its own, as on a host of its own: in dnet's,
  # Docker's DOCKER-USER chain would make every dnet network create and rm also list and edit
  # that chain (see README). DNET_BENCH_DOCKER_NETNS=shared puts both in one namespace.
  # dockerd needs the cgroup hierarchies.
  mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
  for c in cpu cpuacct cpuset memory devices freezer blkio pids; do
    mkdir -p /sys/fs/cgroup/$c && mount -t cgroup -o $c cgroup /sys/fs/cgroup/$c 2>/dev/null || true
  done
  mkdir -p /sys/fs/cgroup/systemd && mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd 2>/dev/null || true
  NETNS=(unshare --net)
  [ "${DNET_BENCH_DOCKER_NETNS:-}" = shared ] && NETNS=()
  "${NETNS[@]}" dockerd --data-root "$WORK/docker-data" --exec-root "$WORK/docker-exec" -H "unix://$WORK/docker.sock" \
    --pidfile "$WORK/docker.pid" > "$WORK/docker.log" 2>&1 &
  PIDS+=($!)
  if wait_for "$WORK/docker.sock"; then SOCKETS+=("docker=$WORK/docker.sock"); fi
else
  echo "(dockerd is not installed: dnet only; DNET_BENCH_INSTALL_DOCKER=1 installs docker.io)" >&2
fi

# The machine is shared: the load average says how far the figures can be trusted.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$N" "${SOCKETS[@]}" <<'PY'
import json, socket, statistics, subprocess, sys, time

n = int(sys.argv[1])
engines = [arg.split("=", 1) for arg in sys.argv[2:]]

class Client:
    """HTTP/1.1 over a unix socket, one kept-alive connection."""
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buffer = b""
    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else b""
        head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        self.sock.sendall(head.encode() + data)
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(65536)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding") == "chunked":
            payload = b""
            while True:
                while b"\r\n" not in self.buffer:
                    self.buffer += self.sock.recv(65536)
                size_line, self.buffer = self.buffer.split(b"\r\n", 1)
                size = int(size_line.split(b";")[0], 16)
                while len(self.buffer) < size + 2:
                    self.buffer += self.sock.recv(65536)
                payload += self.buffer[:size]
                self.buffer = self.buffer[size + 2:]
                if size == 0:
                    return status, payload
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            self.buffer += self.sock.recv(65536)
        payload, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, payload

def timed(count, action):
    samples = []
    for i in range(count):
        t0 = time.perf_counter()
        action(i)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000, count / sum(samples)

def cli(sock, *args):
    result = subprocess.run(["docker", "-H", "unix://" + sock, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"docker {' '.join(args)}: {result.stderr}")

rows = []
splits = []
for name, sock in engines:
    client = Client(sock)
    for i in range(100):
        status, payload = client.request("POST", "/v1.41/networks/create",
                                         {"Name": f"bench{i}", "IPAM": {"Config": [{"Subnet": f"10.50.{i}.0/24"}]}})
        assert status == 201, payload
    def ls(i):
        status, payload = client.request("GET", "/v1.41/networks")
        assert status == 200 and len(json.loads(payload)) == 103, payload[:200]
    parts = {"create": [], "rm": []}
    def create_rm(i):
        t0 = time.perf_counter()
        status, payload = client.request("POST", "/v1.41/networks/create", {"Name": f"rt{i}"})
        assert status == 201, payload
        t1 = time.perf_counter()
        status, payload = client.request("DELETE", f"/v1.41/networks/rt{i}")
        assert status == 204, payload
        parts["create"].append(t1 - t0)
        parts["rm"].append(time.perf_counter() - t1)
    http_ls = timed(n, ls)
    http_rt = timed(max(n // 4, 10), create_rm)
    cli_n = max(n // 10, 10)
    cli_ls = timed(cli_n, lambda i: cli(sock, "network", "ls", "-q"))
    cli_rt = timed(cli_n, lambda i: (cli(sock, "network", "create", f"c{i}"), cli(sock, "network", "rm", f"c{i}")))
    for i in range(100):
        client.request("DELETE", f"/v1.41/networks/bench{i}")
    rows.append((name, http_ls, http_rt, cli_ls, cli_rt))
    # rm is mostly the kernel deleting the bridge (about 30 ms here, for `ip link del` too).
    splits.append((name, statistics.median(parts["create"]) * 1000, statistics.median(parts["rm"]) * 1000))

print(f"{'engine':8} {'HTTP GET /networks':>24} {'HTTP create+rm':>22} {'CLI network ls':>22} {'CLI create+rm':>22}")
for name, *cells in rows:
    print(f"{name:8} " + " ".join(f"{ms:9.2f} ms {rate:7.1f}/s" for ms, rate in cells))
if len(rows) == 2:
    d, k = rows[0], rows[1]
    print(f"docker CLI create+rm: dnet is {k[4][0] / d[4][0]:.1f}x faster than Docker's daemon"
          f" (median {d[4][0]:.1f} ms vs {k[4][0]:.1f} ms)")
for name, create_ms, rm_ms in splits:
    print(f"{name}: HTTP create {create_ms:.2f} ms, HTTP rm {rm_ms:.2f} ms (medians)")
print(f"dnet's own time per request over HTTP: GET /networks {rows[0][1][0]:.2f} ms, create+rm {rows[0][2][0]:.2f} ms (medians)")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
