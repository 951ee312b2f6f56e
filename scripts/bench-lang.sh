#!/usr/bin/env bash
# The same loop in dnet, python3 and bash, in one run: N iterations (default 1,000,000) of
# integer arithmetic, a comparison, an assignment and a string interpolation.
# Prints each time, the ratios, and dnet's start-up time (`dnet -c 'echo hi'`, median of 50).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
swift build -c release --product dnet >/dev/null
DNET=$(swift build -c release --show-bin-path)/dnet
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

cat > "$work/loop.dnet" <<DNET
let total = 0
let s = ""
for i in 1..$N {
  total = total + i * 3 % 7
  if total > 1000 { total = total - 1000 }
  s = "item-\$i"
}
echo \$total \$s
DNET
cat > "$work/loop.py" <<PY
total = 0
s = ""
for i in range(1, $N + 1):
    total = total + i * 3 % 7
    if total > 1000:
        total = total - 1000
    s = f"item-{i}"
print(total, s)
PY
cat > "$work/loop.sh" <<'SH'
total=0
s=""
for ((i = 1; i <= N; i++)); do
  total=$((total + i * 3 % 7))
  if ((total > 1000)); then total=$((total - 1000)); fi
  s="item-$i"
done
echo "$total $s"
SH

python3 - "$DNET" "$work" "$N" <<'PY'
import os, statistics, subprocess, sys, time
dnet, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
runs = {
    "dnet": [dnet, f"{work}/loop.dnet"],
    "python3": ["python3", f"{work}/loop.py"],
    "bash": ["bash", f"{work}/loop.sh"],
}
best, results = {}, {}
for name, cmd in runs.items():
    times = []
    for _ in range(3):
        start = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, env={**os.environ, "N": str(n)})
        times.append(time.perf_counter() - start)
    best[name], results[name] = min(times), out.stdout.strip()
if len(set(results.values())) != 1:
    sys.exit(f"results differ: {results}")
print(f"loop of {n} iterations (best of 3), result {results['dnet']!r}")
for name in runs:
    print(f"  {name:8} {best[name]:8.3f} s")
print(f"  dnet/python3 = {best['dnet'] / best['python3']:.2f} (target <= 1.5)   dnet/bash = {best['dnet'] / best['bash']:.3f}")
samples = []
for _ in range(50):
    start = time.perf_counter()
    subprocess.run([dnet, "-c", "echo hi"], stdout=subprocess.DEVNULL, check=True)
    samples.append(time.perf_counter() - start)
print(f"startup: dnet -c 'echo hi' median {statistics.median(samples) * 1000:.1f} ms (target < 20 ms)")
PY
