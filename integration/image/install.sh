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

# The check, the root test and the apt-get call, shared with the other install.sh.
. "$(dirname "$0")/../support/apt-pinned.sh"
install_pinned "$PINNED" "skopeo, umoci and runc are"
