#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make deb's last step: the packages in DIR are as debian/README.source says,
# a PACKAGE-dbgsym_*.deb beside PACKAGE_*.deb, and every ELF file under
# /usr/sbin and /usr/bin of PACKAGE_*.deb stripped (dh_strip; the symbols
# are in the -dbgsym package). Each ELF file is shown with file(1)'s verdict;
# any failure exits 1. A package without one ELF file there fails too (a
# check that looked at nothing).
# Usage: mk/check_deb.sh DIR [PACKAGE]   (PACKAGE defaults to lvs-suite)
#        mk/check_deb.sh --self-test ELF (ELF: any unstripped ELF file; it
#        builds small packages with and without it, and with it stripped)
set -u

check() {  # DIR PACKAGE
    rc=0
    set -- "$1" "$2" "$(find "$1" -maxdepth 1 -name "$2-dbgsym_*.deb" | head -1)"
    [ -n "$3" ] || { echo "check_deb: no $2-dbgsym_*.deb in $1" >&2; rc=1; }
    main=$(find "$1" -maxdepth 1 -name "$2_*.deb")
    [ "$(echo "$main" | grep -c .)" = 1 ] || { echo "check_deb: want one $2_*.deb in $1, found: ${main:-none}" >&2; return 1; }
    x=$(mktemp -d)
    dpkg-deb -x "$main" "$x" || { rm -rf "$x"; return 1; }
    elves=0
    for f in "$x"/usr/sbin/* "$x"/usr/bin/*; do
        [ -f "$f" ] || continue
        what=$(file -b "$f")
        case "$what" in ELF*) ;; *) continue ;; esac
        elves=$((elves + 1))
        case "$what" in
            *"not stripped"*) echo "check_deb: ${f#"$x"} is not stripped: $what" >&2; rc=1 ;;
            *", stripped"*) echo "check_deb: ${f#"$x"} stripped" ;;
            *) echo "check_deb: ${f#"$x"}: file(1) says neither stripped nor not: $what" >&2; rc=1 ;;
        esac
    done
    rm -rf "$x"
    [ $elves -gt 0 ] || { echo "check_deb: no ELF file under /usr/sbin or /usr/bin of $main" >&2; rc=1; }
    return $rc
}

# deb DIR NAME FILE...: DIR/NAME_1_all.deb holding FILEs in /usr/sbin.
deb() {
    d=$1 n=$2; shift 2
    r=$(mktemp -d)
    mkdir -p "$r/DEBIAN" "$r/usr/sbin"
    printf 'Package: %s\nVersion: 1\nArchitecture: all\nMaintainer: t <t@example.com>\nDescription: t\n' "$n" > "$r/DEBIAN/control"
    for f in "$@"; do cp "$f" "$r/usr/sbin/"; done
    dpkg-deb -Zgzip -z1 --root-owner-group -b "$r" "$d/${n}_1_all.deb" > /dev/null
    rm -rf "$r"
}

self_test() {  # ELF
    case "$(file -b "$1")" in *"not stripped"*) ;; *) echo "self-test: $1 is not an unstripped ELF file" >&2; return 1 ;; esac
    t=$(mktemp -d)
    bad=0
    cp "$1" "$t/prog" && strip -o "$t/prog.s" "$t/prog" && echo '#!/bin/sh' > "$t/script"
    mkdir "$t/ok" "$t/raw" "$t/nodbg" "$t/none"
    deb "$t/ok" p "$t/prog.s" "$t/script"; deb "$t/ok" p-dbgsym "$t/script"
    deb "$t/raw" p "$t/prog.s" "$t/prog"; deb "$t/raw" p-dbgsym "$t/script"
    deb "$t/nodbg" p "$t/prog.s"
    deb "$t/none" p "$t/script"; deb "$t/none" p-dbgsym "$t/script"
    check "$t/ok" p > /dev/null 2>&1 || { echo "self-test: stripped package with -dbgsym refused" >&2; bad=1; }
    check "$t/raw" p > /dev/null 2>&1 && { echo "self-test: an unstripped ELF file passed" >&2; bad=1; }
    check "$t/nodbg" p > /dev/null 2>&1 && { echo "self-test: no -dbgsym package passed" >&2; bad=1; }
    check "$t/none" p > /dev/null 2>&1 && { echo "self-test: a package without ELF files passed" >&2; bad=1; }
    rm -rf "$t"
    return $bad
}

case "${1:-}" in
--self-test) self_test "$2" ;;
'') echo "usage: $0 DIR [PACKAGE] | --self-test ELF" >&2; exit 2 ;;
*) check "$1" "${2:-lvs-suite}" ;;
esac
