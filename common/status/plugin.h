// SPDX-License-Identifier: GPL-2.0-or-later
// `lvsctl check` as a monitoring plugin (Nagios, Icinga, NRPE): the state
// and exit code, threshold ranges, performance data, and the output text
// "LVS STATE - summary | perfdata" with the reasons on the lines after.
// Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/result.h"
#include "common/status/check.h"

namespace lvs::status {

// The plugin states, which are the exit codes.
enum class PluginState : int { Ok = 0, Warning = 1, Critical = 2, Unknown = 3 };
const char* to_string(PluginState s);  // "OK", "WARNING", "CRITICAL", "UNKNOWN"
PluginState plugin_state(Health h);

// A threshold range in the plugin syntax [@]START:END, where START may be
// ~ (minus infinity) and an empty END is plus infinity; the value alerts
// outside START..END (inclusive), or inside it with @. Counts of servers
// up are bad when low: a plain N means N: (alert below N), not the generic
// syntax's 0:N.
struct Range {
    bool low_inf = false;
    double low = 0;
    bool high_inf = true;
    double high = 0;
    bool inside = false;  // @
    bool alerts(double value) const;
    std::string text() const;  // normalized, as in the perfdata: "3:", "~:5", "@1:2"
};
Result<Range> parse_minimum_range(std::string_view text);

struct Thresholds {
    std::optional<Range> warning, critical;  // on the servers up of the whole router
};

// One performance datum: 'label'=value[UOM];[warn];[crit];[min];[max],
// trailing empty fields left out. The label is made safe: bytes other than
// letters, digits, '_', '.' and '-' become '_'.
struct Perf {
    std::string label;
    std::string value;  // a number, or U when it cannot be known
    std::string uom;    // "", "s", "ms"
    std::string warn, crit, min, max;
};
std::string perf_label(std::string_view name);
std::string format_perf(const Perf& p);
std::string format_number(double v);  // at most 3 decimals, no trailing zeros

struct CheckOptions {
    Thresholds thresholds;
    bool per_virtual = false;  // perfdata per virtual server (or failover service) too
};

struct Report {
    PluginState state = PluginState::Unknown;
    std::string text;  // the whole output, newline-terminated
};

// The report on a snapshot: the verdict's state, made worse by thresholds.
Report check_report(const Snapshot& s, const CheckOptions& opts);
// When there is no snapshot to judge: "LVS STATE - why", no perfdata.
Report plain_report(PluginState state, const std::string& why);

}  // namespace lvs::status
