#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The suite's programs agree on their command lines:
#   --help-version PROGRAM   PROGRAM --help exits 0 with its usage on standard
#                            output and nothing on standard error, and
#                            PROGRAM --version exits 0 and prints a line.
#   --letters PROGRAM...     one option letter, one meaning: a letter shown by
#                            two programs' --help stands for the same long
#                            option in both (-n is --nodaemon everywhere), and
#                            a letter without a long option belongs to one
#                            program only. Prints the table of letters.
#   --self-test              the letter check finds a clash and passes agreement.
# One exception, on purpose: lvsctl check's -w and -c are a monitoring
# plugin's thresholds (the Nagios and Icinga convention every check command
# follows), so lvsctl's -c is --critical while the daemons' -c is
# --configfile (lvsctl takes no configuration file), and its -w is
# --warning while nanny's is Piranha's --weight.
# --help shows one option a line, "  -x, --long ARG  text" or
# "      --long ARG  text"; old spellings a program still accepts (pulse's
# -i, lvsctl's -q, ...) are not shown, and their man pages say so.
set -u

# pairs PROG < HELP: "LETTER MEANING PROG" for every short option shown.
pairs() {
    awk -v prog="$1" '
        /^  -[A-Za-z0-9?]([ ,]|$)/ {
            l = substr($1, 2, 1)
            m = ($1 ~ /,$/ && $2 ~ /^--/) ? $2 : prog ":-" l
            print l, m, prog
        }'
}

# check FILE: FILE holds pairs() lines; prints the table, fails on a clash.
check() {
    sort -u "$1" | awk '
        ($1 == "c" && $2 == "--critical" || $1 == "w" && $2 == "--warning") && $3 == "lvsctl" {
            printf "-%s  %-22s lvsctl (a monitoring plugin\x27s threshold)\n", $1, $2; next }
        { key = $1 SUBSEP $2
          if (key in progs) { progs[key] = progs[key] " " $3; next }
          n[$1]++; mean[$1, n[$1]] = $2; progs[key] = $3; letters[$1] = 1 }
        END {
            rc = 0
            for (l in letters)
                for (i = 1; i <= n[l]; i++)
                    printf "-%s  %-22s %s\n", l, mean[l, i], progs[l SUBSEP mean[l, i]] | "sort"
            close("sort")
            for (l in letters) if (n[l] > 1) {
                rc = 1
                printf "option -%s means %d things:", l, n[l] > "/dev/stderr"
                for (i = 1; i <= n[l]; i++)
                    printf " %s (%s);", mean[l, i], progs[l SUBSEP mean[l, i]] > "/dev/stderr"
                printf "\n" > "/dev/stderr"
            }
            exit rc
        }'
}

help_version() {
    p=$1 name=$(basename "$1") rc=0
    out=$("$p" --help 2>"$tmp/err"); st=$?
    [ "$st" -eq 0 ] || { echo "$name --help: exit status $st" >&2; rc=1; }
    case "$out" in usage:*) ;; *) echo "$name --help: no usage on standard output" >&2; rc=1 ;; esac
    [ -s "$tmp/err" ] && { echo "$name --help wrote to standard error: $(head -1 "$tmp/err")" >&2; rc=1; }
    out=$("$p" --version 2>/dev/null); st=$?
    [ "$st" -eq 0 ] || { echo "$name --version: exit status $st" >&2; rc=1; }
    [ -n "$out" ] || { echo "$name --version printed nothing" >&2; rc=1; }
    return $rc
}

self_test() {
    rc=0
    printf '  -c, --configfile FILE  lvs.cf\n  -n, --nodaemon  fg\n      --help\n' | pairs a > "$tmp/t"
    printf '  -n, --nodaemon  fg\n  -i DEV  interface\n' | pairs b >> "$tmp/t"
    check "$tmp/t" > /dev/null 2>&1 || { echo "self-test: agreement reported as a clash" >&2; rc=1; }
    printf '  -c, --nofork  no fork\n' | pairs c >> "$tmp/t"
    check "$tmp/t" > /dev/null 2>&1 && { echo "self-test: -c with two meanings passed" >&2; rc=1; }
    printf '  -n, --nodaemon  fg\n  -i INI  settings\n' | pairs d > "$tmp/u"
    printf '  -i DEV  interface\n' | pairs e >> "$tmp/u"
    check "$tmp/u" > /dev/null 2>&1 && { echo "self-test: a bare -i in two programs passed" >&2; rc=1; }
    printf '  -c, --critical RANGE  threshold\n' | pairs lvsctl >> "$tmp/t.ok"
    printf '  -c, --configfile FILE  lvs.cf\n' | pairs a >> "$tmp/t.ok"
    check "$tmp/t.ok" > /dev/null 2>&1 || { echo "self-test: lvsctl's -c --critical reported as a clash" >&2; rc=1; }
    printf '  -c, --critical RANGE  threshold\n' | pairs fos >> "$tmp/t.ok"
    check "$tmp/t.ok" > /dev/null 2>&1 && { echo "self-test: -c --critical outside lvsctl passed" >&2; rc=1; }
    return $rc
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mode=${1:-}
[ $# -gt 0 ] && shift
case "$mode" in
--help-version) help_version "$1" ;;
--letters)
    : > "$tmp/all"
    for p in "$@"; do "$p" --help 2>/dev/null | pairs "$(basename "$p")" >> "$tmp/all"; done
    check "$tmp/all" ;;
--self-test) self_test ;;
*) echo "usage: $0 --help-version PROGRAM | --letters PROGRAM... | --self-test" >&2; exit 2 ;;
esac
