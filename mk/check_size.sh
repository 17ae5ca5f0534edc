#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# House-style size limits (§3.10): no .cpp over 600 lines, no main.cpp over
# 150, no test file over 800. Exceptions must be listed in README.
set -u
rc=0
for f in $(git ls-files '*.cpp' 2>/dev/null || find . -name '*.cpp'); do
    n=$(wc -l < "$f")
    limit=600
    case "$f" in */main.cpp|*_main.cpp) limit=150 ;; *_test.cpp) limit=800 ;; esac
    if [ "$n" -gt "$limit" ]; then
        echo "size: $f has $n lines (limit $limit)"; rc=1
    fi
done
exit $rc
