#!/usr/bin/env bash
# Runs a command in a private network and mount namespace, with private tmpfs over the
# places dnet writes (/run/netns, /etc/netns, /var/lib/dnet), so nothing reaches the host.
# Usage: scripts/sandbox.sh COMMAND [ARGS...]
set -euo pipefail
if [ "${DNET_IN_SANDBOX:-}" != 1 ]; then
  exec unshare --net --mount --propagation private env DNET_IN_SANDBOX=1 "$0" "$@"
fi
for dir in /run/netns /etc/netns /var/lib/dnet /run/dnet; do
  mkdir -p "$dir"
  mount -t tmpfs -o mode=755 tmpfs "$dir"
done
ip link set lo up
exec "$@"
