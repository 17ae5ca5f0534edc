// SPDX-License-Identifier: GPL-2.0-or-later
// lvsctl's table and JSON in redundancy = ecmp (render_ecmp.h).
#include "common/status/render_ecmp.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "common/status/render.h"

namespace lvs::status {
namespace {

std::uint32_t listed(std::uint32_t n, std::uint32_t max) { return std::min(n, max); }

std::string seconds(std::uint32_t ms) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f s", ms / 1000.0);
    return b;
}

std::string vip_line(const shm::EcmpVipEntry& v) {
    std::string line = address_text(v.family, v.addr);
    if (v.announced) return line + " announced" + (v.in_bird ? ", route in BIRD" : ", route not in BIRD yet");
    line += std::string(" withdrawn: ") + shm::to_string(v.reason);
    return v.in_bird ? line + " (BIRD still lists the route)" : line;
}

std::string bird_line(const Snapshot& s) {
    const auto& e = s.ecmp;
    std::string line;
    if (!e.polls) {
        line = "not asked yet";
    } else if (!e.bird_answered) {
        line = "NOT ANSWERING: " + printable(field(e.status_error, sizeof e.status_error));
    } else {
        line = "answered " + std::to_string(std::max<std::int64_t>(0, s.now_real_s - e.last_answer_real_s)) +
               " s ago: " + std::to_string(ecmp_established(e)) + " of " + std::to_string(e.bgp_count) +
               " BGP sessions established";
        std::uint32_t up = 0;
        for (std::uint32_t i = 0; i < listed(e.bfd_count, shm::kMaxBfdSessions); ++i)
            up += field(e.bfd[i].state, sizeof e.bfd[i].state) == "Up";
        if (e.bfd_count) line += ", " + std::to_string(up) + " of " + std::to_string(e.bfd_count) + " BFD sessions up";
        line += ", " + std::to_string(e.route_count) + (e.route_count == 1 ? " route" : " routes");
    }
    line += "; " + std::to_string(e.applies) + " changes sent, " + std::to_string(e.apply_failures) + " failed";
    return line;
}

const char* json_bool(bool b) { return b ? "true" : "false"; }

std::string json_field(const char* s, std::size_t n) {
    const std::string t = field(s, n);
    return t.empty() ? "null" : json_string(t);
}

void json_sessions(std::ostringstream& o, const shm::EcmpRecord& e) {
    o << "\"bgp\":[";
    for (std::uint32_t i = 0; i < listed(e.bgp_count, shm::kMaxBgpSessions); ++i) {
        const auto& b = e.bgp[i];
        o << (i ? "," : "") << "{\"name\":" << json_string(field(b.name, sizeof b.name))
          << ",\"state\":" << json_string(field(b.state, sizeof b.state))
          << ",\"session\":" << json_string(field(b.session, sizeof b.session))
          << ",\"since\":" << json_string(field(b.since, sizeof b.since)) << ",\"info\":" << json_field(b.info, sizeof b.info)
          << "}";
    }
    o << "],\"bfd\":[";
    for (std::uint32_t i = 0; i < listed(e.bfd_count, shm::kMaxBfdSessions); ++i) {
        const auto& b = e.bfd[i];
        o << (i ? "," : "") << "{\"address\":" << json_string(field(b.address, sizeof b.address))
          << ",\"interface\":" << json_string(field(b.interface, sizeof b.interface))
          << ",\"state\":" << json_string(field(b.state, sizeof b.state))
          << ",\"since\":" << json_string(field(b.since, sizeof b.since)) << "}";
    }
    o << "]";
}

}  // namespace

std::string field(const char* s, std::size_t n) { return std::string(s, strnlen(s, n)); }

std::uint32_t ecmp_announced(const shm::EcmpRecord& e) {
    std::uint32_t n = 0;
    for (std::uint32_t i = 0; i < listed(e.vip_count, shm::kMaxEcmpVips); ++i) n += e.vips[i].announced != 0;
    return n;
}

std::uint32_t ecmp_established(const shm::EcmpRecord& e) {
    std::uint32_t n = 0;
    for (std::uint32_t i = 0; i < listed(e.bgp_count, shm::kMaxBgpSessions); ++i)
        n += field(e.bgp[i].session, sizeof e.bgp[i].session) == "Established";
    return n;
}

void ecmp_table(std::ostringstream& o, const Snapshot& s) {
    if (!s.ecmp_present) {
        o << "announce no status from pulse yet\n";
        return;
    }
    const auto& e = s.ecmp;
    for (std::uint32_t i = 0; i < listed(e.vip_count, shm::kMaxEcmpVips); ++i) o << "announce " << vip_line(e.vips[i]) << "\n";
    if (!e.vip_count) o << "announce no active virtual address\n";
    if (e.stopping) o << "stopping every route withdrawn; lvsd stops in " << seconds(e.drain_left_ms) << "\n";
    else if (e.reason == shm::AnnounceReason::WarmingUp) o << "warm-up  ready; announces in " << seconds(e.warmup_left_ms) << "\n";
    else if (e.reason != shm::AnnounceReason::Announced) o << "held     " << shm::to_string(e.reason) << "\n";
    o << "bird     " << bird_line(s) << "\n";
    if (e.apply_failed)
        o << "bird     last change REFUSED (retried): " << printable(field(e.apply_error, sizeof e.apply_error)) << "\n";
    for (std::uint32_t i = 0; i < listed(e.bgp_count, shm::kMaxBgpSessions); ++i) {
        const auto& b = e.bgp[i];
        char line[256];
        std::snprintf(line, sizeof line, "bgp      %-24s %-6s %-12s since %s", printable(field(b.name, sizeof b.name)).c_str(),
                      printable(field(b.state, sizeof b.state)).c_str(),
                      printable(field(b.session, sizeof b.session)).c_str(),
                      printable(field(b.since, sizeof b.since)).c_str());
        o << line;
        if (b.info[0]) o << "  " << printable(field(b.info, sizeof b.info));
        o << "\n";
    }
    for (std::uint32_t i = 0; i < listed(e.bfd_count, shm::kMaxBfdSessions); ++i) {
        const auto& b = e.bfd[i];
        char line[256];
        std::snprintf(line, sizeof line, "bfd      %-24s %-6s %-12s since %s\n",
                      printable(field(b.address, sizeof b.address)).c_str(),
                      printable(field(b.interface, sizeof b.interface)).c_str(),
                      printable(field(b.state, sizeof b.state)).c_str(), printable(field(b.since, sizeof b.since)).c_str());
        o << line;
    }
}

void ecmp_json(std::ostringstream& o, const Snapshot& s) {
    if (!s.ecmp_present) {
        o << "null";
        return;
    }
    const auto& e = s.ecmp;
    o << "{\"reason\":" << json_string(shm::to_string(e.reason)) << ",\"stopping\":" << json_bool(e.stopping)
      << ",\"warmup_left_s\":";
    if (e.reason == shm::AnnounceReason::WarmingUp) o << e.warmup_left_ms / 1000.0;
    else o << "null";
    o << ",\"drain_left_s\":";
    if (e.stopping) o << e.drain_left_ms / 1000.0;
    else o << "null";
    o << ",\"min_servers\":" << e.min_servers << ",\"vips\":[";
    for (std::uint32_t i = 0; i < listed(e.vip_count, shm::kMaxEcmpVips); ++i) {
        const auto& v = e.vips[i];
        o << (i ? "," : "") << "{\"address\":\"" << address_text(v.family, v.addr) << "\",\"announced\":"
          << json_bool(v.announced) << ",\"reason\":";
        if (v.announced) o << "null";
        else o << json_string(shm::to_string(v.reason));
        o << ",\"route_in_bird\":" << json_bool(v.in_bird) << "}";
    }
    o << "],\"bird\":{\"answered\":" << json_bool(e.bird_answered) << ",\"last_answer\":" << e.last_answer_real_s
      << ",\"status_error\":" << json_field(e.status_error, sizeof e.status_error)
      << ",\"applying\":" << json_bool(e.applying) << ",\"apply_failed\":" << json_bool(e.apply_failed)
      << ",\"apply_error\":" << json_field(e.apply_error, sizeof e.apply_error) << ",\"routes\":" << e.route_count
      << ",\"applies\":" << e.applies << ",\"apply_failures\":" << e.apply_failures << ",\"polls\":" << e.polls
      << ",\"poll_failures\":" << e.poll_failures << "},";
    json_sessions(o, e);
    o << "}";
}

}  // namespace lvs::status
