#!/usr/bin/env bash
# Installs what tplpatch's build and tests need and the machine lacks:
# libyaml (the system YAML library, pkg-config yaml-0.1) and moto_server (a
# real S3-compatible server for the publish tests), pre-commit (for the
# hook test) and script (a pseudo-terminal for the terminal tests). Fails,
# never skips, when
# a required component cannot be had.
set -euo pipefail

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "install-deps: need root (or sudo) to run: $*" >&2; return 1; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

if ! command -v pkg-config >/dev/null || ! pkg-config --exists yaml-0.1; then
  echo "install-deps: installing libyaml-dev and pkg-config" >&2
  apt_install libyaml-dev pkg-config
fi
pkg-config --exists yaml-0.1 || { echo "install-deps: libyaml (pkg-config yaml-0.1) is still missing" >&2; exit 1; }

if ! command -v python3 >/dev/null; then
  echo "install-deps: installing python3" >&2
  apt_install python3 python3-pip
fi
if ! command -v moto_server >/dev/null; then
  echo "install-deps: installing moto[server] from PyPI" >&2
  python3 -m pip install --quiet 'moto[server]' || python3 -m pip install --quiet --break-system-packages 'moto[server]'
  hash -r
fi
command -v moto_server >/dev/null || { echo "install-deps: moto_server is still missing" >&2; exit 1; }

# pre-commit, for the test of the tplpatch-check hook (.pre-commit-hooks.yaml).
if ! command -v pre-commit >/dev/null; then
  echo "install-deps: installing pre-commit from PyPI" >&2
  python3 -m pip install --quiet pre-commit || python3 -m pip install --quiet --break-system-packages pre-commit
  hash -r
fi
command -v pre-commit >/dev/null || { echo "install-deps: pre-commit is still missing" >&2; exit 1; }

# script (util-linux; Debian's bsdutils), which gives the terminal tests
# (TerminalCLITests) a real pseudo-terminal.
if ! command -v script >/dev/null; then
  echo "install-deps: installing bsdutils (script)" >&2
  apt_install bsdutils
fi
command -v script >/dev/null || { echo "install-deps: script (util-linux) is still missing" >&2; exit 1; }
