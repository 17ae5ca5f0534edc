#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Static checks that count as tests: man pages lint clean, sample configs
# parse, size limits hold. Appends PASS/FAIL lines to $TEST_RESULTS.
set -u
build=$1
bin="$build/bin"
res() { if [ "$2" -eq 0 ]; then echo "PASS lint:$1"; else echo "FAIL lint:$1"; fi >> "$TEST_RESULTS"; }

for m in man/*.[0-9]; do
    [ -f "$m" ] || continue
    out=$(mandoc -Tlint -W warning "$m" 2>&1)
    [ -z "$out" ]; rc=$?
    [ $rc -ne 0 ] && echo "$out" >&2
    res "mandoc:$(basename "$m")" $rc
done

for s in etc/*.cf.sample; do
    [ -f "$s" ] || continue
    [ -x "$bin/lvsd" ] || continue
    "$bin/lvsd" --test-config -c "$s" >/dev/null 2>"$build/lint-sample.err"
    rc=$?
    [ $rc -ne 0 ] && cat "$build/lint-sample.err" >&2
    res "sample:$(basename "$s")" $rc
done

sh mk/check_size.sh >&2; res "size-limits" $?
