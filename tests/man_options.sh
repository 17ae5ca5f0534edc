#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every option a program accepts is in its man page, and every option its
# man page defines is accepted. "Accepted" is read from the getopt tables
# in the source (the long-option array and the short-option string);
# "defined" is a tag line of the man page (.TP's next line in man(7),
# .It Fl in mdoc). Usage: tests/man_options.sh PROGRAM SOURCE MANPAGE
set -u
prog=$1 src=$2 man=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# From the source: {"name", ..._argument ...} and getopt_long(..., "c:i:tnvh", ...)
# (lvsweb's short-option string is "c:": its other options are long only).
{
    grep -o '{"[a-z0-9_-]*", *[a-z_]*_argument' "$src" | sed 's/{"\([^"]*\)".*/--\1/'
    grep -o 'getopt_long([^"]*"[^"]*"' "$src" | sed 's/.*"\([^"]*\)"/\1/' | tr -d ':+' | fold -w1 | sed '/^$/d; s/^/-/'
} | sort -u > "$tmp/accepted"
# From the man page's option tags.
awk '
    /^\.T[PQ]/ { tag = 1; next }
    tag { print; tag = 0; next }
    /^\.It Fl / { print }
' "$man" | sed 's/\\f[RBIP]//g; s/\\-/-/g' | {
    # man(7): -x and --long tokens; mdoc: "Fl x" and "Fl -long".
    sed 's/Fl \([a-zA-Z0-9?]\)\b/ -\1 /g; s/Fl -\([a-z0-9_-]*\)/ --\1 /g' |
        grep -o '\(^\|[ "(]\)--*[a-zA-Z0-9?][a-zA-Z0-9_-]*' | sed 's/^[ "(]//'
} | sort -u > "$tmp/documented"
rc=0
missing=$(comm -23 "$tmp/accepted" "$tmp/documented" | tr '\n' ' ')
extra=$(comm -13 "$tmp/accepted" "$tmp/documented" | tr '\n' ' ')
[ -n "$missing" ] && { echo "$prog: accepted but not in $man: $missing" >&2; rc=1; }
[ -n "$extra" ] && { echo "$prog: in $man but not accepted: $extra" >&2; rc=1; }
exit $rc
