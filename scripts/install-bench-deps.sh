#!/usr/bin/env bash
# Installs the peers that `make bench` compares tplpatch with: Go and
# Debian's hashicorp/hcl sources (for Benchmarks/hclpeer), jq, GNU time, a C
# compiler with libyaml (for Benchmarks/yamlpeer and Benchmarks/measure), and
# bump-my-version from PyPI. Never fails: it says what it could not
# install, and the bench reports that peer as missing.
set -uo pipefail

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "install-bench-deps: need root (or sudo) to run: $*" >&2; return 1; fi
}

missing=()
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq || true; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Debian packages: each is tried alone, so one that is unavailable does not
# keep the others out. The hcl package pulls in its Go dependencies
# (go-cty, go-textseg, levenshtein, go-cmp, go-wordwrap) as Debian packages.
want_apt=()
command -v go >/dev/null || want_apt+=(golang-go)
[ -d /usr/share/gocode/src/github.com/hashicorp/hcl/v2/hclwrite ] || want_apt+=(golang-github-hashicorp-hcl-v2-dev)
command -v jq >/dev/null || want_apt+=(jq)
[ -x /usr/bin/time ] || want_apt+=(time)
command -v cc >/dev/null || want_apt+=(gcc)
command -v pkg-config >/dev/null && pkg-config --exists yaml-0.1 || want_apt+=(libyaml-dev pkg-config)
for package in "${want_apt[@]}"; do
  echo "install-bench-deps: installing $package (apt)" >&2
  apt_install "$package" || missing+=("$package (apt-get install $package)")
done

if ! command -v bump-my-version >/dev/null; then
  echo "install-bench-deps: installing bump-my-version (pip)" >&2
  { python3 -m pip install --quiet bump-my-version 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages bump-my-version; } >/dev/null 2>&1 \
    || missing+=("bump-my-version (pip install bump-my-version)")
  hash -r
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-bench-deps: could not install (the bench reports these peers as missing):" >&2
  printf '  %s\n' "${missing[@]}" >&2
fi
exit 0
