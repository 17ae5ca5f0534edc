#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make demo: prepare the test kernel (cached), boot one guest, and show the
# demo's narration as it happens.
set -u
build=$1
start=$(date +%s)
echo "Preparing the test guest (Debian kernel, cached under $build/e2e) ..."
if ! sh tests/e2e/setup.sh "$build" > "$build/e2e-setup.log" 2>&1; then
    cat "$build/e2e-setup.log" >&2
    exit 1
fi
out="$build/demo"
mkdir -p "$out"
: > "$out/output.log"
sh tests/e2e/guest.sh "$build" tests/demo/demo.sh "$out" 300 &
guest=$!
tail -n +1 -F "$out/output.log" --pid=$guest 2>/dev/null
wait $guest
rc=$?
echo
echo "demo finished in $(( $(date +%s) - start )) s (exit status $rc)"
exit $rc
