#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# libev stays behind common/ev/: no other source includes <ev.h> or names a
# libev watcher, loop call or constant, so the loop's backend and its use
# are decided in one place. Prints each offending line; non-zero if any.
set -u
files=$(git ls-files '*.cpp' '*.h' 2>/dev/null || find . -name '*.cpp' -o -name '*.h')
# shellcheck disable=SC2086  # one file per word
out=$(printf '%s\n' $files | grep -v '^\(\./\)\?common/ev/' |
      xargs grep -nE '<ev\.h>|\bev_[a-z_]+|\bEV_[A-Z_]+|\bEV(BACKEND|RUN|BREAK|FLAG)_' /dev/null)
[ -z "$out" ] && exit 0
echo "raw libev outside common/ev (use common/ev/event_loop.h):"
echo "$out"
exit 1
