#!/usr/bin/env bash
# make dist-check: proves the tarball `make dist` made runs where Swift is
# not installed (README "Binary releases"). Fails, never skips.
#
# 1. dist/SHA256SUMS checks the tarball; the tarball holds exactly the
#    expected files, and its own SHA256SUMS checks them.
# 2. ldd of the binary names no libswift*, Foundation, dispatch or libyaml.
# 3. `tplpatch set chroma_version 1.2.3 --diff` on a copy of fixtures/chroma
#    inside a minimal Debian root made by debootstrap (no Swift in it), run
#    there with chroot, with /proc mounted in a mount namespace of its own.
#    The root is cached under $TPLPATCH_DIST_ROOT_CACHE (default
#    /var/cache/tplpatch/debootstrap), one per suite and day, outside the
#    repository. When debootstrap cannot make a root (no mirror), the run
#    happens instead on this machine under `env -i` with an empty folder
#    mounted over the toolchain ($SWIFT_TOOLCHAIN_DIR, default /opt/swift).
#    The script says which it did.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
out=${DIST_DIR:-dist}
toolchain=${SWIFT_TOOLCHAIN_DIR:-/opt/swift}
cache=${TPLPATCH_DIST_ROOT_CACHE:-/var/cache/tplpatch/debootstrap}
suite=${TPLPATCH_DIST_SUITE:-$( (. /etc/os-release && echo "${VERSION_CODENAME:-}") 2>/dev/null || true)}
suite=${suite:-bookworm}
mirror=${TPLPATCH_DIST_MIRROR:-http://deb.debian.org/debian}

fail() { echo "dist-check: FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (chroot, mount namespaces)"

# 1. The checksums and the contents.
[ -f "$out/SHA256SUMS" ] || fail "$out/SHA256SUMS missing: run make dist"
(cd "$out" && sha256sum --quiet -c SHA256SUMS) || fail "$out/SHA256SUMS does not match"
tarball=$(awk '{print $2; exit}' "$out/SHA256SUMS")
name=${tarball%.tar.gz}
case "$name" in tplpatch-*-linux-"$(uname -m)") ;; *) fail "tarball name $tarball is not tplpatch-VERSION-linux-$(uname -m).tar.gz" ;; esac
version=${name#tplpatch-}; version=${version%-linux-*}

work=$(mktemp -d)
cleanup() { rm -rf "$work"; [ -n "${inroot:-}" ] && rm -rf "$inroot"; return 0; }
trap cleanup EXIT
tar -xzf "$out/$tarball" -C "$work"
expected="$name/
$name/CHANGELOG.md
$name/README.md
$name/SHA256SUMS
$name/bin/
$name/bin/tplpatch
$name/share/
$name/share/bash-completion/
$name/share/bash-completion/completions/
$name/share/bash-completion/completions/tplpatch
$name/share/fish/
$name/share/fish/vendor_completions.d/
$name/share/fish/vendor_completions.d/tplpatch.fish
$name/share/man/
$name/share/man/man1/
$name/share/man/man1/tplpatch.1
$name/share/zsh/
$name/share/zsh/site-functions/
$name/share/zsh/site-functions/_tplpatch"
[ -f LICENSE ] && expected=$(printf '%s\n%s/LICENSE' "$expected" "$name" | LC_ALL=C sort)
actual=$(tar -tzf "$out/$tarball" | LC_ALL=C sort)
[ "$actual" = "$(echo "$expected" | LC_ALL=C sort)" ] || fail "the tarball holds:
$actual
expected:
$expected"
(cd "$work/$name" && sha256sum --quiet -c SHA256SUMS) || fail "the tarball's SHA256SUMS does not match its files"
grep -Eq '^\.(TH|Dt) TPLPATCH 1' "$work/$name/share/man/man1/tplpatch.1" || fail "tplpatch.1 is not a man page (no .Dt/.TH TPLPATCH 1 line)"
grep -q 'complete' "$work/$name/share/bash-completion/completions/tplpatch" || fail "the bash completion is empty"
echo "dist-check: $tarball: checksums and the $(echo "$actual" | grep -vc '/$') files as expected"

# 2. What the binary links.
bin="$work/$name/bin/tplpatch"
links=$(ldd "$bin")
echo "$links" | sed 's/^/  ldd: /'
echo "$links" | grep -Eq 'libswift|libFoundation|libdispatch|libBlocksRuntime|libyaml|not found' \
  && fail "the binary links a Swift, Foundation or libyaml library dynamically"
echo "dist-check: ldd names no libswift*"

# The sample's bump as a user would run it: exit 0, a diff of exactly the
# five target files, then get reads back 1.2.3 everywhere. $1 runs a shell
# command where Swift is absent; $2 is the sample's folder as that command
# sees it, $3 the binary's path as it sees it.
check_sample() {
  local run=$1 sample=$2 tool=$3
  local diff_out get_out
  diff_out=$($run "cd '$sample' && '$tool' set chroma_version 1.2.3 --diff") || fail "set chroma_version 1.2.3 --diff exited $?"
  echo "$diff_out" | sed 's/^/  /'
  local files
  files=$(echo "$diff_out" | sed -n 's|^+++ b/||p' | LC_ALL=C sort | tr '\n' ' ')
  [ "$files" = "chromadb/__init__.py deployments/aws/chroma.cf.json deployments/azure/chroma.tfvars.tf deployments/azure/main.tf deployments/gcp/chroma.tfvars deployments/gcp/main.tf " ] \
    || fail "the diff changes these files: $files"
  echo "$diff_out" | grep '^-[^-]' | grep -vq '0\.5\.20' && fail "a removed line does not hold the old value"
  echo "$diff_out" | grep '^+[^+]' | grep -vq '1\.2\.3' && fail "an added line does not hold the new value"
  [ "$(echo "$diff_out" | grep -c '^+[^+]')" = 6 ] || fail "the diff does not add six lines"
  get_out=$($run "cd '$sample' && '$tool' get chroma_version") || fail "get chroma_version after set exited $?"
  echo "$get_out" | grep -q '0\.5\.20' && fail "get still finds 0.5.20: $get_out"
  local version_line
  version_line=$($run "'$tool' --version") || fail "--version exited $?"
  [ "$version_line" = "$version (commit ${TPLPATCH_GIT_COMMIT:-unknown})" ] || fail "--version prints '$version_line'"
  return 0
}

# 3. A minimal Debian root, made once per suite and day.
root="$cache/$suite-minbase-$(date -u +%Y%m%d)"
if [ ! -x "$root/bin/sh" ]; then
  command -v debootstrap >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
  } || true
  if command -v debootstrap >/dev/null; then
    mkdir -p "$cache"
    rm -rf "$cache/$suite-minbase-"* "$cache/.making"
    echo "dist-check: debootstrap --variant=minbase $suite (cached in $cache)" >&2
    start=$(date +%s)
    if debootstrap --variant=minbase "$suite" "$cache/.making" "$mirror" > "$cache/debootstrap.log" 2>&1; then
      mv "$cache/.making" "$root"
      echo "dist-check: the root took $(($(date +%s) - start)) s" >&2
    else
      tail -5 "$cache/debootstrap.log" >&2
      rm -rf "$cache/.making"
    fi
  fi
fi

if [ -x "$root/bin/sh" ]; then
  [ -z "$(find "$root" -name 'libswift*' -print -quit)" ] || fail "the Debian root has a Swift library"
  inroot=$(mktemp -d "$root/tmp/tplpatch-dist-check.XXXXXX")
  rel=${inroot#"$root"}
  tar -xzf "$out/$tarball" -C "$inroot"
  cp -R fixtures/chroma "$inroot/chroma"
  in_root() {
    unshare --mount --fork -- sh -c 'mount -t proc proc "$1/proc" && exec chroot "$1" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 /bin/sh -c "$2"' \
      sh "$root" "$1"
  }
  check_sample in_root "$rel/chroma" "$rel/$name/bin/tplpatch"
  echo "dist-check: OK: the tarball's tplpatch ran the sample's bump in a minimal Debian $suite root without Swift"
else
  echo "dist-check: no Debian root (debootstrap failed: see above); running under env -i with $toolchain hidden instead" >&2
  [ -d "$toolchain" ] || fail "$toolchain is not a folder"
  cp -R fixtures/chroma "$work/chroma"
  hidden() {
    unshare --mount --fork -- sh -c 'mount -t tmpfs -o ro,size=1m empty "$1" && exec env -i PATH=/usr/bin:/bin HOME=/nonexistent LD_LIBRARY_PATH= /bin/sh -c "$2"' \
      sh "$toolchain" "$1"
  }
  hidden "test ! -e '$toolchain/usr/bin/swift'" || fail "the toolchain is still visible"
  check_sample hidden "$work/chroma" "$bin"
  echo "dist-check: OK: the tarball's tplpatch ran the sample's bump under env -i with $toolchain hidden (no Debian root)"
fi
