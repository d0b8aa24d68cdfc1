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

# The check, the root test and the apt-get call, shared with the other install.sh.
. "$(dirname "$0")/../support/apt-pinned.sh"
install_pinned "$PINNED" "every OpenStack package is"
