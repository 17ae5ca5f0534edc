#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# send_program for the e2e tests: "check_http.sh HOST PORT" prints OK when
# http://HOST:PORT/ answers 200, else exits 1. While /tmp/hang-HOST exists
# it hangs, with a child of its own, until nanny kills the process group.
host=$1 port=$2
if [ -e "/tmp/hang-$host" ]; then
    sleep 60 &
    sleep 60
fi
code=$(curl -s -m 1 -o /dev/null -w '%{http_code}' "http://$host:$port/")
[ "$code" = 200 ] || { echo "HTTP $code"; exit 1; }
echo OK
