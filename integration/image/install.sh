#!/bin/sh
# Installs the real tools the image suite hands the daemon's image to (Debian bookworm's packages,
# pinned by version): skopeo reads the `docker save` tarball Jib writes and copies it into an OCI
# layout, umoci unpacks that into a runtime bundle, and runc (the OCI runtime containerd and CRI-O
# use) runs it. Idempotent: when every package is installed at its pinned version it touches nothing.
# Runs as root.
set -eu

# package=version, as apt-get install takes them.
PINNED="
skopeo=1.9.3+ds1-1+b10
umoci=0.4.7+ds-3+b7
runc=1.1.5+ds1-1+deb12u1
"

if [ "$(id -u)" != 0 ]; then
  echo "install.sh: run as root (it installs Debian packages)" >&2
  exit 1
fi

missing=""
for spec in $PINNED; do
  name=${spec%%=*}
  want=${spec#*=}
  have=$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$name" 2>/dev/null || true)
  if [ "$have" != "installed $want" ]; then
    missing="$missing $spec"
  fi
done

if [ -z "$missing" ]; then
  echo "install.sh: skopeo, umoci and runc are installed at their pinned versions; nothing to do"
  exit 0
fi

echo "install.sh: installing$missing"
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $missing
echo "install.sh: installed in $(( $(date +%s) - start )) s"
