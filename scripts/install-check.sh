#!/usr/bin/env bash
# make install-check: `make install PREFIX=/usr/local DESTDIR=<temp>` puts
# exactly the expected files where the conventions say, the installed
# binary and man page work, and `make uninstall` removes every one of them.
set -euo pipefail
cd "$(dirname "$0")/.."
make=${MAKE:-make}
destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT
fail() { echo "install-check: FAIL: $*" >&2; exit 1; }

"$make" --no-print-directory install PREFIX=/usr/local DESTDIR="$destdir"
expected="usr/local/bin/tplpatch
usr/local/share/bash-completion/completions/tplpatch
usr/local/share/fish/vendor_completions.d/tplpatch.fish
usr/local/share/man/man1/tplpatch.1
usr/local/share/zsh/site-functions/_tplpatch"
actual=$(cd "$destdir" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort)
[ "$actual" = "$expected" ] || fail "make install wrote:
$actual
expected:
$expected"
[ "$(stat -c %a "$destdir/usr/local/bin/tplpatch")" = 755 ] || fail "the binary is not mode 755"
for f in share/man/man1/tplpatch.1 share/bash-completion/completions/tplpatch share/zsh/site-functions/_tplpatch \
  share/fish/vendor_completions.d/tplpatch.fish; do
  [ "$(stat -c %a "$destdir/usr/local/$f")" = 644 ] || fail "$f is not mode 644"
done
"$destdir/usr/local/bin/tplpatch" --version > /dev/null || fail "the installed tplpatch does not run"
grep -Eq '^\.(TH|Dt) TPLPATCH 1' "$destdir/usr/local/share/man/man1/tplpatch.1" || fail "tplpatch.1 is not a man page (no .Dt/.TH TPLPATCH 1 line)"
grep -q '^#compdef tplpatch' "$destdir/usr/local/share/zsh/site-functions/_tplpatch" || fail "_tplpatch is not a zsh completion"
grep -Eq "^complete -c '?tplpatch'? " "$destdir/usr/local/share/fish/vendor_completions.d/tplpatch.fish" || fail "tplpatch.fish is not a fish completion"
bash -n "$destdir/usr/local/share/bash-completion/completions/tplpatch" || fail "the bash completion does not parse"
echo "install-check: make install wrote exactly:"
echo "$expected" | sed 's/^/  /'

"$make" --no-print-directory uninstall PREFIX=/usr/local DESTDIR="$destdir"
left=$(cd "$destdir" && find . ! -type d)
[ -z "$left" ] || fail "make uninstall left: $left"
echo "install-check: OK: make uninstall removed them all"
