# SPDX-License-Identifier: GPL-2.0-or-later
# Function lengths in clang-format-laid-out C++. Usage:
#   awk -v lim=80 [-v list=1] -f mk/function_length.awk FILE...
# Prints "FILE:LINE: function NAME has N lines (limit LIM)" for each function
# longer than lim (with list=1, "FILE:LINE: N NAME" for every function found).
#
# A function runs from the first line of its signature to the first later
# line that starts with "}" at the signature's own indentation: clang-format
# puts the closing brace there, and everything in the body is indented
# deeper. That covers namespace-level functions (column 0), member functions
# defined inside class bodies (indented with the class), one-line templates
# ("template <auto M> void f() {") and lambdas stored in namespace-level
# variables ("const auto f = [](int x) {"). A lambda or local class inside a
# function counts towards that function. One-line bodies ("int f() { ... }")
# are one line and never reported.

# The text after a leading "template <...>", "" if that is all there is.
function after_template(s,    i, c, depth) {
    depth = 0
    for (i = index(s, "<"); i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "<") depth++
        else if (c == ">" && --depth == 0) break
    }
    s = substr(s, i + 1)
    sub(/^[ \t]+/, "", s)
    return s
}

# Is the signature text (ending just before its final "{") a function or a
# lambda, rather than a class, an enum or a variable with a brace initializer?
function is_function(sig,    top) {
    if (sig ~ /=[ \t]*\[[^]]*\][ \t]*(\(|mutable|\{|$)/) return 1  # ... = [..](..) {
    if (sig !~ /\(/) return 0
    top = sig
    while (gsub(/\([^()]*\)/, "", top)) {}  # drop (...) groups, innermost first
    gsub(/operator[ \t]*[^ \t(]*/, "", top)
    gsub(/[=!<>]=|->/, "", top)
    return top !~ /=/  # "T x = f({" is a variable
}

FNR == 1 { start = 0; cand = 0 }

{
    line = $0
    sub(/[ \t]*\/\/.*$/, "", line)  # a trailing comment does not change the layout
    sub(/[ \t]+$/, "", line)
}

start > 0 {
    if (substr(line, 1, length(ind) + 1) == ind "}") {
        n = FNR - start + 1
        if (list) printf "%s:%d: %d %s\n", FILENAME, start, n, name
        else if (n > lim) printf "%s:%d: function %s has %d lines (limit %d)\n", FILENAME, start, name, n, lim
        start = 0
    }
    next
}

line == "" { cand = 0; next }

cand == 0 {
    match(line, /^[ \t]*/)
    i = substr(line, 1, RLENGTH)
    body = substr(line, RLENGTH + 1)
    if (body ~ /^template[ \t]*</) {
        body = after_template(body)
        if (body == "") next
    }
    if (body ~ /^(namespace|class|struct|enum|union|using|typedef|static_assert|friend|return|if|else|for|while|do|switch|case|default|try|catch|goto)([^A-Za-z0-9_]|$)/) next
    if (body ~ /^extern[ \t]+"C"[ \t]*\{/ || body ~ /^(public|protected|private)[ \t]*:/) next
    if (body !~ /^([A-Za-z_~]|::|\[\[)/) next
    cand = FNR; cind = i; sig = ""
    name = body
    sub(/[ \t]*\{$/, "", name)
}

cand > 0 {
    t = line
    sub(/^[ \t]+/, "", t)
    if (t ~ /^template[ \t]*</) t = after_template(t)
    sig = sig (sig == "" ? "" : " ") t
    if (line ~ /;$/ || line ~ /\}$/) { cand = 0; next }  # a declaration, or a one-line body
    if (line ~ /\{$/) {
        s = sig
        sub(/[ \t]*\{$/, "", s)
        if (is_function(s)) { start = cand; ind = cind }
        cand = 0
    }
}
