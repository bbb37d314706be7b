#!/usr/bin/env bash
# Runs `swift test` (arguments passed on), keeps its whole output in
# .build/test.log, and when the run fails prints a short account at the end:
# every failed test and issue, and, if the test process crashed, the crash
# line and the crashed thread's frames. CI shows only the tail of a long
# log, and a crash report ends in register and image dumps that do not say
# which test was running; this keeps the cause in the part that is shown.
set -uo pipefail
cd "$(dirname "$0")/.."
swift=${SWIFT:-swift}
log=.build/test.log
mkdir -p .build
# Symbolicated frames of the crashed thread only, without the register and
# image dumps, so the crash fits in the summary.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none}"

"$swift" test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
[ "$status" = 0 ] && exit 0

{
  echo
  echo "== swift test failed (exit $status); the whole log is $log"
  echo "-- failed tests and recorded issues:"
  grep -E '✘|error: |Test Case .* failed|Fatal error' "$log" | grep -v '^✔' | head -60 || true
  echo "-- tests started but never finished (running when the process stopped):"
  # A test that started and has no pass/fail line was running at the crash.
  sed -nE 's/^◇ Test ([^ ]+\(.*\)) started\.$/\1/p' "$log" | sort -u > .build/test-started.txt
  sed -nE 's/^(✔|✘) Test ([^ ]+\([^)]*\))( with [0-9]+ test cases?)? (passed|failed|recorded|skipped).*/\2/p' "$log" | sort -u > .build/test-ended.txt
  comm -23 .build/test-started.txt .build/test-ended.txt | head -40
  if grep -q 'Program crashed' "$log"; then
    echo "-- the crash:"
    sed -n '/Program crashed/,/^Backtrace took/p' "$log" | grep -vE '^\s*$' | head -80
  fi
} >&2
exit "$status"
