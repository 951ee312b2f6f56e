#!/usr/bin/env bash
# Runs a command in a private network, mount and PID namespace, with private tmpfs over the
# places dnet writes (/run/netns, /etc/netns, /var/lib/dnet, /run/dnet), so nothing reaches
# the host. The PID namespace makes sure nothing outlives the sandbox either: the embedded
# DNS server that dnet starts detaches from it, and would otherwise keep running, holding
# the sandbox's namespaces alive; the kernel kills it when this script ends.
# Usage: scripts/sandbox.sh COMMAND [ARGS...]
set -euo pipefail
if [ "${DNET_IN_SANDBOX:-}" != 1 ]; then
  # The root tests check that they run elsewhere than here.
  host_netns=$(readlink /proc/self/ns/net)
  exec unshare --net --mount --pid --fork --mount-proc --propagation private \
    env DNET_IN_SANDBOX=1 DNET_HOST_NETNS="$host_netns" "$0" "$@"
fi
for dir in /run/netns /etc/netns /var/lib/dnet /run/dnet; do
  mkdir -p "$dir"
  mount -t tmpfs -o mode=755 tmpfs "$dir"
done
ip link set lo up
# Not exec: this shell is the namespace's PID 1 and reaps the detached processes it adopts.
status=0
"$@" || status=$?
exit "$status"
