#!/usr/bin/env bash
# Builds dnet and runs one example script inside a private sandbox namespace, so that a
# first try changes nothing on the host. Usage: scripts/try.sh [EXAMPLE.dnet]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product dnet && swift build -c release --product dnet-dns
example=${1:-examples/tour.dnet}
exec scripts/sandbox.sh "$(swift build -c release --show-bin-path)/dnet" "$example"
