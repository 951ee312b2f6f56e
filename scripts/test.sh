#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test. Root tests
# run inside a private network and mount namespace (scripts/sandbox.sh), never on the host.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
if [ "$(id -u)" = 0 ]; then
  exec scripts/sandbox.sh env DNET_TEST_SANDBOX=1 swift test --skip-build "$@"
else
  echo "test: not root: kernel tests will be skipped" >&2
  exec swift test --skip-build "$@"
fi
