#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run every libFuzzer target for N seconds on its seed corpus, FUZZ_JOBS
# targets at a time (default: one per CPU; each target is one process).
# tests/fuzz/NAME holds hand-named seeds and is only read: libFuzzer writes
# new inputs to the first corpus folder it is given, build/fuzz/corpus/NAME,
# and crash reproducers to build/fuzz/artifacts/.
# Usage: tests/fuzz/run.sh BINDIR SECONDS
# Appends "PASS fuzz:NAME" / "FAIL fuzz:NAME" to $TEST_RESULTS when set.
set -u
bindir=$1; secs=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$bindir")
jobs=${FUZZ_JOBS:-$(nproc)}
rc=0
one() {  # BINARY NAME: its exit status in TOP/NAME.rc
    seeds="$here/$2"
    work=$top/corpus/$2
    mkdir -p "$work" "$top/artifacts"
    "$1" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$top/artifacts/$2-" \
        "$work" "$seeds" > "$top/$2.log" 2>&1
    echo $? > "$top/$2.rc"
}
report() {  # NAME
    if [ "$(cat "$top/$1.rc")" = 0 ]; then r=PASS; else r=FAIL; rc=1; tail -40 "$top/$1.log" >&2; fi
    grep -a 'stat::number_of_executed_units' "$top/$1.log" >&2
    [ -n "${TEST_RESULTS:-}" ] && echo "$r fuzz:$1" >> "$TEST_RESULTS"
}
batch=""
for f in "$bindir"/fuzz_*; do
    [ -x "$f" ] || continue
    name=$(basename "$f"); name=${name#fuzz_}
    echo "fuzz $name for ${secs}s" >&2
    one "$f" "$name" &
    batch="$batch $name"
    [ "$(echo $batch | wc -w)" -lt "$jobs" ] && continue
    wait
    for n in $batch; do report "$n"; done
    batch=""
done
wait
for n in $batch; do report "$n"; done
exit $rc
