#!/usr/bin/env bash
# Runs an image tarball without Docker: unpacks its layers in order into a temporary root filesystem
# and runs its entrypoint there with chroot, as the image's user, with the image's environment --
# what a container runtime does, minus namespaces and cgroups. A check that the image really runs,
# not a way to deploy it.
#
#   sudo healer-daemon/image/run-image.sh [--copy HOSTFILE:/PATH]... IMAGE.tar -- ARG...
#
#   sudo healer-daemon/image/run-image.sh healer-daemon/target/healer-image.tar -- version
#   sudo healer-daemon/image/run-image.sh \
#       --copy healer-daemon/src/test/resources/config/magnum-auto-healer-sample.yaml:/etc/magnum-auto-healer/config.yaml \
#       healer-daemon/target/healer-image.tar -- validate --config /etc/magnum-auto-healer/config.yaml
#
# IMAGE.tar: a `docker save` tarball (what jib:buildTar and build-base-image.sh write). --copy puts a
# host file into the root filesystem (read-only for the image's user), like a mounted ConfigMap.
# Needs root (chroot, mount) and jq. The process gets /proc, the host's /dev (bind, read-only), an
# empty /tmp; no network namespace. The exit code is the entrypoint's. Everything is removed after.
set -euo pipefail

log() { printf 'run-image: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

COPIES=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --copy) [[ $# -ge 2 ]] || die "--copy needs HOSTFILE:/PATH"; COPIES+=("$2"); shift 2 ;;
    --copy=*) COPIES+=("${1#--copy=}"); shift ;;
    --) die "no IMAGE.tar before --" ;;
    -*) die "unknown option $1" ;;
    *) break ;;
  esac
done
[[ $# -ge 1 ]] || die "usage: $0 [--copy HOSTFILE:/PATH]... IMAGE.tar -- ARG..."
IMAGE="$1"; shift
if [[ $# -gt 0 ]]; then
  [[ $1 == -- ]] || die "expected -- after IMAGE.tar, got '$1'"
  shift
fi
ARGS=("$@")

[[ $(id -u) -eq 0 ]] || die "run as root (chroot and mount need it)"
command -v jq >/dev/null || die "needs jq (apt-get install jq)"
[[ -f $IMAGE ]] || die "no image tarball $IMAGE"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/healer-run.XXXXXX")"
ROOT="$WORK/rootfs"
MOUNTS=()
cleanup() {
  local rc=$? m i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    m="${MOUNTS[i]}"
    if mountpoint -q "$m"; then umount "$m" || umount -l "$m"; fi
  done
  # Only once nothing is mounted any more; --one-file-system in case something still is.
  if ! grep -q " $WORK/" /proc/mounts; then
    rm -rf --one-file-system "$WORK"
  else
    log "left $WORK in place: something is still mounted under it"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK/image" "$ROOT"
tar -C "$WORK/image" -xf "$IMAGE"
MANIFEST="$WORK/image/manifest.json"
[[ -f $MANIFEST ]] || die "$IMAGE has no manifest.json: not a docker save tarball"
# Keys as docker save writes them ("Config", "Layers") or in lower case (older Jib).
entry() { jq -r --arg k "$1" '.[0] | to_entries[] | select(.key | ascii_downcase == $k) | .value' "$MANIFEST"; }
CONFIG="$WORK/image/$(entry config)"
mapfile -t LAYERS < <(entry layers | jq -r '.[]')
[[ -f $CONFIG ]] || die "config $(entry config) is missing from $IMAGE"
[[ ${#LAYERS[@]} -gt 0 ]] || die "$IMAGE has no layers"

# --- the layers, lowest first, with OCI whiteouts (.wh.NAME deletes NAME, .wh..wh..opq empties a directory) ---
for layer in "${LAYERS[@]}"; do
  file="$WORK/image/$layer"
  [[ -f $file ]] || die "layer $layer is missing from $IMAGE"
  while IFS= read -r path; do
    path="${path#./}"
    dir="$(dirname "$path")"; base="$(basename "$path")"
    case "$base" in
      .wh..wh..opq) find "$ROOT/$dir" -mindepth 1 -maxdepth 1 -exec rm -rf --one-file-system {} + 2>/dev/null || true ;;
      .wh.*) rm -rf --one-file-system "${ROOT:?}/$dir/${base#.wh.}" ;;
    esac
  done < <(tar -tf "$file" --warning=no-unknown-keyword | grep -E '(^|/)\.wh\.' || true)
  # GNU tar detects gzip itself; owners and modes as in the layer (Jib's pax headers carry a
  # LIBARCHIVE.creationtime GNU tar does not know: not worth a warning).
  tar -C "$ROOT" -xf "$file" --numeric-owner --same-permissions --same-owner --exclude='.wh.*' \
    --warning=no-unknown-keyword
done
log "$IMAGE: ${#LAYERS[@]} layers unpacked, $(du -sh "$ROOT" | cut -f1)"

# --- the image's process settings ---
cfg() { jq -r "$1" "$CONFIG"; }
mapfile -t ENTRYPOINT < <(cfg '.config.Entrypoint // [] | .[]')
mapfile -t CMD < <(cfg '.config.Cmd // [] | .[]')
mapfile -t ENVS < <(cfg '.config.Env // [] | .[]')
USER_SPEC="$(cfg '.config.User // ""')"
WORKDIR="$(cfg '.config.WorkingDir // ""')"
[[ -n $USER_SPEC ]] || USER_SPEC=0:0
[[ $USER_SPEC == *:* ]] || USER_SPEC="$USER_SPEC:$USER_SPEC"
[[ -n $WORKDIR ]] || WORKDIR=/
# Arguments replace the image's Cmd, as with `docker run IMAGE ARG...`.
if [[ ${#ARGS[@]} -gt 0 ]]; then CMD=("${ARGS[@]}"); fi
PROCESS=("${ENTRYPOINT[@]}" "${CMD[@]}")
[[ ${#PROCESS[@]} -gt 0 ]] || die "the image has neither Entrypoint nor Cmd, and no ARG was given"

for copy in "${COPIES[@]}"; do
  src="${copy%%:*}"; dest="${copy#*:}"
  [[ -f $src && $dest == /* ]] || die "--copy $copy: needs an existing HOSTFILE and an absolute /PATH"
  install -D -m 0444 -o 0 -g 0 "$src" "$ROOT$dest"
done

# --- what a runtime provides: /proc, /dev, a writable /tmp ---
mkdir -p "$ROOT/proc" "$ROOT/dev" "$ROOT/tmp"
mount -t proc proc "$ROOT/proc"; MOUNTS+=("$ROOT/proc")
mount --bind /dev "$ROOT/dev"; MOUNTS+=("$ROOT/dev")
mount -o remount,bind,ro "$ROOT/dev"
mount -t tmpfs -o mode=1777,size=64m tmpfs "$ROOT/tmp"; MOUNTS+=("$ROOT/tmp")

log "user $USER_SPEC, workdir $WORKDIR, exec: ${PROCESS[*]}"
set +e
# env -i: only the image's Env (its PATH finds the entrypoint inside the root); chroot --userspec
# switches to the image's user with no supplementary group; the image's own env changes directory.
env -i "${ENVS[@]}" chroot --userspec="$USER_SPEC" --groups= "$ROOT" \
  /usr/bin/env --chdir="$WORKDIR" "${PROCESS[@]}"
rc=$?
set -e
log "exit code $rc"
exit "$rc"
