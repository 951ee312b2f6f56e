#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test. Root tests
# run inside a private network, mount and PID namespace (scripts/sandbox.sh), never on the host.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
if [ "$(id -u)" = 0 ]; then
  # One test at a time: root tests share the sandbox's network namespace, and dnet allows
  # one data root per namespace (an engine's start removes links marked by another).
  exec scripts/sandbox.sh env DNET_TEST_SANDBOX=1 swift test --skip-build --no-parallel "$@"
else
  echo "test: not root: kernel tests will be skipped" >&2
  exec swift test --skip-build "$@"
fi
