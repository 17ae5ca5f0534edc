#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A make run with install among its goals installs no package: the
# dependency step (mk/deps.sh) only checks, in whatever order the goals come
# and whatever else they build. The step is made to want a package as
# root would: first in PATH, a dpkg-query that finds no package, an id that
# says uid 0, and an apt-get that records its call and fails. So every run
# stops at the step (nothing is built; BUILD is an empty folder, without the
# stamps of packages found earlier) and the record tells which mode it ran.
# The control: make all, which is to install, must call apt-get, else the
# check proves nothing. Prints a line per run; exits 1 on any failure.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir "$t/bin" "$t/build" "$t/dest"
printf '#!/bin/sh\necho "$*" >> %s/apt-get.calls\nexit 1\n' "$t" > "$t/bin/apt-get"
printf '#!/bin/sh\nexit 1\n' > "$t/bin/dpkg-query"
printf '#!/bin/sh\n[ "$*" = -u ] && { echo 0; exit 0; }\nexec /usr/bin/id "$@"\n' > "$t/bin/id"
chmod +x "$t/bin/apt-get" "$t/bin/dpkg-query" "$t/bin/id"

run() {  # GOAL...: 0 if apt-get was called
    rm -f "$t/apt-get.calls"
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u DEPS -u MAKEOVERRIDES PATH="$t/bin:$PATH" \
        make --no-print-directory BUILD="$t/build" DESTDIR="$t/dest" "$@" > "$t/out" 2>&1
    [ -s "$t/apt-get.calls" ]
}

rc=0
if run all; then
    echo "make all: apt-get called (the control: the fakes work)"
else
    echo "make all: apt-get not called, so this check cannot see a call: $(tail -3 "$t/out")" >&2
    rc=1
fi
for goals in "install" "all install" "install all" "install test"; do
    # shellcheck disable=SC2086  # goals are words
    if run $goals; then
        echo "make $goals: apt-get called: $(cat "$t/apt-get.calls")" >&2
        rc=1
    elif ! grep -q 'missing Debian packages' "$t/out"; then
        echo "make $goals: the dependency step did not check: $(tail -3 "$t/out")" >&2
        rc=1
    else
        echo "make $goals: checked only, apt-get not called"
    fi
done
made=$(find "$t/dest" "$t/build" -mindepth 1 ! -name '.deps*' | head -3)
[ -z "$made" ] || { echo "something was built or installed: $made" >&2; rc=1; }
exit $rc
