#!/usr/bin/env bash
# Builds the Helm CLI that lints and renders charts/healer from its published Go module, pinned by
# go.mod here (helm.sh/helm/v4, command cmd/helm), into a cache outside the clone, for the chart
# suite (io.healer.integration.helm) and for charts/healer/generate-manifest.sh. A second run with
# the same pins reuses the binary at once.
#
#   integration/helm/build.sh    # prints the folder that holds the binary
#
# The cache folder is $HEALER_CACHE_DIR/helm/<version>-<key> (HEALER_CACHE_DIR defaults to
# ~/.cache/healer); the key is a hash of go.mod, go.sum, this script and the Go version, so a change
# of any pin builds anew.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${HEALER_CACHE_DIR:-$HOME/.cache/healer}/helm
go_version=$(go env GOVERSION)
version=$(grep -m1 -o 'helm.sh/helm/v4 v[0-9.]*' "$here/go.mod" | awk '{print $2}')
key=$(cat "$here/go.mod" "$here/go.sum" "$0" <(echo "$go_version") | sha256sum | cut -c1-16)
out="$cache_root/$version-$key"
binary=helm

if [[ -x "$out/$binary" ]]; then
  echo "$out"
  exit 0
fi

mkdir -p "$cache_root"
# One build at a time per cache: a second caller waits for the first instead of building again.
exec 9>"$cache_root/.lock"
flock 9
if [[ -x "$out/$binary" ]]; then
  echo "$out"
  exit 0
fi

staging="$out.partial"
rm -rf "$staging"
mkdir -p "$staging"
start=$SECONDS
# The version flags Helm's own Makefile sets (a build from the module proxy has no git metadata, and
# `helm version` would say v4-dev); -s -w drops the symbol tables.
ldflags="-s -w -X helm.sh/helm/v4/internal/version.version=$version \
  -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
{
  echo "building helm $version with $go_version into $out"
  # -trimpath: the binary does not depend on where the module cache is; go.sum pins every module.
  (cd "$here" && CGO_ENABLED=0 go build -trimpath -ldflags="$ldflags" -o "$staging/$binary" \
    helm.sh/helm/v4/cmd/helm)
  echo "built in $((SECONDS - start)) s"
} >&2
mv "$staging" "$out"
echo "$out"
