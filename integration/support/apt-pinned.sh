# Sourced (POSIX sh) by the install.sh scripts that install Debian packages pinned by version
# (integration/openstack, integration/prometheus, integration/image); it only defines install_pinned.
#
#   install_pinned "PACKAGE=VERSION ..." "WHAT is"
#
# installs each package that is not installed at its pinned version, without recommends (the
# suites need the programs, not their documentation or optional backends). When all are, it touches
# nothing, says "WHAT installed at its pinned version; nothing to do" and ends in well under a
# second. Must run as root.
install_pinned() {
  if [ "$(id -u)" != 0 ]; then
    echo "install.sh: run as root (it installs Debian packages)" >&2
    exit 1
  fi

  missing=""
  for spec in $1; do
    name=${spec%%=*}
    want=${spec#*=}
    have=$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$name" 2>/dev/null || true)
    if [ "$have" != "installed $want" ]; then
      missing="$missing $spec"
    fi
  done

  if [ -z "$missing" ]; then
    echo "install.sh: $2 installed at its pinned version; nothing to do"
    return 0
  fi

  echo "install.sh: installing$missing"
  start=$(date +%s)
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends $missing
  echo "install.sh: installed in $(( $(date +%s) - start )) s"
}
