#!/usr/bin/env bash
# make dist: a self-contained tplpatch for Linux (README "Binary releases").
#
# Builds tplpatch in release mode with the Swift standard library and
# Foundation linked statically (--static-swift-stdlib) and libyaml linked
# statically from libyaml-dev's libyaml.a, then packs
#   dist/tplpatch-VERSION-linux-ARCH.tar.gz  (one folder of that name:
#     bin/tplpatch, share/ with the completions and the man page,
#     README.md, CHANGELOG.md, LICENSE when the repository has one, and a
#     SHA256SUMS of those files)
#   dist/SHA256SUMS                          (of the tarball)
# The binary then needs only glibc (libc, libm), zlib and libstdc++/libgcc_s,
# which every Debian or Ubuntu system has.
set -euo pipefail
cd "$(dirname "$0")/.."
swift=${SWIFT:-swift}
out=${DIST_DIR:-dist}
stage_root=.build/dist-stage

# The man page comes from swift-argument-parser's generate-manual plugin,
# which builds every product and reads the help texts from
# `tplpatch --experimental-dump-help`. It uses the debug build (`make test`
# has made it; the help texts are the same in any configuration) and runs
# before PKG_CONFIG_PATH is changed below: a release build of its own would
# differ in its flags from the static build, and each would rebuild the
# whole package over the other.
"$swift" package plugin generate-manual --configuration debug >&2
manual=.build/plugins/GenerateManual/outputs/tplpatch/tplpatch.1
[ -s "$manual" ] || { echo "dist: the generate-manual plugin wrote no $manual" >&2; exit 1; }

# -lyaml from pkg-config yaml-0.1 comes after `-L$libdir` (pkg-config's
# own Libs line), which also holds libyaml.so, so a -L of ours would be
# searched too late. Instead the build reads a copy of yaml-0.1.pc (through
# PKG_CONFIG_PATH, which SwiftPM honours) whose libdir is a folder holding
# only libyaml.a: -lyaml then finds the static archive. The Cflags are the
# system's, so nothing is compiled again for it. Only make dist sets it, so
# `swift build` and `make test` keep linking the shared library.
pcfile="$(pkg-config --variable=pcfiledir yaml-0.1)/yaml-0.1.pc"
libdir=$(pkg-config --variable=libdir yaml-0.1)
[ -f "$libdir/libyaml.a" ] || { echo "dist: $libdir/libyaml.a not found (libyaml-dev ships it)" >&2; exit 1; }
static_dir="$PWD/.build/dist-static-libs"
mkdir -p "$static_dir/pkgconfig"
ln -sf "$libdir/libyaml.a" "$static_dir/libyaml.a"
sed "s|^libdir=.*|libdir=$static_dir|" "$pcfile" > "$static_dir/pkgconfig/yaml-0.1.pc"
export PKG_CONFIG_PATH="$static_dir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
release_flags=(-c release)

"$swift" build "${release_flags[@]}" --product tplpatch --static-swift-stdlib
bin="$("$swift" build "${release_flags[@]}" --show-bin-path)/tplpatch"

if ldd "$bin" | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime|libyaml' >&2; then
  echo "dist: $bin still links the libraries above dynamically" >&2
  exit 1
fi

version=$("$bin" --version | cut -d' ' -f1)
arch=$(uname -m)
name="tplpatch-$version-linux-$arch"
stage="$stage_root/$name"
rm -rf "$stage_root" && mkdir -p "$stage/bin" "$stage/share/man/man1" \
  "$stage/share/bash-completion/completions" "$stage/share/zsh/site-functions" "$stage/share/fish/vendor_completions.d"
install -m 755 "$bin" "$stage/bin/tplpatch"
strip "$stage/bin/tplpatch"
install -m 644 "$manual" "$stage/share/man/man1/tplpatch.1"
"$bin" --generate-completion-script bash > "$stage/share/bash-completion/completions/tplpatch"
"$bin" --generate-completion-script zsh > "$stage/share/zsh/site-functions/_tplpatch"
"$bin" --generate-completion-script fish > "$stage/share/fish/vendor_completions.d/tplpatch.fish"
install -m 644 README.md CHANGELOG.md "$stage/"
if [ -f LICENSE ]; then
  install -m 644 LICENSE "$stage/"
else
  echo "dist: warning: the repository has no LICENSE file, so the tarball has none" >&2
fi
(cd "$stage" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)

# The same bytes from the same commit: fixed owner, order and times (the
# commit's time, else now).
mtime=$(git log -1 --format=%cI 2>/dev/null || date -u +%Y-%m-%dT%H:%M:%SZ)
mkdir -p "$out"
rm -f "$out/$name.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$mtime" -C "$stage_root" -cf - "$name" \
  | gzip -n -9 > "$out/$name.tar.gz"
(cd "$out" && sha256sum "$name.tar.gz" > SHA256SUMS)
echo "$out/$name.tar.gz"
