#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pulse.service's TimeoutStopSec covers the longest stop pulse(8) documents,
# with a margin, and the man page, the unit and the init script agree.
# Usage: tests/stop_timeout.sh UNIT MANPAGE INITSCRIPT SUPERVISION_SOURCE
#        tests/stop_timeout.sh --self-test
# Every number is read from the files: N from the man page's "The stop
# timeout (N s)", M from "stop_cmd for at most M s", K from "a margin of K s"
# and D from "deadtime is at most D s" (its SYSTEMD section, macros
# stripped); fos's grace from kFosGrace in the supervision source. Passes
# when TimeoutStopSec = STOP_TIMEOUT = N = D + M + K, K > 0, M = kFosGrace.
set -u

check() {  # UNIT MAN INIT SRC
    unit=$(sed -n 's/^TimeoutStopSec=\([0-9][0-9]*\)$/\1/p' "$1")
    text=$(sed -n '/^\.SH SYSTEMD/,/^\.SH [^S]/p' "$2" | sed 's/^\.[A-Za-z]* //; s/\\f[BIRP]//g; s/"//g' |
        tr '\n' ' ' | tr -s ' ')
    num() { echo "$text" | sed -n "s/.*$1 \\([0-9][0-9]*\\) s.*/\\1/p"; }
    n=$(echo "$text" | sed -n 's/.*The stop timeout (\([0-9][0-9]*\) s).*/\1/p')
    m=$(num 'stop_cmd for at most') k=$(num 'a margin of') d=$(num 'deadtime is at most')
    init=$(sed -n 's/^STOP_TIMEOUT=\([0-9][0-9]*\)$/\1/p' "$3")
    grace=$(sed -n 's/.*kFosGrace = std::chrono::seconds(\([0-9][0-9]*\)).*/\1/p' "$4")
    for v in unit n m k d init grace; do
        eval "x=\$$v"
        [ -n "$x" ] || { echo "stop timeout: $v not found (unit $1, man $2, init $3, source $4)" >&2; return 1; }
    done
    rc=0
    [ "$unit" = "$n" ] || { echo "TimeoutStopSec=$unit in $1, but $2 says $n s" >&2; rc=1; }
    [ "$init" = "$n" ] || { echo "STOP_TIMEOUT=$init in $3, but $2 says $n s" >&2; rc=1; }
    [ "$m" = "$grace" ] || { echo "$2: fos's stop at most $m s, but kFosGrace is $grace s" >&2; rc=1; }
    [ "$k" -gt 0 ] || { echo "$2: no margin over the longest stop" >&2; rc=1; }
    [ "$n" -eq $((d + m + k)) ] ||
        { echo "$2: stop timeout $n s is not deadtime $d + fos $m + margin $k s" >&2; rc=1; }
    [ $rc -eq 0 ] && echo "stop timeout $unit s = deadtime $d + fos stop_cmd $m + margin $k s"
    return $rc
}

self_test() {  # (check sets rc: sh has no local variables)
    t=$(mktemp -d)
    bad=0
    write() {  # UNIT_SECS MAN_SECS INIT_SECS MARGIN
        echo "TimeoutStopSec=$1" > "$t/u"
        printf '.SH SYSTEMD\nThe stop timeout (%s s) covers the longest stop, the\n.B stop_cmd\nfor at most 60 s, with a margin of %s s, as long as\n.B deadtime\nis at most 30 s.\n.SH LOGGING\n' "$2" "$4" > "$t/m"
        echo "STOP_TIMEOUT=$3" > "$t/i"
        echo 'constexpr auto kFosGrace = std::chrono::seconds(60);' > "$t/s"
    }
    write 120 120 120 30; check "$t/u" "$t/m" "$t/i" "$t/s" > /dev/null 2>&1 || { echo "self-test: agreement failed" >&2; bad=1; }
    write 90 90 90 0; check "$t/u" "$t/m" "$t/i" "$t/s" > /dev/null 2>&1 && { echo "self-test: no margin passed" >&2; bad=1; }
    write 90 120 120 30; check "$t/u" "$t/m" "$t/i" "$t/s" > /dev/null 2>&1 && { echo "self-test: unit below the man page passed" >&2; bad=1; }
    write 120 120 90 30; check "$t/u" "$t/m" "$t/i" "$t/s" > /dev/null 2>&1 && { echo "self-test: init script below passed" >&2; bad=1; }
    write 120 120 120 40; check "$t/u" "$t/m" "$t/i" "$t/s" > /dev/null 2>&1 && { echo "self-test: wrong sum passed" >&2; bad=1; }
    rm -rf "$t"
    return $bad
}

case "${1:-}" in
--self-test) self_test ;;
*) [ $# -eq 4 ] || { echo "usage: $0 UNIT MANPAGE INITSCRIPT SOURCE | --self-test" >&2; exit 2; }
   check "$@" ;;
esac
