#!/usr/bin/env bash
# The base image for the real-server build (mvn -Preal-servers builds the daemon's image on it), kept
# in a cache outside the clone: build-base-image.sh writes it once, and again only when that script
# changes (its sha256 is kept beside the tarball), so a warm run costs nothing.
#
#   healer-daemon/image/cached-base-image.sh OUTPUT.tar
#
# Runs as root, like build-base-image.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUTPUT="${1:?usage: $0 OUTPUT.tar}"
KEY_FILE="$OUTPUT.sha256"
want="$(sha256sum "$HERE/build-base-image.sh" | cut -d' ' -f1)"

if [[ -s $OUTPUT && -f $KEY_FILE && $(cat "$KEY_FILE") == "$want" ]]; then
  echo "cached-base-image: $OUTPUT is current"
  exit 0
fi
mkdir -p "$(dirname "$OUTPUT")"
start=$SECONDS
REBUILD=1 "$HERE/build-base-image.sh" "$OUTPUT"
echo "$want" >"$KEY_FILE"
echo "cached-base-image: built $OUTPUT in $((SECONDS - start)) s"
