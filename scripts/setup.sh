#!/usr/bin/env bash
# Installs what dnet needs on a fresh Debian machine (as root): the C libraries it links,
# and the programs its tests use. Does nothing for packages already installed.
set -euo pipefail
packages=(libedit-dev libnl-3-dev libnl-route-3-dev libnftables-dev libnftnl-dev libmnl-dev libsqlite3-dev libssl-dev pkg-config
          iproute2 iputils-ping nftables tmux busybox-static util-linux curl openssl python3
          dnsutils dnsmasq-base)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "setup: run as root to install: ${missing[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
command -v swift >/dev/null || { echo "setup: Swift 6.3 is needed (swift not on PATH)" >&2; exit 1; }
