#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerate the lvs.cf print goldens (tests/golden/lvs_cf/NN-topic.out)
# from NN-topic.cf with `lvsd --print-config`. Review the diff before committing.
# Usage: tests/golden/update.sh BINDIR
set -eu
bin=$1
for cf in tests/golden/lvs_cf/*.cf; do
    "$bin/lvsd" --print-config -c "$cf" > "${cf%.cf}.out" 2>/dev/null || echo "not valid: $cf" >&2
done
