#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Size limits that keep files and functions readable in one sitting: no .cpp
# over 600 lines, no main.cpp over 150, no test file over 800, and no
# function over 80 lines outside the tests (mk/function_length.awk; test
# bodies are long tables of cases). Exceptions must be listed in README.
# Usage: mk/check_size.sh                   the whole tree
#        mk/check_size.sh --functions FILE...  function lengths of FILEs only
set -u
awk_rules="$(dirname "$0")/function_length.awk"
fn_limit=80
if [ "${1:-}" = "--functions" ]; then
    shift
    [ $# -eq 0 ] && exit 0
    out=$(awk -v lim=$fn_limit -f "$awk_rules" "$@") || exit 2
    [ -z "$out" ] && exit 0
    echo "$out" | sed 's/^/size: /'
    exit 1
fi
rc=0
files=$(git ls-files '*.cpp' '*.h' 2>/dev/null || find . -name '*.cpp' -o -name '*.h')
for f in $files; do
    case "$f" in *.cpp) ;; *) continue ;; esac
    n=$(wc -l < "$f")
    limit=600
    case "$f" in */main.cpp|*_main.cpp) limit=150 ;; *_test.cpp) limit=800 ;; esac
    if [ "$n" -gt "$limit" ]; then
        echo "size: $f has $n lines (limit $limit)"; rc=1
    fi
done
# shellcheck disable=SC2046,SC2086  # one word per file name; none has a blank
sh "$0" --functions $(printf '%s\n' $files | grep -v -e '^tests/' -e '^\./tests/' -e '_test\.cpp$') || rc=1
exit $rc
