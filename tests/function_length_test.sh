#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Self-test of the function-length limit (mk/check_size.sh --functions):
# functions of exactly 80 lines pass and functions of 81 lines are reported
# with file:line, name and length, whatever their kind (namespace-level,
# member defined in its class, lambda in a variable, template, constructor
# with a multi-line initializer list). A long brace-initialized table is not
# a function. Exit 0 when every case behaves.
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail=0

# body N: N statement lines at indentation $2.
body() { i=0; while [ $i -lt "$1" ]; do printf '%s    x += %d;\n' "$2" $i; i=$((i + 1)); done; }

# gen KIND TOTAL > FILE: a function of TOTAL lines, counted from the first
# line of its signature (a template header line is not counted) to its
# closing brace, after a first line "int x;".
gen() {
    echo "int x;"
    case $1 in
    free)     echo "int f(int a) {"; body $(($2 - 2)) ""; echo "}" ;;
    member)   echo "class C {"; echo "public:"; echo "    int g() const {"; body $(($2 - 2)) "    "
              echo "    }"; echo "};" ;;
    lambda)   echo "const auto h = [](int a) {"; body $(($2 - 2)) ""; echo "};" ;;
    template) echo "template <typename T = int>"; echo "T t(T a) {"; body $(($2 - 2)) ""; echo "}" ;;
    ctor)     echo "C::C(int a,"; echo "     int b)"; echo "    : a_(a),"; echo "      b_(b) {"
              body $(($2 - 5)) ""; echo "}" ;;
    esac
}

for kind in free member lambda template ctor; do
    gen $kind 80 > "$d/$kind-80.cpp"
    gen $kind 81 > "$d/$kind-81.cpp"
    out=$(sh mk/check_size.sh --functions "$d/$kind-80.cpp") ||
        { echo "function-length: an 80-line $kind function was reported: $out" >&2; fail=1; }
    line=2; [ $kind = member ] && line=4; [ $kind = template ] && line=3  # after "template <...>"
    out=$(sh mk/check_size.sh --functions "$d/$kind-81.cpp")
    case "$out" in
    "size: $d/$kind-81.cpp:$line: function "*" has 81 lines (limit 80)") ;;
    *) echo "function-length: an 81-line $kind function gave: '$out'" >&2; fail=1 ;;
    esac
done

{ echo "const int kTable[] = {"; body 100 ""; echo "};"; } > "$d/table.cpp"
out=$(sh mk/check_size.sh --functions "$d/table.cpp") ||
    { echo "function-length: a 100-line table was reported as a function: $out" >&2; fail=1; }
exit $fail
