// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp: the EcmpRecord and the session log lines (ecmp_status.h).
#include "pulse/ecmp_status.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace lvs::pulse {
namespace {

template <std::size_t N>
void put(char (&field)[N], const std::string& text) {
    std::snprintf(field, N, "%s", text.c_str());
}

std::uint32_t ms_until(AnnounceClock::time_point t, AnnounceClock::time_point now) {
    if (t <= now) return 0;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - now).count();
    return static_cast<std::uint32_t>(std::min<std::int64_t>(ms, UINT32_MAX));
}

void sessions(shm::EcmpRecord& r, const BirdStatus& s) {
    for (const auto& p : s.bgp) {
        if (r.bgp_count == shm::kMaxBgpSessions) break;
        auto& b = r.bgp[r.bgp_count++];
        put(b.name, p.name);
        put(b.state, p.state);
        put(b.session, p.bgp_state());
        put(b.since, p.since);
        const auto space = p.info.find(' ');
        put(b.info, space == std::string::npos ? std::string() : p.info.substr(space + 1));
    }
    for (const auto& f : s.bfd) {
        if (r.bfd_count == shm::kMaxBfdSessions) break;
        auto& b = r.bfd[r.bfd_count++];
        put(b.address, f.address);
        put(b.interface, f.interface);
        put(b.state, f.state);
        put(b.since, f.since);
    }
    r.route_count = static_cast<std::uint32_t>(s.routes.size());
}

}  // namespace

std::string vip_route(const IpAddress& vip) { return vip.to_string() + (vip.is_v6() ? "/128" : "/32"); }

shm::EcmpRecord ecmp_record(const EcmpStatusInputs& in, std::int32_t pid) {
    shm::EcmpRecord r{};
    r.pid = pid;
    const AnnouncePolicy& p = in.policy;
    r.reason = p.router_reason();
    r.stopping = p.stopping();
    if (in.drain_until) r.drain_left_ms = ms_until(*in.drain_until, in.now);
    if (const auto w = p.next_wakeup(); w && r.reason == AnnounceReason::WarmingUp) r.warmup_left_ms = ms_until(*w, in.now);
    r.min_servers = static_cast<std::uint32_t>(std::max(0, in.min_servers));
    const auto& routes = in.bird.last.routes;
    for (const auto& vip : p.vips()) {
        if (r.vip_count == shm::kMaxEcmpVips) break;
        auto& v = r.vips[r.vip_count++];
        v.family = vip.is_v6() ? 6 : 4;
        std::memcpy(v.addr, vip.bytes().data(), 16);
        v.announced = p.announced(vip);
        v.reason = p.reason(vip);
        v.in_bird = std::find(routes.begin(), routes.end(), vip_route(vip)) != routes.end();
    }
    const BirdAnnouncer& a = in.announcer;
    r.applying = a.busy();
    r.apply_failed = a.failed();
    r.applies = a.applies();
    r.apply_failures = a.failures();
    put(r.apply_error, a.last_error());
    r.polls = in.bird.polls;
    r.poll_failures = in.bird.failures;
    r.bird_answered = in.bird.answered;
    r.last_answer_real_s = in.bird.last_answer_real_s;
    if (!in.bird.answered) put(r.status_error, in.bird.error);
    sessions(r, in.bird.last);
    return r;
}

std::vector<std::string> session_changes(const BirdStatus& before, const BirdStatus& after) {
    std::vector<std::string> out;
    for (const auto& p : after.bgp) {
        const auto was = std::find_if(before.bgp.begin(), before.bgp.end(), [&](const auto& b) { return b.name == p.name; });
        if (was == before.bgp.end()) out.push_back("BGP session " + p.name + ": " + p.bgp_state());
        else if (was->bgp_state() != p.bgp_state())
            out.push_back("BGP session " + p.name + ": " + p.bgp_state() + " (was " + was->bgp_state() + ")");
    }
    for (const auto& b : before.bgp)
        if (std::none_of(after.bgp.begin(), after.bgp.end(), [&](const auto& p) { return p.name == b.name; }))
            out.push_back("BGP session " + b.name + ": gone from BIRD");
    for (const auto& f : after.bfd) {
        const auto was = std::find_if(before.bfd.begin(), before.bfd.end(), [&](const auto& b) {
            return b.address == f.address && b.interface == f.interface;
        });
        if (was == before.bfd.end()) out.push_back("BFD session " + f.address + " on " + f.interface + ": " + f.state);
        else if (was->state != f.state)
            out.push_back("BFD session " + f.address + " on " + f.interface + ": " + f.state + " (was " + was->state + ")");
    }
    return out;
}

}  // namespace lvs::pulse
