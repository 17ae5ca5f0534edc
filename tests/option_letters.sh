#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The suite's programs agree on their command lines:
#   --help-version PROGRAM   PROGRAM --help exits 0 with its usage on standard
#                            output and nothing on standard error, and
#                            PROGRAM --version exits 0 and prints a line.
#   --letters PROGRAM=SOURCE...
#                            one option letter, one meaning. The letters a
#                            program accepts are read from SOURCE, the
#                            getopt_long string and the long-option table
#                            (as tests/man_options.sh reads them), so a
#                            letter --help does not show counts as well: a
#                            letter accepted by two programs stands for the
#                            same long option in both (-n is --nodaemon
#                            everywhere), and a letter without a long option
#                            belongs to one program only. Every accepted
#                            letter is also shown by PROGRAM --help (no
#                            hidden spellings). Prints the table of letters.
#   --self-test              the checks find a clash, a hidden letter's
#                            clash and a hidden letter, and pass agreement.
# One exception, on purpose: lvsctl check's -w and -c are a monitoring
# plugin's thresholds (the Nagios and Icinga convention every check command
# follows), so lvsctl's -c is --critical while the daemons' -c is
# --configfile (lvsctl takes no configuration file), and its -w is
# --warning while nanny's is Piranha's --weight. lvsctl(8) and the README
# say so too.
# --help shows one option a line, "  -x, --long ARG  text" or
# "      --long ARG  text".
set -u

# shown PROG < HELP: "LETTER MEANING PROG" for every short option --help shows.
shown() {
    awk -v prog="$1" '
        /^  -[A-Za-z0-9?]([ ,]|$)/ {
            l = substr($1, 2, 1)
            m = ($1 ~ /,$/ && $2 ~ /^--/) ? $2 : prog ":-" l
            print l, m, prog
        }'
}

# accepted PROG SOURCE: "LETTER MEANING PROG" for every letter of SOURCE's
# getopt_long string; MEANING is the long option whose table entry returns
# the letter ({"name", ..._argument, nullptr, 'x'}), or PROG:-x.
accepted() {
    letters=$(grep -o 'getopt_long([^"]*"[^"]*"' "$2" | sed 's/.*"\([^"]*\)"/\1/' | tr -d ':+-' | fold -w1)
    [ -n "$letters" ] || { echo "$1: no getopt_long string in $2" >&2; return 1; }
    for l in $letters; do
        m=$(grep -o "{\"[a-z0-9_-]*\", *[a-z_]*_argument, *nullptr, *'$l'}" "$2" |
            sed 's/{"\([^"]*\)".*/--\1/' | sort -u | paste -sd'|' -)
        echo "$l ${m:-$1:-$l} $1"
    done
}

# check FILE: FILE holds "LETTER MEANING PROG" lines; prints the table,
# fails on a clash.
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

# hidden ACCEPTED SHOWN: fails naming each letter accepted but not shown.
hidden() {
    cut -d' ' -f1,3 "$2" | sort -u > "$tmp/shown.keys"
    out=$(cut -d' ' -f1,3 "$1" | sort -u | comm -23 - "$tmp/shown.keys")
    [ -z "$out" ] && return 0
    echo "$out" | while read -r l p; do echo "$p accepts -$l, which its --help does not show" >&2; done
    return 1
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

# src NAME OPTSTRING ENTRY...: a source file with that getopt_long string
# and long-option table entries ("settings i": {"settings", ..., 'i'}).
src() {
    f="$tmp/$1.cpp"; s=$2; shift 2
    echo "for (int c; (c = getopt_long(argc, argv, \"$s\", kLong, nullptr)) != -1;) {" > "$f"
    for e in "$@"; do
        # shellcheck disable=SC2086  # "NAME LETTER", two words by design
        set -- $e
        echo "    {\"$1\", required_argument, nullptr, '$2'}," >> "$f"
    done
    echo "$f"
}

self_test() {
    rc=0
    { accepted a "$(src a c:nv 'configfile c' 'nodaemon n')"
      accepted b "$(src b +i:n 'interface i' 'nodaemon n')"; } > "$tmp/t"
    check "$tmp/t" > /dev/null 2>&1 || { echo "self-test: agreement reported as a clash" >&2; rc=1; }
    # A letter --help never shows (pulse's old -i for --settings) clashes all the same.
    accepted c "$(src c c:i:n 'configfile c' 'settings i')" >> "$tmp/t"
    check "$tmp/t" > /dev/null 2>&1 && { echo "self-test: a hidden -i with two meanings passed" >&2; rc=1; }
    accepted d "$(src d h:c 'server h')" > "$tmp/u"
    check "$tmp/u" > /dev/null 2>&1 || { echo "self-test: a bare -c in one program reported" >&2; rc=1; }
    accepted e "$(src e c: 'configfile c')" >> "$tmp/u"
    check "$tmp/u" > /dev/null 2>&1 && { echo "self-test: a bare -c beside --configfile passed" >&2; rc=1; }
    { accepted lvsctl "$(src lvsctl +w:c: 'warning w' 'critical c')"
      accepted a "$(src a c:nv 'configfile c')"; } > "$tmp/ok"
    check "$tmp/ok" > /dev/null 2>&1 || { echo "self-test: lvsctl's -c --critical reported as a clash" >&2; rc=1; }
    accepted fos "$(src fos c: 'critical c')" >> "$tmp/ok"
    check "$tmp/ok" > /dev/null 2>&1 && { echo "self-test: -c --critical outside lvsctl passed" >&2; rc=1; }
    # Accepted but not shown by --help.
    accepted a "$(src a c:nv 'configfile c' 'nodaemon n')" > "$tmp/acc"
    printf '  -c, --configfile FILE  lvs.cf\n  -n, --nodaemon  fg\n  -v  verbose\n' | shown a > "$tmp/shown"
    hidden "$tmp/acc" "$tmp/shown" 2>/dev/null || { echo "self-test: every letter shown, yet reported" >&2; rc=1; }
    printf '  -c, --configfile FILE  lvs.cf\n  -v  verbose\n' | shown a > "$tmp/shown"
    hidden "$tmp/acc" "$tmp/shown" 2>/dev/null && { echo "self-test: a hidden -n passed" >&2; rc=1; }
    # The suite's own sources: pulse's getopt string is found and read.
    accepted pulse pulse/options.cpp 2>/dev/null | grep -q '^c --configfile pulse$' ||
        { echo "self-test: pulse/options.cpp's -c not read" >&2; rc=1; }
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
    rc=0
    for ps in "$@"; do
        p=${ps%%=*} s=${ps#*=} name=$(basename "${ps%%=*}")
        accepted "$name" "$s" > "$tmp/acc" || rc=1
        "$p" --help 2>/dev/null | shown "$name" > "$tmp/shown"
        hidden "$tmp/acc" "$tmp/shown" || rc=1
        cat "$tmp/acc" >> "$tmp/all"
    done
    check "$tmp/all" || rc=1
    exit $rc ;;
--self-test) self_test ;;
*) echo "usage: $0 --help-version PROGRAM | --letters PROGRAM=SOURCE... | --self-test" >&2; exit 2 ;;
esac
