#!/usr/bin/env bash
# Loads the real BuildKit image (moby/buildkit:buildx-stable-1, made by make-buildkit-image.sh) into
# the test daemon ($DOCKER_HOST), unless the daemon already has the same build of it. Waits for the
# background build .ci/run started (BKH_IMAGE_JOB, see image-early.sh), else runs the build itself
# (at once when cached). Nothing is pulled: buildx's docker-container driver uses this local image
# when its pull fails. Prints how long the load took.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${DOCKER_HOST:?source the test environment first (test/env/up.sh, then env.sh)}"
log() { printf '[buildkit-image] %s\n' "$*" >&2; }
TAG=moby/buildkit:buildx-stable-1
LABEL=org.buildkit-healer.docker-io-source

if [ -n "${BKH_IMAGE_JOB:-}" ]; then
  job="$BKH_IMAGE_JOB"
  waited=0
  while [ ! -f "$job/status" ]; do
    if [ $((waited % 60)) = 0 ]; then log "waiting for the image build started earlier ($job/log)"; fi
    sleep 2
    waited=$((waited + 2))
    if [ "$waited" -gt 3600 ]; then log "the image build did not end within an hour"; exit 1; fi
  done
  cat "$job/log" >&2
  if [ "$(cat "$job/status")" != 0 ]; then log "the image build failed (exit $(cat "$job/status"))"; exit 1; fi
  tarball="$(tail -1 "$job/out")"
else
  tarball="$(bash "$here/make-buildkit-image.sh" | tail -1)"
fi
[ -s "$tarball" ] || { log "no image tarball at '$tarball'"; exit 1; }

cfg="$(tar -xOf "$tarball" manifest.json | grep -o '"Config":"[^"]*"' | cut -d'"' -f4)"
want="$(tar -xOf "$tarball" "$cfg" | grep -o "\"$LABEL\":\"[^\"]*\"" | cut -d'"' -f4)"
have="$(timeout 30 docker image inspect --format "{{index .Config.Labels \"$LABEL\"}}" "$TAG" 2>/dev/null || true)"
if [ -n "$want" ] && [ "$have" = "$want" ]; then
  log "$TAG (docker.io $want) already in the test daemon"
  exit 0
fi
start=$(date +%s%N)
timeout 600 docker load -q -i "$tarball" >&2
ms=$((($(date +%s%N) - start) / 1000000))
log "loaded $TAG (docker.io $want) from $tarball in ${ms} ms"
