#!/bin/sh
# Installs the real OpenStack services the openstack suite runs (Debian bookworm's OpenStack Zed),
# pinned by version. Idempotent: when every package is already installed at its pinned version it
# touches nothing and ends in well under a second. Runs as root. The packages' own daemons stay
# stopped (the image's /usr/sbin/policy-rc.d refuses to start them, and that is kept): the suite
# starts each service itself, on loopback, with its own config and state folder.
set -eu

# package=version, as apt-get install takes them.
PINNED="
keystone=2:22.0.2-0+deb12u6
heat-api=1:19.0.0-3
heat-engine=1:19.0.0-3
magnum-api=15.0.1-4
magnum-conductor=15.0.1-4
rabbitmq-server=3.10.8-1.1+deb12u1
mariadb-server=1:10.11.19-0+deb12u1
sqlite3=3.40.1-2+deb12u2
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
  echo "install.sh: every OpenStack package is installed at its pinned version; nothing to do"
  exit 0
fi

echo "install.sh: installing$missing"
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# No recommends: the suite needs the services, not their documentation or optional backends.
apt-get install -y -q --no-install-recommends $missing
echo "install.sh: installed in $(( $(date +%s) - start )) s"
