#!/usr/bin/env bash
# Builds healer's base image without Docker and without a container registry: a minimal Debian
# bookworm root filesystem (debootstrap --variant=minbase) with openjdk-17-jre-headless and
# ca-certificates, packed as a `docker save` tarball that Jib takes as `tar://` base image
# (mvn -Pimage-offline) and that `docker load` / `skopeo copy docker-archive:` accept too.
#
#   sudo healer-daemon/image/build-base-image.sh [OUTPUT.tar]     # default: healer-daemon/target/base-image.tar
#
# Run as root (debootstrap and chroot need it). Packages come from the Debian mirror this machine's
# apt already uses (/etc/apt/sources.list*), or from DEBIAN_MIRROR / DEBIAN_SECURITY_MIRROR if set.
# Idempotent: an existing OUTPUT is kept (REBUILD=1 builds it again); a run leaves no mounts and no
# work directory behind, also when it fails.
#
# The tarball holds one layer and the files `docker save` writes:
#   manifest.json              [{"Config": "<sha256>.json", "RepoTags": [...], "Layers": ["<sha256>/layer.tar"]}]
#   <sha256>.json              the image config: architecture, os, config.Env (PATH, JAVA_HOME, LANG),
#                              rootfs.diff_ids = [sha256 of the uncompressed layer.tar]
#   <sha256>/layer.tar         the root filesystem, uncompressed (Jib compresses it when it reads it)
set -euo pipefail

SUITE=bookworm
TAG="healer-base:${SUITE}-jre17"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUTPUT="${1:-$HERE/../target/base-image.tar}"

log() { printf 'build-base-image: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (debootstrap and chroot need it): sudo $0 $*"

OUT_DIR="$(dirname "$OUTPUT")"
CREATED_OUT_DIR=""
if [[ ! -d $OUT_DIR ]]; then
  mkdir -p "$OUT_DIR"
  CREATED_OUT_DIR="$OUT_DIR"
fi
OUTPUT="$(cd "$OUT_DIR" && pwd)/$(basename "$OUTPUT")"
if [[ -s $OUTPUT && -z ${REBUILD:-} ]]; then
  log "$OUTPUT exists; keeping it (REBUILD=1 $0 builds it again)"
  exit 0
fi

# --- the mirror: the first enabled apt source of Debian's $SUITE (and of $SUITE-security) on this machine ---
# Reads one-line (.list) and deb822 (.sources) files; prints "URI SUITE" pairs for "deb" entries.
apt_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" { print $2, $3 }'
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    # deb822: stanzas separated by blank lines; Types/URIs/Suites/Enabled fields.
    awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled != "no")
          for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++) print uris[i], suites[j]
        types = ""; enabled = ""; nu = 0; ns = 0
      }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      tolower($1) == "types:"   { types = ""; for (k = 2; k <= NF; k++) types = types " " $k; sub(/^ /, "", types) }
      tolower($1) == "uris:"    { for (k = 2; k <= NF; k++) uris[++nu] = $k }
      tolower($1) == "suites:"  { for (k = 2; k <= NF; k++) suites[++ns] = $k }
      tolower($1) == "enabled:" { enabled = tolower($2) }
      END { flush() }
    ' "$f"
  done
}
mirror_for() { apt_sources | awk -v s="$1" '$2 == s { print $1; exit }'; }

MIRROR="${DEBIAN_MIRROR:-$(mirror_for "$SUITE")}"
SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-$(mirror_for "$SUITE-security")}"
[[ -n $MIRROR ]] || die "no apt source for Debian '$SUITE' in /etc/apt/sources.list*; set DEBIAN_MIRROR=http://.../debian"
MIRROR="${MIRROR%/}"
SECURITY_MIRROR="${SECURITY_MIRROR%/}"
log "mirror $MIRROR${SECURITY_MIRROR:+, security $SECURITY_MIRROR}"

if ! command -v debootstrap >/dev/null; then
  log "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap >&2
fi

ARCH="$(dpkg --print-architecture)"
# Docker's names for Debian's architectures (the common ones are equal).
case "$ARCH" in
  amd64|arm64|s390x|ppc64el) DOCKER_ARCH="${ARCH/ppc64el/ppc64le}" ;;
  armhf) DOCKER_ARCH=arm ;;
  i386) DOCKER_ARCH=386 ;;
  *) DOCKER_ARCH="$ARCH" ;;
esac

# --- work area, always cleaned up ---
WORK="$(mktemp -d "${TMPDIR:-/tmp}/healer-base.XXXXXX")"
ROOT="$WORK/rootfs"
cleanup() {
  local rc=$?
  if mountpoint -q "$ROOT/proc" 2>/dev/null; then umount "$ROOT/proc" || umount -l "$ROOT/proc"; fi
  if mountpoint -q "$ROOT/sys" 2>/dev/null; then umount "$ROOT/sys" || umount -l "$ROOT/sys"; fi
  # --one-file-system: never follow a mount that survived into the host's files.
  rm -rf --one-file-system "$WORK"
  rm -f "$OUTPUT.partial"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. minbase root filesystem ---
log "debootstrap $SUITE ($ARCH, minbase) into $ROOT"
debootstrap --variant=minbase --arch="$ARCH" --components=main "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
  || { tail -n 30 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }

{
  echo "deb $MIRROR $SUITE main"
  echo "deb $MIRROR $SUITE-updates main"
  if [[ -n $SECURITY_MIRROR ]]; then echo "deb $SECURITY_MIRROR $SUITE-security main"; fi
} >"$ROOT/etc/apt/sources.list"

# --- 2. the Java runtime, inside the root filesystem ---
mount -t proc proc "$ROOT/proc"
# No service may start during the build.
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"
# Never install documentation, manuals or translations (dpkg skips them from here on).
cat >"$ROOT/etc/dpkg/dpkg.cfg.d/healer-nodoc" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
log "installing openjdk-17-jre-headless and ca-certificates"
in_root apt-get update -qq >&2
in_root apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless ca-certificates >"$WORK/apt.log" 2>&1 \
  || { tail -n 30 "$WORK/apt.log" >&2; die "apt-get install failed"; }
JAVA_HOME="/usr/lib/jvm/java-17-openjdk-$ARCH"
[[ -x $ROOT$JAVA_HOME/bin/java ]] || die "no $JAVA_HOME/bin/java in the root filesystem"
in_root java -version >&2

# The non-root user the image runs as (Kubernetes' runAsNonRoot needs the number): Debian's nobody.
if ! in_root getent passwd 65534 >/dev/null; then
  in_root groupadd --gid 65534 nogroup 2>/dev/null || true
  in_root useradd --uid 65534 --gid 65534 --home-dir /nonexistent --shell /usr/sbin/nologin --no-create-home nobody
fi
log "user 65534: $(in_root getent passwd 65534)"

umount "$ROOT/proc"

# --- 3. keep it small ---
in_root apt-get clean
rm -f "$ROOT/usr/sbin/policy-rc.d"
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/*.bin "$ROOT"/var/cache/debconf/*-old \
  "$ROOT"/var/lib/dpkg/*-old "$ROOT"/var/log/* "$ROOT"/tmp/* "$ROOT"/var/tmp/* "$ROOT"/root/.bash_history
find "$ROOT/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
find "$ROOT/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$ROOT"/usr/share/man/* "$ROOT"/usr/share/info/* "$ROOT"/usr/share/lintian "$ROOT"/usr/share/locale/*
# A container runtime mounts its own /dev, /proc, /sys and resolv.conf: ship those empty.
rm -rf "$ROOT"/dev/* "$ROOT"/proc/* "$ROOT"/sys/* "$ROOT"/run/*
: >"$ROOT/etc/resolv.conf"
# The build host's name must not stay in the image.
echo localhost >"$ROOT/etc/hostname"

# --- 4. pack: one uncompressed layer, sorted, numeric owners, fixed timestamps ---
EPOCH="${SOURCE_DATE_EPOCH:-$(stat -c %Y "$ROOT/var/lib/dpkg/status")}"
CREATED="$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)"
STAGE="$WORK/image"
mkdir -p "$STAGE"
log "packing the layer"
(cd "$ROOT" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort) >"$WORK/top-level"
tar -C "$ROOT" --create --file "$WORK/layer.tar" --numeric-owner --sort=name --format=posix \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
  --mtime="@$EPOCH" --clamp-mtime --files-from "$WORK/top-level"
LAYER_SHA="$(sha256sum "$WORK/layer.tar" | cut -d' ' -f1)"
mkdir -p "$STAGE/$LAYER_SHA"
mv "$WORK/layer.tar" "$STAGE/$LAYER_SHA/layer.tar"

cat >"$WORK/config.json" <<EOF
{"architecture":"$DOCKER_ARCH","os":"linux","created":"$CREATED","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$JAVA_HOME","LANG=C.UTF-8"],"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:$LAYER_SHA"]},"history":[{"created":"$CREATED","created_by":"build-base-image.sh: debootstrap --variant=minbase $SUITE; apt-get install --no-install-recommends openjdk-17-jre-headless ca-certificates"}]}
EOF
CONFIG_SHA="$(sha256sum "$WORK/config.json" | cut -d' ' -f1)"
mv "$WORK/config.json" "$STAGE/$CONFIG_SHA.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]\n' "$CONFIG_SHA" "$TAG" "$LAYER_SHA" >"$STAGE/manifest.json"

tar -C "$STAGE" --create --file "$OUTPUT.partial" --numeric-owner --owner=0 --group=0 --mtime="@$EPOCH" \
  manifest.json "$CONFIG_SHA.json" "$LAYER_SHA/layer.tar"
mv "$OUTPUT.partial" "$OUTPUT"
chmod 644 "$OUTPUT"
# Built with sudo for a user's Maven: hand the output (and a target/ made here) back to that user.
OWNER="$(stat -c %u:%g "$(dirname "$(dirname "$OUTPUT")")")"
chown "$OWNER" "$OUTPUT"
if [[ -n $CREATED_OUT_DIR ]]; then chown "$OWNER" "$CREATED_OUT_DIR"; fi

log "$OUTPUT: $TAG, $(du -h "$OUTPUT" | cut -f1), layer sha256:$LAYER_SHA"
