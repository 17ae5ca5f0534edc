// SPDX-License-Identifier: GPL-2.0-or-later
// lvsctl's table and JSON.
#include "common/status/render.h"

#include <cstdio>
#include <ctime>
#include <map>
#include <sstream>

#include "common/hb/heartbeat.h"
#include "common/hb/reject.h"
#include "common/status/check.h"
#include "common/status/render_ecmp.h"

namespace lvs::status {

namespace {

const char* hb_state(std::uint8_t s) {
    static const char* const kNames[] = {"standby", "active", "releasing", "active (stop me)", "leaving"};
    return s < 5 ? kNames[s] : "?";
}

std::string hex(const std::uint8_t* d, std::size_t n) { return hb::to_hex(std::span<const std::uint8_t>(d, n)); }

bool zero(const std::uint8_t* d, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (d[i]) return false;
    return true;
}

const char* warmth_text(std::uint8_t w) {
    return w <= hb::kWarmthMax ? hb::to_string(static_cast<hb::Warmth>(w)) : "?";
}

const char* failback_kind(std::uint8_t k) {
    static const char* const kNames[] = {"none", "waiting", "counting", "under way"};
    return k < 4 ? kNames[k] : "?";
}

// "fail-back in 42 s", "fail-back waiting: real servers not checked yet".
std::string failback_text(const shm::RouterRecord& r) {
    switch (r.failback) {
        case 1: return std::string("fail-back waiting: ") + warmth_text(r.failback_why);
        case 2: return "fail-back in " + std::to_string((r.failback_in_ms + 999) / 1000) + " s";
        case 3: return "fail-back under way";
        default: return {};
    }
}

std::string secs(double s) {
    char b[32];
    if (s < 10) std::snprintf(b, sizeof b, "%.1f s", s);
    else if (s < 3600) std::snprintf(b, sizeof b, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
    else std::snprintf(b, sizeof b, "%dh%02dm", static_cast<int>(s) / 3600, static_cast<int>(s) / 60 % 60);
    return b;
}

std::string clock_text(std::int64_t t) {
    if (t <= 0) return "-";
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char b[32];
    std::strftime(b, sizeof b, "%Y-%m-%d %H:%M:%S", &tm);
    return b;
}

double hb_age(const Snapshot& s) {
    if (!s.router.last_heartbeat_mono_ns) return -1;
    return static_cast<double>(s.now_mono_ns - s.router.last_heartbeat_mono_ns) / 1e9;
}

std::string vip_text(const shm::VipEntry& v) {
    std::string label(v.label, strnlen(v.label, sizeof v.label));
    return address_text(v.family, v.addr) + "/" + std::to_string(v.prefix) + " on " + printable(label);
}

std::string bounded(const char* s, std::size_t n) { return std::string(s, strnlen(s, n)); }

// Every dropped heartbeat, whatever the reason.
std::uint64_t rejected_total(const shm::RouterRecord& r) {
    std::uint64_t n = r.unexpected_source;
    for (const auto& reason : hb::kRejectInfo) n += r.rejected[hb::index_of(reason.reason)];
    return n;
}

int configured(const ServerView& v) { return v.dest.in_use ? v.dest.configured_weight : v.rs.configured_weight; }

}  // namespace

std::string printable(const std::string& s) {
    std::string o;
    for (unsigned char c : s) o += (c < 0x20 || c >= 0x7f) ? '?' : static_cast<char>(c);
    return o;
}

std::string json_string(const std::string& s) {
    std::string o = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') o += '\\', o += static_cast<char>(c);
        else if (c < 0x20 || c >= 0x7f) {
            char b[8];
            std::snprintf(b, sizeof b, "\\u%04x", c);
            o += b;
        } else o += static_cast<char>(c);
    }
    return o + "\"";
}

namespace {

// The router's lines: its role, the partner (or, in ecmp, what it
// announces and BIRD), the addresses, what holds it back.
void router_lines(std::ostringstream& o, const Snapshot& s) {
    if (!s.router_present) {
        o << "router   pulse is not running (lvsd on its own)\n";
        return;
    }
    const auto& r = s.router;
    const bool ecmp = ecmp_mode(s);
    if (ecmp)
        o << "router   ecmp, " << ecmp_announced(s.ecmp) << " of " << s.ecmp.vip_count
          << " addresses announced, started " << clock_text(r.role_since_real_s) << " (pid " << r.pid << ")\n";
    else
        o << "router   " << (r.role ? "backup" : "primary") << ", " << (r.active ? "ACTIVE" : "standby")
          << (r.releasing ? " (switchover under way)" : "") << " since " << clock_text(r.role_since_real_s)
          << " (pid " << r.pid << ")\n";
    const std::string partner = printable(bounded(r.partner, sizeof r.partner));
    if (ecmp) {
        // no partner: the other routers of the group are BIRD's business
    } else if (!partner.empty()) {
        const double age = hb_age(s);
        o << "partner  " << partner << ": "
          << (r.partner_alive ? std::string("alive, ") + hb_state(r.partner_state)
                              : std::string("DEAD (last heard: ") + hb_state(r.partner_state) + ")")
          << "; last heartbeat " << (age < 0 ? "never" : secs(age) + " ago")
          << " (keepalive " << r.keepalive_ms / 1000.0 << " s, deadtime " << r.deadtime_ms / 1000.0 << " s)\n";
    } else {
        o << "partner  none (backup_active = 0)\n";
    }
    o << "vips    ";
    if (!r.vip_count) o << " none";
    for (std::uint32_t i = 0; i < r.vip_count && i < shm::kMaxVips; ++i)
        o << (i ? ", " : " ") << vip_text(r.vips[i]) << (r.vips[i].up ? " (up)" : " (down)");
    o << "\n";
    if (r.link_failed || r.lvsd_failed)
        o << "inhibit  " << (r.link_failed ? "link down " : "") << (r.lvsd_failed ? "lvsd failed" : "") << "\n";
    if (const std::string fb = failback_text(r); !fb.empty()) o << "failback " << fb.substr(10) << "\n";
    if (ecmp) ecmp_table(o, s);
    o << "lvs.cf   sha256 " << hex(r.digest, 8) << "...";
    if (r.digest_mismatch) o << " DIFFERS from the partner's " << hex(r.partner_digest, 8) << "... (lvsctl sync)";
    else if (!zero(r.partner_digest, sizeof r.partner_digest)) o << ", the partner's too";
    o << "\n";
}

}  // namespace

std::string render_table(const Snapshot& s) {
    std::ostringstream o;
    char b[512];
    router_lines(o, s);
    if (s.lvsd_present) {
        const auto& l = s.lvsd;
        std::snprintf(b, sizeof b,
                      "lvsd     pid %d, %u services, %u real servers in the table, %u nannies; %llu reconciles, "
                      "%llu IPVS operations, %llu errors\n",
                      l.pid, l.services, l.destinations, l.nannies, static_cast<unsigned long long>(l.reconciles),
                      static_cast<unsigned long long>(l.operations),
                      static_cast<unsigned long long>(l.operation_errors));
        o << b;
    } else {
        o << "lvsd     not running\n";
    }
    o << "\n";
    std::snprintf(b, sizeof b, "%-12s %-12s %-22s %-9s %-7s %-7s %-21s %9s %6s %8s\n", "VIRTUAL", "SERVER",
                  "ADDRESS", "STATE", "WEIGHT", "IN IPVS", "LAST CHECK", "LATENCY", "FLAPS", "CHECKS");
    o << b;
    for (const auto& [name, list] : by_virtual(s)) {
        for (const auto* sv : list) {
            const auto& r = sv->rs;
            char weight[24], kernel[16], lat[16];
            std::snprintf(weight, sizeof weight, "%d", configured(*sv));
            if (sv->dest.kernel_weight < 0) std::snprintf(kernel, sizeof kernel, "-");
            else std::snprintf(kernel, sizeof kernel, "%d", sv->dest.kernel_weight);
            std::snprintf(lat, sizeof lat, "%.1f ms", r.latency_us / 1000.0);
            const char* state = sv->dest.gave_up ? "failed" : shm::to_string(r.state);
            std::snprintf(b, sizeof b, "%-12s %-12s %-22s %-9s %-7s %-7s %-21s %9s %6llu %8llu\n",
                          printable(name).c_str(), printable(short_name(*sv)).c_str(), server_text(r).c_str(), state,
                          weight, kernel, shm::to_string(r.last_outcome), r.checks ? lat : "-",
                          static_cast<unsigned long long>(r.transitions), static_cast<unsigned long long>(r.checks));
            o << b;
            if (r.detail[0])
                o << "    last failure " << shm::to_string(r.last_outcome) << ": "
                  << printable(bounded(r.detail, sizeof r.detail)) << "\n";
            if (r.cert_seen)
                o << "    certificate " << shm::cert_expiry_text(r.cert_days_left) << (r.cert_expiring ? " (EXPIRING)" : "")
                  << "\n";
        }
    }
    if (s.servers.empty()) o << "(no real servers)\n";
    return o.str();
}

namespace {

const char* json_bool(bool b) { return b ? "true" : "false"; }

std::string u64(std::uint64_t n) { return std::to_string(n); }

void json_router(std::ostringstream& o, const Snapshot& s) {
    const auto& r = s.router;
    const double age = hb_age(s);
    const bool ecmp = ecmp_mode(s);
    o << "{\"pid\":" << r.pid << ",\"redundancy\":\"" << (ecmp ? "ecmp" : "pair") << "\",\"role\":\""
      << (ecmp ? "ecmp" : r.role ? "backup" : "primary") << "\",\"state\":\""
      << (r.active ? "active" : "standby") << "\",\"advertised\":\"" << hb_state(r.advertised)
      << "\",\"releasing\":" << json_bool(r.releasing) << ",\"role_since\":" << r.role_since_real_s
      << ",\"keepalive_s\":" << r.keepalive_ms / 1000.0 << ",\"deadtime_s\":" << r.deadtime_ms / 1000.0
      << ",\"inhibited\":{\"link\":" << json_bool(r.link_failed) << ",\"lvsd\":" << json_bool(r.lvsd_failed)
      << "},\"warmth\":" << json_string(warmth_text(r.warmth)) << ",\"failback\":{\"state\":\""
      << failback_kind(r.failback) << "\",\"reason\":";
    if (r.failback == 1) o << json_string(warmth_text(r.failback_why));
    else o << "null";
    o << ",\"in_s\":";
    if (r.failback == 2) o << r.failback_in_ms / 1000.0;
    else o << "null";
    o << "},\"config\":{\"sha256\":\"" << hex(r.digest, sizeof r.digest) << "\",\"partner_sha256\":";
    if (zero(r.partner_digest, sizeof r.partner_digest)) o << "null";
    else o << "\"" << hex(r.partner_digest, sizeof r.partner_digest) << "\"";
    o << ",\"differs\":" << json_bool(r.digest_mismatch) << "},\"partner\":";
    if (r.partner[0]) {
        o << "{\"address\":" << json_string(bounded(r.partner, sizeof r.partner))
          << ",\"alive\":" << json_bool(r.partner_alive) << ",\"state\":\"" << hb_state(r.partner_state)
          << "\",\"last_heartbeat_age_s\":";
        if (age < 0) o << "null}";
        else o << age << "}";
    } else {
        o << "null";
    }
    o << ",\"vips\":[";
    for (std::uint32_t i = 0; i < r.vip_count && i < shm::kMaxVips; ++i) {
        const auto& v = r.vips[i];
        o << (i ? "," : "") << "{\"address\":\"" << address_text(v.family, v.addr) << "\",\"prefix\":"
          << int(v.prefix) << ",\"label\":" << json_string(bounded(v.label, sizeof v.label))
          << ",\"up\":" << json_bool(v.up) << "}";
    }
    o << "],\"counters\":{\"heartbeats_sent\":" << u64(r.sent) << ",\"heartbeats_received\":" << u64(r.received)
      << ",\"heartbeats_rejected\":" << u64(rejected_total(r)) << ",\"timing_slips\":" << u64(r.slips)
      << ",\"failovers\":" << u64(r.failovers) << ",\"switchovers\":" << u64(r.switchovers)
      << ",\"lvsd_restarts\":" << u64(r.lvsd_restarts)
      << ",\"connections_handed_over\":" << u64(r.connections_handed_over) << "}}";
}

void json_lvsd(std::ostringstream& o, const shm::LvsdRecord& l) {
    o << "{\"pid\":" << l.pid << ",\"services\":" << l.services << ",\"destinations\":" << l.destinations
      << ",\"nannies\":" << l.nannies << ",\"reconciles\":" << u64(l.reconciles)
      << ",\"ipvs_operations\":" << u64(l.operations) << ",\"ipvs_errors\":" << u64(l.operation_errors)
      << ",\"drift_repairs\":" << u64(l.drift_repairs) << ",\"reloads\":" << u64(l.reloads)
      << ",\"reload_failures\":" << u64(l.reload_failures) << ",\"nanny_restarts\":" << u64(l.nanny_restarts)
      << ",\"ready_ms\":" << l.ready_ms << ",\"verdict_to_kernel_us\":" << l.last_verdict_to_kernel_us
      << ",\"max_verdict_to_kernel_us\":" << l.max_verdict_to_kernel_us << "}";
}

void json_server(std::ostringstream& o, const ServerView& sv) {
    const auto& r = sv.rs;
    o << "{\"name\":" << json_string(short_name(sv)) << ",\"address\":\"" << server_text(r) << "\",\"state\":\""
      << (sv.dest.gave_up ? "failed" : shm::to_string(r.state)) << "\",\"weight\":" << r.weight
      << ",\"configured_weight\":" << configured(sv) << ",\"kernel_weight\":";
    if (sv.dest.kernel_weight < 0) o << "null";
    else o << sv.dest.kernel_weight;
    o << ",\"last_outcome\":\"" << shm::to_string(r.last_outcome) << "\",\"last_detail\":";
    if (r.detail[0]) o << json_string(bounded(r.detail, sizeof r.detail));
    else o << "null";
    o << ",\"latency_ms\":" << r.latency_us / 1000.0
      << ",\"checks\":" << u64(r.checks) << ",\"failures\":" << u64(r.failures) << ",\"flaps\":" << u64(r.transitions)
      << ",\"load_samples\":" << u64(r.load_samples) << ",\"load_failures\":" << u64(r.load_failures)
      << ",\"output_discarded\":" << u64(r.output_discarded) << ",\"cert_days_left\":";
    if (r.cert_seen) o << r.cert_days_left;
    else o << "null";
    o << ",\"cert_expiring\":" << json_bool(r.cert_seen && r.cert_expiring) << ",\"last_change\":" << r.last_change_real_s
      << ",\"nanny_pid\":" << sv.dest.nanny_pid << ",\"nanny_restarts\":" << sv.dest.nanny_restarts << "}";
}

void json_virtual_servers(std::ostringstream& o, const Snapshot& s) {
    bool first_vs = true;
    for (const auto& [name, list] : by_virtual(s)) {
        o << (first_vs ? "" : ",") << "{\"name\":" << json_string(name) << ",\"service\":\""
          << service_text(list.front()->dest) << "\",\"servers\":[";
        first_vs = false;
        bool first = true;
        for (const auto* sv : list) {
            o << (first ? "" : ",");
            json_server(o, *sv);
            first = false;
        }
        o << "]}";
    }
}

}  // namespace

std::string render_json(const Snapshot& s) {
    std::ostringstream o;
    o << "{\"schema\":\"lvsctl-status/1\",\"time\":" << s.now_real_s << ",\"router\":";
    if (s.router_present) json_router(o, s);
    else o << "null";
    o << ",\"ecmp\":";
    if (ecmp_mode(s)) ecmp_json(o, s);
    else o << "null";
    o << ",\"lvsd\":";
    if (s.lvsd_present) json_lvsd(o, s.lvsd);
    else o << "null";
    o << ",\"virtual_servers\":[";
    json_virtual_servers(o, s);
    const Verdict v = evaluate(s);
    o << "],\"check\":{\"status\":\"" << to_string(v.health) << "\",\"reasons\":[";
    for (std::size_t i = 0; i < v.reasons.size(); ++i) o << (i ? "," : "") << json_string(v.reasons[i].text);
    o << "]}}\n";
    return o.str();
}

}  // namespace lvs::status
