#!/usr/bin/env bash
# Makes a REAL BuildKit image for docker-container builders, from Debian's archive alone (no image
# registry can be reached here): BuildKit as Debian ships it inside its `docker.io` source package
# (trixie; the engine pins BuildKit v0.13.2), compiled to static `buildkitd` and `buildctl`, on a
# minimal Debian root file system with `runc`. The result is a `docker save`-format tarball whose
# image is tagged moby/buildkit:buildx-stable-1, the image buildx's docker-container driver falls
# back to when its pull fails. test/env/load-buildkit-image.sh loads it into the test daemon.
#
# Built once per machine and cached outside the clone, in $BKH_IMAGE_CACHE (default
# /var/cache/buildkit-healer), keyed by the version of the `docker.io` source package: later runs
# print the cached tarball's path at once. A lock (flock) makes a second run wait for the first
# instead of building again. Needs no docker daemon, so it can start before anything else.
#
# Nothing is installed on the host: a private apt state (only trixie, an empty dpkg status) downloads
# the sources, Go 1.24, the Go libraries and debootstrap; each .deb is unpacked into a private
# sysroot (installing them with `apt-get install -t trixie` on bookworm would upgrade libc6 and more).
# Network: Debian's archive only (the mirror of /etc/apt/sources.list.d/debian.sources).
#
# Usage (root): bash test/env/make-buildkit-image.sh   -> last line of stdout: the tarball's path
# Env: BKH_IMAGE_CACHE (cache dir), BKH_IMAGE_NICE (default "nice -n 10"), MIRROR (Debian archive URI).
set -euo pipefail
C="${BKH_IMAGE_CACHE:-/var/cache/buildkit-healer}"
TAG="moby/buildkit:buildx-stable-1"
BK_VERSION=v0.13.2 # engine/vendor.mod of docker 26.1.5 pins buildkit v0.13.2
NICE="${BKH_IMAGE_NICE:-nice -n 10}"
MIRROR="${MIRROR:-$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}"
log() { printf '[buildkit-image] %s\n' "$*" >&2; }
[ -n "$MIRROR" ] || { log "no Debian archive URI: set MIRROR"; exit 2; }
[ "$(id -u)" = 0 ] || { log "must run as root (debootstrap, chroot)"; exit 2; }
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

mkdir -p "$C"
exec 9> "$C/lock"
if ! flock -n 9; then
  log "another run holds $C/lock: waiting for it"
  flock -w 3600 9 || { log "gave up waiting for $C/lock"; exit 1; }
fi

W="$C/work"
S="$W/apt" # private apt state: knows trixie only; the system's apt state is never touched
SYS="$W/sysroot"
mkdir -p "$S/lists/partial" "$S/cache/archives/partial" "$S/debs" "$S/prefs.d"
touch "$S/status"
printf 'deb [arch=amd64] %s trixie main\ndeb-src %s trixie main\n' "$MIRROR" "$MIRROR" > "$S/sources.list"
APTO=(-o "Dir::Etc::sourcelist=$S/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::Etc::preferences=$S/prefs" -o "Dir::Etc::preferencesparts=$S/prefs.d"
  -o "Dir::State::Lists=$S/lists" -o "Dir::Cache=$S/cache" -o "Dir::State::status=$S/status"
  -o "APT::Architecture=amd64" -o "APT::Architectures::=amd64" -o "Debug::NoLocking=1")

# The key: the newest docker.io source version in trixie. The private lists are refreshed once a day.
if [ -z "$(find "$S/lists" -maxdepth 1 -name '*_Sources' -mmin -1440 2>/dev/null | head -1)" ]; then
  apt-get "${APTO[@]}" update -qq
fi
VERSION=$(apt-cache "${APTO[@]}" showsrc docker.io | awk '/^Version:/{print $2}' | sort -V | tail -1)
[ -n "$VERSION" ] || { log "no docker.io source package in trixie"; exit 1; }
OUTTAR="$C/buildkit-image_${VERSION//:/_}.tar"
if [ -s "$OUTTAR" ]; then
  log "cached: $OUTTAR (docker.io $VERSION)"
  echo "$OUTTAR"
  exit 0
fi
log "building $TAG from docker.io $VERSION (a few minutes of CPU)"
T="$W/timings.txt"
: > "$T"
stage() {
  local name=$1 a
  shift
  a=$(date +%s)
  log "stage $name"
  "$@"
  echo "$name $(($(date +%s) - a))s" >> "$T"
}

# Go packages imported by ./cmd/buildkitd and ./cmd/buildctl (from `go list -deps` | dpkg -S).
GODEV="golang-github-agext-levenshtein-dev golang-github-appc-cni-dev golang-github-armon-circbuf-dev
golang-github-aws-aws-sdk-go-v2-dev golang-github-aws-smithy-go-dev golang-github-beorn7-perks-dev
golang-github-cenkalti-backoff-dev golang-github-cespare-xxhash-dev golang-github-containerd-console-dev
golang-github-containerd-containerd-dev golang-github-containerd-continuity-dev golang-github-containerd-errdefs-dev
golang-github-containerd-fifo-dev golang-github-containerd-go-cni-dev golang-github-containerd-go-runc-dev
golang-github-containerd-log-dev golang-github-containerd-platforms-dev golang-github-containerd-ttrpc-dev
golang-github-containerd-typeurl-dev golang-github-coreos-bbolt-dev golang-github-coreos-go-systemd-dev
golang-github-dimchansky-utfbom-dev golang-github-distribution-reference-dev golang-github-docker-docker-credential-helpers-dev
golang-github-docker-go-connections-dev golang-github-docker-go-events-dev golang-github-docker-go-metrics-dev
golang-github-docker-go-units-dev golang-github-felixge-httpsnoop-dev golang-github-go-logr-logr-dev
golang-github-go-logr-stdr-dev golang-github-gofrs-flock-dev golang-github-gogo-googleapis-dev
golang-github-gogo-protobuf-dev golang-github-golang-groupcache-dev golang-github-golang-jwt-jwt-dev
golang-github-golang-protobuf-1-5-dev golang-github-google-go-cmp-dev golang-github-google-shlex-dev
golang-github-google-uuid-dev golang-github-grpc-ecosystem-grpc-gateway-dev golang-github-hashicorp-errwrap-dev
golang-github-hashicorp-go-immutable-radix-dev golang-github-hashicorp-go-multierror-dev golang-github-hashicorp-golang-lru-dev
golang-github-in-toto-in-toto-golang-dev golang-github-klauspost-compress-dev golang-github-mitchellh-hashstructure-dev
golang-github-moby-docker-image-spec-dev golang-github-moby-locker-dev golang-github-moby-patternmatcher-dev
golang-github-moby-sys-dev golang-github-morikuni-aec-dev golang-github-munnerz-goautoneg-dev
golang-github-opencontainers-go-digest-dev golang-github-opencontainers-image-spec-dev golang-github-opencontainers-selinux-dev
golang-github-opencontainers-specs-dev golang-github-pelletier-go-toml-dev golang-github-pkg-errors-dev
golang-github-prometheus-client-golang-dev golang-github-prometheus-client-model-dev golang-github-prometheus-common-dev
golang-github-prometheus-procfs-dev golang-github-secure-systems-lab-go-securesystemslib-dev golang-github-shibumi-go-pathspec-dev
golang-github-sirupsen-logrus-dev golang-github-tonistiigi-units-dev golang-github-vbatts-tar-split-dev
golang-github-vishvananda-netlink-dev golang-github-vishvananda-netns-dev golang-golang-x-crypto-dev
golang-golang-x-net-dev golang-golang-x-sync-dev golang-golang-x-sys-dev golang-golang-x-text-dev
golang-golang-x-time-dev golang-google-genproto-dev golang-google-grpc-dev golang-google-protobuf-dev
golang-opentelemetry-contrib-dev golang-opentelemetry-otel-dev golang-opentelemetry-proto-dev"

download() { # the source package's tarballs (the .dsc may answer 404 on some mirrors: not needed)
  mkdir -p "$W/src-dl"
  (cd "$W/src-dl" && rm -f ./*.tar.* && apt-get "${APTO[@]}" source --download-only -qq "docker.io=$VERSION" > "$W/source.log" 2>&1) || true
  ls "$W"/src-dl/docker.io_*.orig-buildkit.tar.* "$W"/src-dl/docker.io_*.orig.tar.* "$W"/src-dl/docker.io_*.debian.tar.* > /dev/null
}

deps() { # Go 1.24 and the Go libraries, resolved against an EMPTY dpkg status, unpacked into $SYS
  local pkgs
  pkgs=$(apt-get "${APTO[@]}" install -s --no-install-recommends golang-1.24-go golang-1.24-src debootstrap $GODEV |
    awk '/^Inst (golang-|debootstrap )/{print $2}')
  log "$(echo "$pkgs" | wc -l) packages into the sysroot"
  # shellcheck disable=SC2086
  (cd "$S/debs" && apt-get "${APTO[@]}" download -qq $pkgs > "$W/download-debs.log" 2>&1)
  rm -rf "$SYS"
  mkdir -p "$SYS"
  local d
  for d in $pkgs; do dpkg-deb -x "$(ls "$S"/debs/"${d}"_*.deb | tail -1)" "$SYS"; done
  "$SYS/usr/lib/go-1.24/bin/go" version >&2
}

compile() {
  local src="$W/src" gp="$W/gopath" f p opts rev ldf
  rm -rf "$src" "$gp"
  mkdir -p "$src"
  for f in "$W"/src-dl/docker.io_*.orig-*.tar.*; do tar -C "$src" -xf "$f"; done # buildkit/, cli/, ...
  f=$(ls "$W"/src-dl/docker.io_*.orig.tar.* | tail -1)
  mkdir -p "$W/orig" && rm -rf "$W/orig"/* && tar -C "$W/orig" -xf "$f" && mv "$W"/orig/*/engine "$src/engine"
  tar -C "$src" -xf "$(ls "$W"/src-dl/docker.io_*.debian.tar.* | tail -1)" # debian/
  # Debian's patch series (what quilt push -a does)
  while read -r p opts; do
    case "$p" in '' | '#'*) continue ;; esac
    # shellcheck disable=SC2086
    patch -d "$src" -s -p1 ${opts:-} < "$src/debian/patches/$p"
  done < "$src/debian/patches/series"
  mkdir -p "$gp/src/github.com/moby" "$gp/src/github.com/docker"
  mv "$src/buildkit" "$gp/src/github.com/moby/buildkit"
  mv "$src/engine" "$gp/src/github.com/docker/docker" # buildkit imports docker/docker/pkg/...
  rev="${VERSION}"
  ldf="-s -w -X github.com/moby/buildkit/version.Version=$BK_VERSION-debian -X github.com/moby/buildkit/version.Revision=$rev -X github.com/moby/buildkit/version.Package=github.com/moby/buildkit"
  mkdir -p "$W/bin"
  (
    export GOROOT="$SYS/usr/lib/go-1.24" GOPATH="$gp:$SYS/usr/share/gocode" GO111MODULE=off GOPROXY=off GOFLAGS= \
      GOCACHE="$W/gocache" CGO_ENABLED=0 GOTOOLCHAIN=local GOTELEMETRY=off
    export PATH="$GOROOT/bin:$PATH"
    cd "$gp/src/github.com/moby/buildkit"
    $NICE go build -tags 'osusergo netgo static_build' -ldflags "$ldf" -o "$W/bin/" ./cmd/buildkitd ./cmd/buildctl
  )
  "$W/bin/buildctl" --version >&2
}

rootfs() {
  local root="$W/rootfs"
  rm -rf "$root"
  DEBOOTSTRAP_DIR="$SYS/usr/share/debootstrap" $NICE "$SYS/usr/sbin/debootstrap" --variant=minbase \
    --include=runc,ca-certificates,git,pigz,xz-utils bookworm "$root" "$MIRROR" > "$W/debootstrap.log" 2>&1 ||
    { tail -20 "$W/debootstrap.log" >&2; return 1; }
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
    "$root"/usr/share/locale/* "$root"/var/log/* "$root"/var/cache/debconf/*-old
  install -m 0755 "$W/bin/buildkitd" "$W/bin/buildctl" "$root/usr/bin/"
  mkdir -p "$root/etc/buildkit" "$root/var/lib/buildkit"
  chroot "$root" runc --version | head -1 >&2
}

save_tar() { # a `docker save` archive by hand (one layer): no daemon needed
  local root="$W/rootfs" out="$W/image" diff cfg created
  rm -rf "$out"
  mkdir -p "$out"
  # /dev, /proc and /sys are mounted by the runtime: their contents stay out of the layer.
  tar -C "$root" --numeric-owner --xattrs --sort=name --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -cf "$out/layer.tar" .
  diff=$(sha256sum "$out/layer.tar" | cut -d' ' -f1)
  mkdir -p "$out/$diff"
  mv "$out/layer.tar" "$out/$diff/layer.tar"
  created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  printf '{"architecture":"amd64","os":"linux","created":"%s","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Entrypoint":["buildkitd"],"Volumes":{"/var/lib/buildkit":{}},"Labels":{"org.buildkit-healer.docker-io-source":"%s","org.buildkit-healer.buildkit":"%s-debian"}},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"%s","created_by":"test/env/make-buildkit-image.sh"}]}' \
    "$created" "$VERSION" "$BK_VERSION" "$diff" "$created" > "$out/config.json"
  cfg=$(sha256sum "$out/config.json" | cut -d' ' -f1)
  mv "$out/config.json" "$out/$cfg.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$cfg" "$TAG" "$diff" > "$out/manifest.json"
  tar -C "$out" -cf "$OUTTAR.tmp" manifest.json "$cfg.json" "$diff"
  mv "$OUTTAR.tmp" "$OUTTAR"
  rm -rf "$out"
}

all=$(date +%s)
stage download download
stage deps deps
stage compile compile
stage rootfs rootfs
stage save save_tar
echo "total $(($(date +%s) - all))s" >> "$T"
log "built $OUTTAR ($(du -h "$OUTTAR" | cut -f1)): $(tr '\n' ' ' < "$T")"
rm -rf "$W/src" "$W/gopath" "$W/orig" "$W/rootfs"
echo "$OUTTAR"
