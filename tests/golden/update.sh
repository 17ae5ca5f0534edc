#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerate the goldens, the only way they are written (`make golden-update`;
# the tests only compare): the lvs.cf print goldens
# (tests/golden/lvs_cf/NN-topic.out, from NN-topic.cf with
# `lvsd --print-config`) and the IPVS request bytes (tests/golden/ipvs/*.hex,
# by the golden writer). Review the diff before committing.
# Usage: tests/golden/update.sh BINDIR IPVS_GOLDEN_WRITER
set -eu
bin=$1
writer=$2
for cf in tests/golden/lvs_cf/*.cf; do
    "$bin/lvsd" --print-config -c "$cf" > "${cf%.cf}.out" 2>/dev/null || echo "not valid: $cf" >&2
done
"$writer" tests/golden/ipvs
