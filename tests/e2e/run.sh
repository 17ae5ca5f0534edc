#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run every end-to-end scenario, one guest boot each. Appends
# "PASS e2e:SCENARIO:CHECK" / "FAIL ..." lines to $TEST_RESULTS.
# A guest that cannot boot or run a scenario is a FAIL, never a skip.
# Usage: tests/e2e/run.sh BUILD     (E2E_ONLY="NN-name ..." to run some)
# E2E_SAN=1: BUILD is a sanitizer build; results are named e2e-asan:...,
# timing bounds are not asserted and a sanitizer report fails the scenario.
# E2E_DIR: where the kernel and the initramfs are (default BUILD/e2e).
# E2E_SCRIPTS and E2E_TAG run other guest scripts under their own name
# (make deb-test: tests/deb/install.sh as deb:install:CHECK).
# A scenario with a line "# e2e-opt-in: WHY" runs only when E2E_ONLY names
# it: a line says so, and it counts neither way.
set -u
build=$1
results=${TEST_RESULTS:-/dev/null}
if ! sh tests/e2e/setup.sh "$build" > "$build/e2e-setup.log" 2>&1; then
    cat "$build/e2e-setup.log" >&2
    echo "FAIL e2e:setup" >> "$results"
    exit 1
fi
# The guest kernel is whatever Debian 12 ships today (linux-image-amd64), so a
# kernel update can change what the scenarios see. Say which kernel ran, and
# say it loudly when it is not the one the scenarios were last verified on.
ver=$(cat "${E2E_DIR:-$build/e2e}/kernel/.ready")
known=$(sed -n 's/^kernel = //p' tests/e2e/KERNEL)
echo "e2e: guest kernel $ver"
[ "$ver" = "$known" ] || echo "e2e: NOTE: guest kernel $ver is not $known, the one tests/e2e/KERNEL names; a failure may be the kernel's change"
tag=${E2E_TAG:-e2e}; [ "${E2E_SAN:-0}" = 1 ] && tag=e2e-asan
rc=0
for s in ${E2E_SCRIPTS:-tests/e2e/scenarios/*.sh}; do
    name=$(basename "$s" .sh)
    [ -n "${E2E_ONLY:-}" ] && case " $E2E_ONLY " in *" $name "*) ;; *) continue ;; esac
    why=$(sed -n 's/^# e2e-opt-in: //p' "$s")
    if [ -n "$why" ] && [ -z "${E2E_ONLY:-}" ]; then
        printf '%s %-28s not run: opt-in (%s); E2E_ONLY=%s runs it\n' "$tag" "$name" "$why" "$name"
        continue
    fi
    out="$build/e2e/run/$name"
    start=$(date +%s)
    # A scenario may ask for more than the default 600 s: "# e2e-timeout: N".
    limit=$(sed -n 's/^# e2e-timeout: \([0-9]*\)$/\1/p' "$s")
    sh tests/e2e/guest.sh "$build" "$s" "$out" "${E2E_TIMEOUT:-${limit:-600}}"
    src=$?
    secs=$(( $(date +%s) - start ))
    n=$(grep -c '^\(PASS\|FAIL\) ' "$out/output.log" 2>/dev/null || echo 0)
    grep '^\(PASS\|FAIL\) ' "$out/output.log" 2>/dev/null | sed "s/^\(PASS\|FAIL\) /\1 $tag:$name:/" >> "$results"
    if [ "$src" -ne 0 ] || [ "$n" -eq 0 ]; then
        rc=1
        if ! grep -q '^FAIL ' "$out/output.log" 2>/dev/null; then
            echo "FAIL $tag:$name:exit-status-$src" >> "$results"
        fi
        echo "--- $tag $name failed (status $src, ${secs}s); output:" >&2
        tail -40 "$out/output.log" >&2 2>/dev/null || tail -30 "$out/console.log" >&2
    fi
    printf '%s %-28s %s (%ss)\n' "$tag" "$name" "$( [ $src -eq 0 ] && echo ok || echo FAILED)" "$secs"
done
exit $rc
