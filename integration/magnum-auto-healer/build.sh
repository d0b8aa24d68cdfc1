#!/usr/bin/env bash
# Builds the Go magnum-auto-healer, the tool healer succeeds, from its published Go module pinned by
# go.mod here (k8s.io/cloud-provider-openstack, command cmd/magnum-auto-healer), into a cache outside
# the clone, for the comparison harness (io.healer.integration.compare). A second run with the same
# pins reuses the binary at once.
#
#   integration/magnum-auto-healer/build.sh    # prints the folder that holds the binary
#
# The cache folder is $HEALER_CACHE_DIR/magnum-auto-healer/<key> (HEALER_CACHE_DIR defaults to
# ~/.cache/healer); the key is a hash of go.mod, go.sum, this script and the Go version.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${HEALER_CACHE_DIR:-$HOME/.cache/healer}/magnum-auto-healer
go_version=$(go env GOVERSION)
key=$(cat "$here/go.mod" "$here/go.sum" "$0" <(echo "$go_version") | sha256sum | cut -c1-16)
out="$cache_root/$key"
binary=magnum-auto-healer

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
version=$(grep -m1 -o 'k8s.io/cloud-provider-openstack v[0-9.]*' "$here/go.mod" | awk '{print $2}')
# The version flags its own Makefile sets (a build from the module proxy has no git metadata);
# -s -w drops the symbol tables.
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$version \
  -X k8s.io/cloud-provider-openstack/pkg/version.Version=$version"
{
  echo "building magnum-auto-healer $version with $go_version into $out"
  # -trimpath: the binary does not depend on where the module cache is; go.sum pins every module.
  (cd "$here" && CGO_ENABLED=0 go build -trimpath -ldflags="$ldflags" -o "$staging/$binary" \
    k8s.io/cloud-provider-openstack/cmd/magnum-auto-healer)
  echo "built in $((SECONDS - start)) s"
} >&2
mv "$staging" "$out"
echo "$out"
