#!/usr/bin/env bash
# Builds the Helm CLI that lints and renders charts/healer from its published Go module, pinned by
# go.mod here (helm.sh/helm/v4, command cmd/helm), into a cache outside the clone, for the chart
# suite (io.healer.integration.helm) and for charts/healer/generate-manifest.sh. A second run with
# the same pins reuses the binary at once.
#
#   integration/helm/build.sh    # prints the folder that holds the binary
#
# The cache folder is $HEALER_CACHE_DIR/helm/<version>-<key> (HEALER_CACHE_DIR defaults to
# ~/.cache/healer); the key is a hash of go.mod, go.sum, this script, the cached-build steps it
# shares (integration/support/go-build.sh) and the Go version, so a change of any pin builds anew.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../support/go-build.sh"
version=$(grep -m1 -o 'helm.sh/helm/v4 v[0-9.]*' "$here/go.mod" | awk '{print $2}')

build() {
  # The version flags Helm's own Makefile sets (a build from the module proxy has no git metadata,
  # and `helm version` would say v4-dev); -s -w drops the symbol tables.
  local ldflags="-s -w -X helm.sh/helm/v4/internal/version.version=$version \
    -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
  # -trimpath: the binary does not depend on where the module cache is; go.sum pins every module.
  (cd "$here" && CGO_ENABLED=0 go build -trimpath -ldflags="$ldflags" -o "$1/helm" \
    helm.sh/helm/v4/cmd/helm)
}

go_build_cached helm "$version-" "helm $version" build helm -- "$here/go.mod" "$here/go.sum"
