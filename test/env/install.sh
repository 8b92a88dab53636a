#!/usr/bin/env bash
# Installs what the test environment needs from Debian's archive (root required):
# docker.io, docker-cli, docker-buildx and the docker-compose plugin from Debian 13 "trixie" (pinned low so nothing
# else comes from it), QEMU user emulation for linux/arm64, busybox-static for both
# architectures, and the distribution registry. Idempotent: a second run is quick.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
stamp="$here/.work/install.done"
if [ -f "$stamp" ] && command -v dockerd >/dev/null && command -v docker-registry >/dev/null \
   && [ -x /usr/libexec/docker/cli-plugins/docker-buildx ] && [ -x /usr/libexec/docker/cli-plugins/docker-compose ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then echo "install.sh: must run as root (apt-get)" >&2; exit 1; fi
mkdir -p "$here/.work"
export DEBIAN_FRONTEND=noninteractive

src=/etc/apt/sources.list.d/debian.sources
if [ ! -f /etc/apt/sources.list.d/trixie.sources ]; then
  # Same mirror and key as the existing bookworm entry: read it, never hard-code it.
  uris=$(awk '/^URIs:/{print $2; exit}' "$src")
  key=$(awk '/^Signed-By:/{print $2; exit}' "$src")
  if [ -z "$uris" ]; then echo "install.sh: no URIs: line in $src" >&2; exit 1; fi
  printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: %s\n' "$uris" "${key:-/usr/share/keyrings/debian-archive-keyring.gpg}" \
    > /etc/apt/sources.list.d/trixie.sources
  printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie-low
fi
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
apt-get update -qq
# docker-compose: trixie's 2.26 CLI plugin (a static binary, no other package from trixie).
apt-get install -y -qq -t trixie docker.io docker-cli docker-buildx docker-compose >/dev/null
apt-get install -y -qq qemu-user-static binfmt-support busybox-static docker-registry zstd >/dev/null
# The arm64 busybox is only unpacked, never installed.
mkdir -p "$here/.work/debs"
if ! ls "$here/.work/debs"/busybox-static_*_arm64.deb >/dev/null 2>&1; then
  (cd "$here/.work/debs" && apt-get download -qq busybox-static:arm64)
fi
touch "$stamp"
