#!/usr/bin/env bash
# Builds the Go magnum-auto-healer, the tool healer succeeds, from its published Go module pinned by
# go.mod here (k8s.io/cloud-provider-openstack, command cmd/magnum-auto-healer), into a cache outside
# the clone, for the comparison harness (io.healer.integration.compare). A second run with the same
# pins reuses the binary at once.
#
#   integration/magnum-auto-healer/build.sh    # prints the folder that holds the binary
#
# The cache folder is $HEALER_CACHE_DIR/magnum-auto-healer/<key> (HEALER_CACHE_DIR defaults to
# ~/.cache/healer); the key is a hash of go.mod, go.sum, this script, the cached-build steps it
# shares (integration/support/go-build.sh) and the Go version.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../support/go-build.sh"
version=$(grep -m1 -o 'k8s.io/cloud-provider-openstack v[0-9.]*' "$here/go.mod" | awk '{print $2}')

build() {
  # The version flags its own Makefile sets (a build from the module proxy has no git metadata);
  # -s -w drops the symbol tables.
  local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$version \
    -X k8s.io/cloud-provider-openstack/pkg/version.Version=$version"
  # -trimpath: the binary does not depend on where the module cache is; go.sum pins every module.
  (cd "$here" && CGO_ENABLED=0 go build -trimpath -ldflags="$ldflags" -o "$1/magnum-auto-healer" \
    k8s.io/cloud-provider-openstack/cmd/magnum-auto-healer)
}

go_build_cached magnum-auto-healer "" "magnum-auto-healer $version" build magnum-auto-healer -- \
  "$here/go.mod" "$here/go.sum"
