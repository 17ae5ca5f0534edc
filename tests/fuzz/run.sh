#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run every libFuzzer target for N seconds on its seed corpus.
# tests/fuzz/NAME holds hand-named seeds and is only read: libFuzzer writes
# new inputs to the first corpus folder it is given, build/fuzz/corpus/NAME,
# and crash reproducers to build/fuzz/artifacts/.
# Usage: tests/fuzz/run.sh BINDIR SECONDS
# Appends "PASS fuzz:NAME" / "FAIL fuzz:NAME" to $TEST_RESULTS when set.
set -u
bindir=$1; secs=$2
here=$(cd "$(dirname "$0")" && pwd)
rc=0
for f in "$bindir"/fuzz_*; do
    [ -x "$f" ] || continue
    name=$(basename "$f"); name=${name#fuzz_}
    seeds="$here/$name"
    work=$(dirname "$bindir")/corpus/$name
    mkdir -p "$work" "$(dirname "$bindir")/artifacts"
    echo "fuzz $name for ${secs}s" >&2
    if "$f" -max_total_time="$secs" -print_final_stats=1 \
        -artifact_prefix="$(dirname "$bindir")/artifacts/$name-" \
        "$work" "$seeds" > "$(dirname "$bindir")/$name.log" 2>&1; then
        r=PASS
    else
        r=FAIL; rc=1; tail -40 "$(dirname "$bindir")/$name.log" >&2
    fi
    grep -a 'stat::number_of_executed_units' "$(dirname "$bindir")/$name.log" >&2
    [ -n "${TEST_RESULTS:-}" ] && echo "$r fuzz:$name" >> "$TEST_RESULTS"
done
exit $rc
