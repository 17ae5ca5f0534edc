#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# start_cmd / stop_cmd of the fos scenario: busybox httpd on port 80 of
# this router's network namespace, answering with the router's name.
# Every call is logged with its time in /tmp/fos-web-NS.log.
ns=$(ip netns identify)
log=/tmp/fos-web-$ns.log
pidf=/tmp/fos-web-$ns.pid
case "$1" in
start)
    echo "$(date +%s%3N) start" >> "$log"
    mkdir -p "/tmp/fos-www-$ns" && echo "$ns" > "/tmp/fos-www-$ns/index.html"
    busybox httpd -f -p 80 -h "/tmp/fos-www-$ns" < /dev/null > /dev/null 2>&1 &
    echo $! > "$pidf"
    echo "$(date +%s%3N) started" >> "$log"
    ;;
stop)
    echo "$(date +%s%3N) stop" >> "$log"
    [ -f "$pidf" ] && kill "$(cat "$pidf")" 2>/dev/null
    rm -f "$pidf"
    sleep 0.5  # a service that takes a while to stop: its successor must wait
    echo "$(date +%s%3N) stopped" >> "$log"
    ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
exit 0
