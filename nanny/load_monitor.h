// SPDX-License-Identifier: GPL-2.0-or-later
// nanny, pure core of load_monitor (nanny -U): the load command's argument
// vector, the load-average parser and the weight rule. No I/O, no clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::nanny {

// The command for nanny's -U value, or nullopt for "none" (or empty):
// - a command whose program is rsh or ssh (a bare name or any path ending
//   in /rsh or /ssh, with any options) runs `CMD HOST uptime`: Piranha
//   appended `uptime` only to the bare words rsh and ssh, so a path such as
//   /usr/bin/ssh ran a login session that hung until the timeout;
// - a command containing %h gets %h, %% substituted and nothing appended;
// - anything else (rup, ruptime, a script) runs `CMD HOST`.
// Words are split on blanks; no shell.
std::optional<std::vector<std::string>> load_command_argv(std::string_view load_cmd, std::string_view host);

// The 1-minute load average in uptime, rup and ruptime output:
//   "... load average: 0.15, 0.10, 0.05"   (procps uptime, rup)
//   "... load averages: 0.15 0.10 0.05"    (BSD uptime)
//   "... load 0.15, 0.10, 0.05"            (ruptime)
// The first "load" followed by an optional "average(s)", an optional ':'
// and a number in [0, 1e6) wins; nullopt when there is none.
std::optional<double> parse_load_average(std::string_view output);

// Piranha's load adaptation, unchanged, from the weight in force `last`, the
// configured weight `w` and the cap multiplier `scale`:
//   load < 1: last + (w/2) * cbrt(1 - load), at most scale * w;
//   load > 1: last - (w/2) * cbrt(load - 1), at least w;
//   load == 1: last.
// The result is truncated and is returned only when it differs from `last`
// by at least w/4 (integer division, as in Piranha); otherwise `last`.
// w/2 is a real division here (Piranha: integer).
int load_adjusted_weight(int last, int w, int scale, double load);

}  // namespace lvs::nanny
