#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run every end-to-end scenario, one guest boot each. Appends
# "PASS e2e:SCENARIO:CHECK" / "FAIL ..." lines to $TEST_RESULTS.
# A guest that cannot boot or run a scenario is a FAIL, never a skip.
# Usage: tests/e2e/run.sh BUILD     (E2E_ONLY=NN-name to run one)
set -u
build=$1
results=${TEST_RESULTS:-/dev/null}
if ! sh tests/e2e/setup.sh "$build" > "$build/e2e-setup.log" 2>&1; then
    cat "$build/e2e-setup.log" >&2
    echo "FAIL e2e:setup" >> "$results"
    exit 1
fi
rc=0
for s in tests/e2e/scenarios/*.sh; do
    name=$(basename "$s" .sh)
    [ -n "${E2E_ONLY:-}" ] && [ "$name" != "$E2E_ONLY" ] && continue
    out="$build/e2e/run/$name"
    start=$(date +%s)
    sh tests/e2e/guest.sh "$build" "$s" "$out" "${E2E_TIMEOUT:-600}"
    src=$?
    secs=$(( $(date +%s) - start ))
    n=$(grep -c '^\(PASS\|FAIL\) ' "$out/output.log" 2>/dev/null || echo 0)
    grep '^\(PASS\|FAIL\) ' "$out/output.log" 2>/dev/null | sed "s/^\(PASS\|FAIL\) /\1 e2e:$name:/" >> "$results"
    if [ "$src" -ne 0 ] || [ "$n" -eq 0 ]; then
        rc=1
        if ! grep -q '^FAIL ' "$out/output.log" 2>/dev/null; then
            echo "FAIL e2e:$name:exit-status-$src" >> "$results"
        fi
        echo "--- e2e $name failed (status $src, ${secs}s); output:" >&2
        tail -40 "$out/output.log" >&2 2>/dev/null || tail -30 "$out/console.log" >&2
    fi
    printf 'e2e %-28s %s (%ss)\n' "$name" "$( [ $src -eq 0 ] && echo ok || echo FAILED)" "$secs"
done
exit $rc
