#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run test groups and print one closing line "N passed, N failed".
# Usage: tests/run_all.sh BUILD GROUP...   (GROUP: unit lint e2e)
# Each group appends "PASS name" / "FAIL name" lines to a results file
# ($TEST_RESULTS, default BUILD/test-results.txt). The closing line counts
# every line of that file, so .ci/run can accumulate several runs. A check
# that could not run is a FAIL line, or a SKIP line (counted on a line of its
# own) where the group allows it (tests/lint.sh: LINT_ALLOW_SKIP=1).
set -u
build=$1; shift
here=$(dirname "$0")
results=${TEST_RESULTS:-$build/test-results.txt}
mkdir -p "$(dirname "$results")"
[ -n "${TEST_RESULTS:-}" ] && [ -f "$results" ] || : > "$results"
export TEST_RESULTS="$results" BUILD="$build"
# The exit status is this run's: a FAIL line an earlier run left in a shared
# tally (.ci/run) does not fail the groups run here.
failed_before=$(grep -c '^FAIL ' "$results")

run_gtest() {  # $1 = binary
    bin=$1; name=$(basename "$bin")
    log="$build/tests/$name.log"
    "$bin" --gtest_color=no > "$log" 2>&1
    rc=$?
    grep -a '^\[       OK \] ' "$log" | sed "s/^\[       OK \] \([^ ]*\).*/PASS $name:\1/" >> "$results"
    grep -a '^\[  FAILED  \] .* ms)$' "$log" | sed "s/^\[  FAILED  \] \([^ ,]*\).*/FAIL $name:\1/" >> "$results"
    nfail=$(grep -ac '^\[  FAILED  \] .* ms)$' "$log")
    if [ "$rc" -ne 0 ]; then
        [ "$nfail" -eq 0 ] && echo "FAIL $name:exit-status-$rc" >> "$results"
        echo "--- $name failed (rc=$rc); log: $log" >&2
        grep -a -B3 -A15 '^\[  FAILED  \]\|ERROR: \|runtime error\|Sanitizer' "$log" | head -80 >&2
    fi
    printf '%-28s %s passed, %s failed\n' "$name" \
        "$(grep -ac '^\[       OK \] ' "$log")" "$nfail"
}

for group in "$@"; do
    case "$group" in
    unit)
        for b in "$build"/tests/test_*; do
            [ -x "$b" ] && run_gtest "$b"
        done ;;
    lint)
        sh "$here/lint.sh" "$build" ;;
    e2e)
        sh "$here/e2e/run.sh" "$build" ;;
    *) echo "unknown test group $group" >&2; exit 2 ;;
    esac
done

grep '^FAIL ' "$results" | sed 's/^/  /' >&2
# Skips allowed on a development machine (LINT_ALLOW_SKIP=1); without it a
# skip is a FAIL line.
skipped=$(grep -c '^SKIP ' "$results")
if [ "$skipped" -gt 0 ]; then
    grep '^SKIP ' "$results" | sed 's/^/  /' >&2
    echo "$skipped skipped (not tested here; CI counts a skip as failed)"
fi
passed=$(grep -c '^PASS ' "$results")
failed=$(grep -c '^FAIL ' "$results")
echo "$passed passed, $failed failed"
[ "$failed" -eq "$failed_before" ] && [ "$passed" -gt 0 ]
