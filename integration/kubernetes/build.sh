#!/usr/bin/env bash
# Builds the real Kubernetes components of the integration suite from their published Go modules,
# pinned by tools/go.mod (kube-apiserver, kube-controller-manager, kubectl) and etcd/go.mod (etcd),
# into a cache outside the clone. A second run with the same pins reuses the binaries at once.
#
#   integration/kubernetes/build.sh        # prints the folder that holds the four binaries
#
# The cache folder is $HEALER_CACHE_DIR/kubernetes/<key> (HEALER_CACHE_DIR defaults to
# ~/.cache/healer); the key is a hash of both go.mod/go.sum files, this script and the Go version, so a
# change of any pin builds anew. Go's own module and build caches stay where Go keeps them (also
# outside the clone), so even a rebuild after a pin change is incremental.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${HEALER_CACHE_DIR:-$HOME/.cache/healer}/kubernetes
go_version=$(go env GOVERSION)
key=$(cat "$here/tools/go.mod" "$here/tools/go.sum" "$here/etcd/go.mod" "$here/etcd/go.sum" "$0" \
  <(echo "$go_version") | sha256sum | cut -c1-16)
out="$cache_root/$key"
binaries=(kube-apiserver kube-controller-manager kubectl etcd)

complete() {
  for b in "${binaries[@]}"; do [[ -x "$out/$b" ]] || return 1; done
}

if complete; then
  echo "$out"
  exit 0
fi

mkdir -p "$cache_root"
# One build at a time per cache: a second caller waits for the first instead of building again.
exec 9>"$cache_root/.lock"
flock 9
if complete; then
  echo "$out"
  exit 0
fi

staging="$out.partial"
rm -rf "$staging"
mkdir -p "$staging"
start=$SECONDS
kubernetes=$(grep -m1 -o 'k8s.io/kubernetes v[0-9.]*' "$here/tools/go.mod" | awk '{print $2}')
etcd=$(grep -m1 -o 'go.etcd.io/etcd/server/v3 v[0-9.]*' "$here/etcd/go.mod" | awk '{print $2}')
minor=$(echo "$kubernetes" | cut -d. -f2)
# What `kubectl version` and the server's /version report (a build from the module proxy has no git
# metadata); -s -w drops the symbol tables, a third of each binary.
version_flags="-s -w -X k8s.io/component-base/version.gitVersion=$kubernetes \
  -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor \
  -X k8s.io/client-go/pkg/version.gitVersion=$kubernetes"
{
  echo "building Kubernetes $kubernetes and etcd $etcd with $go_version into $out"
  # -trimpath: the binaries do not depend on where the module cache is; go.sum pins every module.
  (cd "$here/tools" && go build -trimpath -ldflags="$version_flags" -o "$staging/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubectl)
  (cd "$here/etcd" && go build -trimpath -ldflags="-s -w" -o "$staging/etcd" go.etcd.io/etcd/server/v3)
  echo "built in $((SECONDS - start)) s"
} >&2
mv "$staging" "$out"
echo "$out"
