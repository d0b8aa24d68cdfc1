# Sourced by the build.sh scripts that build a pinned Go tool into a cache outside the clone
# (integration/helm, integration/magnum-auto-healer); it only defines go_build_cached.
#
#   go_build_cached TOOL PREFIX WHAT BUILD BINARY... -- PINNED_FILE...
#
# prints the folder $HEALER_CACHE_DIR/TOOL/PREFIX<key> (HEALER_CACHE_DIR defaults to
# ~/.cache/healer) that holds every BINARY, building it first if one is missing: the function BUILD
# is called with the staging folder to write the binaries into. The key hashes the PINNED_FILEs, the
# calling script, this file and the Go version, so a change of any of them builds anew. WHAT names
# the build in the log.
go_build_lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
go_version=$(go env GOVERSION)

go_build_cached() {
  local tool=$1 prefix=$2 what=$3 build=$4
  shift 4
  local binaries=()
  while [[ $# -gt 0 && $1 != -- ]]; do binaries+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  local cache_root=${HEALER_CACHE_DIR:-$HOME/.cache/healer}/$tool key
  key=$(cat "$@" "$0" "$go_build_lib" <(echo "$go_version") | sha256sum | cut -c1-16)
  local out="$cache_root/$prefix$key"

  if go_build_complete "$out" "${binaries[@]}"; then
    echo "$out"
    return 0
  fi
  mkdir -p "$cache_root"
  # One build at a time per cache: a second caller waits for the first instead of building again.
  exec 9>"$cache_root/.lock"
  flock 9
  if go_build_complete "$out" "${binaries[@]}"; then
    echo "$out"
    return 0
  fi

  # Built into a staging folder and moved at the end, so a cut-off build never looks complete.
  local staging="$out.partial" start=$SECONDS
  rm -rf "$staging"
  mkdir -p "$staging"
  {
    echo "building $what with $go_version into $out"
    "$build" "$staging"
    echo "built in $((SECONDS - start)) s"
  } >&2
  mv "$staging" "$out"
  echo "$out"
}

# Whether the folder $1 holds every binary named after it.
go_build_complete() {
  local out=$1 b
  shift
  for b in "$@"; do [[ -x "$out/$b" ]] || return 1; done
}
