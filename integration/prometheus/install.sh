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

# The check, the root test and the apt-get call, shared with the other install.sh.
. "$(dirname "$0")/../support/apt-pinned.sh"
install_pinned "$PINNED" "Prometheus is"
