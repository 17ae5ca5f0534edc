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
# busybox nc: cheaper to start than curl in the emulated guest.
status=$(printf 'GET / HTTP/1.0\r\n\r\n' | busybox nc -w 2 "$host" "$port" 2>/dev/null | head -1)
case $status in
    "HTTP/1."?" 200"*) echo OK ;;
    *) echo "no answer: $status"; exit 1 ;;
esac
