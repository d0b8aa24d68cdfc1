#!/bin/sh
# Installs the real Prometheus that the alerts-and-dashboard suite runs (Debian bookworm's package,
# pinned by version; it brings promtool). Idempotent: when the package is already installed at its
# pinned version it touches nothing and ends in well under a second. Runs as root. The package's own
# daemon stays stopped (the image's /usr/sbin/policy-rc.d refuses to start it, and that is kept): the
# suite starts Prometheus itself, on loopback, with its own config and data folder.
set -eu

# package=version, as apt-get install takes them.
PINNED="
prometheus=2.42.0+ds-5+deb12u1
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
  echo "install.sh: Prometheus is installed at its pinned version; nothing to do"
  exit 0
fi

echo "install.sh: installing$missing"
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# No recommends: the suite needs prometheus and promtool, not the node exporter or the docs.
apt-get install -y -q --no-install-recommends $missing
echo "install.sh: installed in $(( $(date +%s) - start )) s"
