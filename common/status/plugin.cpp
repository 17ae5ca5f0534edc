// SPDX-License-Identifier: GPL-2.0-or-later
// lvsctl check's plugin output: thresholds, perfdata and the report text.
#include "common/status/plugin.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/status/render.h"
#include "common/status/render_ecmp.h"

namespace lvs::status {

namespace {

// -?DIGITS[.DIGITS]
std::optional<double> number(std::string_view t) {
    std::size_t i = t.empty() || t[0] != '-' ? 0 : 1;
    const std::size_t int_start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == int_start || i - int_start > 15) return std::nullopt;
    if (i < t.size() && t[i] == '.') {
        const std::size_t frac = ++i;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
        if (i == frac || i - frac > 6) return std::nullopt;
    }
    if (i != t.size()) return std::nullopt;
    return std::strtod(std::string(t).c_str(), nullptr);
}

// Text from lvs.cf in a plugin line: no control bytes, and no '|', which
// would start the performance data.
std::string plugin_text(const std::string& s) {
    std::string o = printable(s);
    std::replace(o.begin(), o.end(), '|', '?');
    return o;
}

PluginState worst(PluginState a, PluginState b) { return static_cast<int>(a) >= static_cast<int>(b) ? a : b; }

struct Judged {
    PluginState state;
    std::string text;
};

// Empty for a stale segment: nothing in it is current.
std::string summary(const Snapshot& s, const UpCount& all) {
    if (!s.creator_alive) return {};
    const bool fos = fos_mode(s);
    std::string out = std::to_string(all.up) + " of " + std::to_string(all.total) +
                      (fos ? (s.router.active ? " failover services running" : " failover services monitored")
                           : " real servers up");
    if (ecmp_mode(s))
        out += ", this router announces " + std::to_string(ecmp_announced(s.ecmp)) + " of " +
               std::to_string(s.ecmp.vip_count) + " addresses";
    else if (s.router_present) out += s.router.active ? ", this router active" : ", this router standby";
    return out;
}

std::string seconds_value(std::int64_t ns) { return format_number(static_cast<double>(std::max<std::int64_t>(0, ns)) / 1e9); }

std::vector<Perf> perfdata(const Snapshot& s, const std::vector<UpCount>& counts, const CheckOptions& o) {
    const bool fos = fos_mode(s);
    const auto& t = o.thresholds;
    std::vector<Perf> out;
    out.push_back({fos ? "services_up" : "servers_up", std::to_string(counts[0].up), "",
                   t.warning ? t.warning->text() : "", t.critical ? t.critical->text() : "", "0",
                   std::to_string(counts[0].total)});
    out.push_back({fos ? "services_total" : "servers_total", std::to_string(counts[0].total), "", "", "", "0", ""});
    if (!s.creator_alive) return out;
    if (o.per_virtual)
        for (std::size_t i = 1; i < counts.size(); ++i)
            out.push_back({(fos ? "fos_" : "vs_") + counts[i].name + "_up", std::to_string(counts[i].up), "", "", "",
                           "0", std::to_string(counts[i].total)});
    if (ecmp_mode(s)) {
        out.push_back({"addresses_announced", std::to_string(ecmp_announced(s.ecmp)), "", "", "", "0",
                       std::to_string(s.ecmp.vip_count)});
        out.push_back({"bgp_established", std::to_string(ecmp_established(s.ecmp)), "", "", "", "0",
                       std::to_string(s.ecmp.bgp_count)});
    }
    if (s.router_present && s.router.partner[0] != '\0') {
        const std::int64_t last = s.router.last_heartbeat_mono_ns;
        out.push_back({"heartbeat_age", last ? seconds_value(s.now_mono_ns - last) : "U", "s", "", "", "0", ""});
    }
    if (s.lvsd_present && !fos) {
        const auto& l = s.lvsd;
        const bool none = l.last_verdict_to_kernel_us == 0 && l.max_verdict_to_kernel_us == 0;
        auto ms = [&](std::int64_t us) { return none ? std::string("U") : format_number(static_cast<double>(us) / 1000.0); };
        out.push_back({"verdict_to_kernel", ms(l.last_verdict_to_kernel_us), "ms", "", "", "0", ""});
        out.push_back({"verdict_to_kernel_max", ms(l.max_verdict_to_kernel_us), "ms", "", "", "0", ""});
    }
    return out;
}

}  // namespace

const char* to_string(PluginState s) {
    switch (s) {
        case PluginState::Ok: return "OK";
        case PluginState::Warning: return "WARNING";
        case PluginState::Critical: return "CRITICAL";
        case PluginState::Unknown: return "UNKNOWN";
    }
    return "UNKNOWN";
}

PluginState plugin_state(Health h) {
    return h == Health::Ok ? PluginState::Ok : h == Health::Degraded ? PluginState::Warning : PluginState::Critical;
}

bool Range::alerts(double value) const {
    const bool in = (low_inf || value >= low) && (high_inf || value <= high);
    return inside ? in : !in;
}

std::string Range::text() const {
    return (inside ? "@" : "") + (low_inf ? std::string("~") : format_number(low)) + ":" +
           (high_inf ? std::string() : format_number(high));
}

Result<Range> parse_minimum_range(std::string_view text) {
    const auto bad = [&](const char* why) {
        return make_error(ErrorCode::Invalid, "bad threshold range '" + plugin_text(std::string(text)) + "': " + why);
    };
    Range r;
    std::string_view t = text;
    if (!t.empty() && t[0] == '@') r.inside = true, t.remove_prefix(1);
    const auto colon = t.find(':');
    const std::string_view start = colon == std::string_view::npos ? t : t.substr(0, colon);
    const std::string_view end = colon == std::string_view::npos ? std::string_view() : t.substr(colon + 1);
    const bool plain = colon == std::string_view::npos;
    if ((plain && !number(start)) || (!plain && start.empty() && end.empty())) return bad("want N, N:, ~:M, N:M or @N:M");
    if (start == "~") {
        r.low_inf = true;
    } else if (!start.empty()) {
        const auto n = number(start);
        if (!n) return bad("want N, N:, ~:M, N:M or @N:M");
        r.low = *n;
    }
    if (!end.empty()) {
        const auto n = number(end);
        if (!n) return bad("want N, N:, ~:M, N:M or @N:M");
        r.high_inf = false;
        r.high = *n;
    }
    if (!r.low_inf && !r.high_inf && r.low > r.high) return bad("its start is above its end");
    return r;
}

std::string perf_label(std::string_view name) {
    std::string o = "'";
    for (unsigned char c : name) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                          c == '.' || c == '-';
        o += safe ? static_cast<char>(c) : '_';
    }
    return o + "'";
}

std::string format_number(double v) {
    char b[64];
    std::snprintf(b, sizeof b, "%.3f", v);
    std::string s = b;
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
}

std::string format_perf(const Perf& p) {
    std::string s = perf_label(p.label) + "=" + p.value + (p.value == "U" ? "" : p.uom);
    const std::string fields[] = {p.warn, p.crit, p.min, p.max};
    std::size_t last = 0;  // fields up to the last non-empty one
    for (std::size_t i = 0; i < 4; ++i)
        if (!fields[i].empty()) last = i + 1;
    for (std::size_t i = 0; i < last; ++i) s += ";" + fields[i];
    return s;
}

Report check_report(const Snapshot& s, const CheckOptions& opts) {
    const Verdict v = evaluate(s);
    const auto counts = up_counts(s);
    std::vector<Judged> reasons;
    for (const auto& r : v.reasons) reasons.push_back({plugin_state(r.health), plugin_text(r.text)});
    PluginState state = plugin_state(v.health);
    const auto& t = opts.thresholds;
    const std::string up = std::to_string(counts[0].up) + (fos_mode(s) ? " failover services up" : " real servers up");
    if (t.critical && t.critical->alerts(counts[0].up)) {
        reasons.push_back({PluginState::Critical, up + ": outside the critical range " + t.critical->text()});
        state = worst(state, PluginState::Critical);
    } else if (t.warning && t.warning->alerts(counts[0].up)) {
        reasons.push_back({PluginState::Warning, up + ": outside the warning range " + t.warning->text()});
        state = worst(state, PluginState::Warning);
    }
    const std::string head = plugin_text(summary(s, counts[0]));
    std::string line = "LVS " + std::string(to_string(state)) + " - " + head;
    const auto first = std::find_if(reasons.begin(), reasons.end(), [&](const Judged& j) { return j.state == state; });
    if (state != PluginState::Ok && first != reasons.end()) {
        line += (head.empty() ? "" : ": ") + first->text;
        if (reasons.size() > 1) line += " (" + std::to_string(reasons.size() - 1) + " more)";
    }
    line += " |";
    for (const auto& p : perfdata(s, counts, opts)) line += " " + format_perf(p);
    line += "\n";
    if (reasons.size() > 1)
        for (const auto& r : reasons) line += r.text + "\n";
    return {state, line};
}

Report plain_report(PluginState state, const std::string& why) {
    return {state, "LVS " + std::string(to_string(state)) + " - " + plugin_text(why) + "\n"};
}

}  // namespace lvs::status
