#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# load_monitor for the e2e tests: an idle server's uptime line (the real
# server's address arrives as $1 and is ignored).
echo " 10:00:00 up 1 day,  2:03,  0 users,  load average: 0.00, 0.01, 0.05"
