// SPDX-License-Identifier: GPL-2.0-or-later
// The check verdict: the routers, then lvsd and the real servers, or in FOS
// mode the failover services of the fos that pulse runs.
#include "common/status/check.h"

#include <algorithm>
#include <cstring>

#include "common/hb/heartbeat.h"
#include "common/status/render_ecmp.h"

namespace lvs::status {

namespace {

void worse(Verdict& v, Health h, std::string why) {
    if (static_cast<int>(h) > static_cast<int>(v.health)) v.health = h;
    v.reasons.push_back({h, std::move(why)});
}

std::string fos_name(const shm::FosServiceEntry& e) { return std::string(e.name, strnlen(e.name, sizeof e.name)); }

std::uint32_t fos_listed(const Snapshot& s) { return std::min(s.fos.services, shm::kMaxFosServices); }

// The fos record pulse vouches for: written by the fos child it runs now.
bool fos_current(const Snapshot& s) { return s.fos_present && s.fos.pid > 0 && s.fos.pid == s.router.fos_pid; }

bool partner_serving(const Snapshot& s) {
    const auto st = static_cast<hb::State>(s.router.partner_state);
    return s.router.partner_alive && (st == hb::State::Running || st == hb::State::StopMe);
}

constexpr std::uint8_t kFosActive = 1, kFosMonitor = 2;

// The active router: fos --active runs every service's start_cmd.
void judge_fos_active(const Snapshot& s, Verdict& v) {
    if (!fos_current(s)) return worse(v, Health::Down, "fos is not running on the active router");
    if (s.fos.mode != kFosActive) return worse(v, Health::Degraded, "the failover services are not started yet");
    for (std::uint32_t i = 0; i < fos_listed(s); ++i) {
        const auto& e = s.fos.service[i];
        const std::string n = "failover service " + fos_name(e);
        switch (e.state) {
            case shm::FosState::Running: break;
            case shm::FosState::Failed: worse(v, Health::Down, n + ": start_cmd failed"); break;
            case shm::FosState::Starting: case shm::FosState::Stopping: case shm::FosState::Unknown:
                worse(v, Health::Degraded, n + ": " + shm::to_string(e.state));
                break;
            default: worse(v, Health::Down, n + ": not running"); break;
        }
    }
}

// A standby whose partner serves: fos --monitor watches every service.
void judge_fos_standby(const Snapshot& s, Verdict& v) {
    if (!partner_serving(s)) return;  // the router rules have spoken
    if (!fos_current(s)) return worse(v, Health::Degraded, "the partner's failover services are not monitored");
    if (s.fos.mode != kFosMonitor) return worse(v, Health::Degraded, "the failover services are still stopping here");
    for (std::uint32_t i = 0; i < fos_listed(s); ++i) {
        const auto& e = s.fos.service[i];
        if (e.state != shm::FosState::Monitoring)
            worse(v, Health::Degraded, "failover service " + fos_name(e) + ": not monitored (" + shm::to_string(e.state) + ")");
    }
}

void judge_router(const Snapshot& s, Verdict& v) {
    const bool has_partner = s.router.partner[0] != '\0';
    const auto& r = s.router;
    if (!r.active && (!has_partner || !r.partner_alive))
        worse(v, Health::Down, "no router is active (partner dead, this router standby)");
    if (r.active && r.lvsd_failed) worse(v, Health::Down, "lvsd failed on the active router");
    if (r.link_failed) worse(v, Health::Degraded, "a monitored link is down");
    if (has_partner && !r.partner_alive) worse(v, Health::Degraded, "partner router is not heard");
    if (has_partner && r.digest_mismatch) worse(v, Health::Degraded, "lvs.cf differs from the partner's");
}

// redundancy = ecmp: this router serves what it announces, and only while
// BIRD carries the routes to an upstream over an established session.
void judge_ecmp_bird(const shm::EcmpRecord& e, Verdict& v) {
    if (!e.polls) return;  // just started: not asked yet
    if (!e.bird_answered)
        return worse(v, Health::Down, "BIRD does not answer: " + field(e.status_error, sizeof e.status_error));
    if (e.apply_failed)
        worse(v, Health::Degraded, "BIRD has not taken the last change: " + field(e.apply_error, sizeof e.apply_error));
    const std::uint32_t bgp = std::min(e.bgp_count, shm::kMaxBgpSessions);
    if (bgp == 0) return worse(v, Health::Down, "BIRD has no BGP session of pulse's");
    if (ecmp_established(e) == 0) worse(v, Health::Down, "no BGP session is established: nothing reaches the upstream");
    for (std::uint32_t i = 0; i < bgp; ++i) {
        const auto& b = e.bgp[i];
        const std::string session = field(b.session, sizeof b.session);
        if (session != "Established")
            worse(v, Health::Degraded, "BGP session " + field(b.name, sizeof b.name) + ": " +
                                           (session.empty() ? field(b.state, sizeof b.state) : session));
    }
    for (std::uint32_t i = 0; i < std::min(e.bfd_count, shm::kMaxBfdSessions); ++i) {
        const auto& b = e.bfd[i];
        if (field(b.state, sizeof b.state) != "Up")
            worse(v, Health::Degraded, "BFD session " + field(b.address, sizeof b.address) + ": " +
                                           field(b.state, sizeof b.state));
    }
}

void judge_ecmp(const Snapshot& s, Verdict& v) {
    if (s.router.lvsd_failed) worse(v, Health::Down, "lvsd cannot be kept running");
    if (!s.ecmp_present) return worse(v, Health::Down, "pulse has not published what it announces");
    const auto& e = s.ecmp;
    if (e.stopping) return worse(v, Health::Down, "pulse is stopping: every route is withdrawn");
    const std::uint32_t vips = std::min(e.vip_count, shm::kMaxEcmpVips);
    if (vips && ecmp_announced(e) == 0)
        worse(v, Health::Down, std::string("no address is announced: ") +
                                   shm::to_string(e.reason == shm::AnnounceReason::Announced ? e.vips[0].reason : e.reason));
    else
        for (std::uint32_t i = 0; i < vips; ++i)
            if (!e.vips[i].announced)
                worse(v, Health::Degraded, address_text(e.vips[i].family, e.vips[i].addr) + " is not announced: " +
                                               shm::to_string(e.vips[i].reason));
    for (std::uint32_t i = 0; i < vips && e.bird_answered && !e.applying; ++i)
        if (e.vips[i].announced && !e.vips[i].in_bird)
            worse(v, Health::Degraded, address_text(e.vips[i].family, e.vips[i].addr) + ": BIRD does not list its route");
    judge_ecmp_bird(e, v);
}

void judge_servers(const Snapshot& s, Verdict& v) {
    for (const auto& [name, list] : by_virtual(s)) {
        int up = 0;
        for (const auto* sv : list) {
            if (is_up(sv->rs)) ++up;
            else if (sv->dest.gave_up) worse(v, Health::Degraded, name + "/" + short_name(*sv) + ": nanny cannot run");
            else worse(v, Health::Degraded, name + "/" + short_name(*sv) + ": " + shm::to_string(sv->rs.state));
            if (sv->rs.cert_seen && sv->rs.cert_expiring)
                worse(v, Health::Degraded, name + "/" + short_name(*sv) + ": TLS certificate " +
                                               shm::cert_expiry_text(sv->rs.cert_days_left));
        }
        if (up == 0) worse(v, Health::Down, "virtual server " + name + " has no real server up");
    }
}

}  // namespace

const char* to_string(Health h) { return h == Health::Ok ? "ok" : h == Health::Degraded ? "degraded" : "down"; }

bool fos_mode(const Snapshot& s) { return s.router_present && s.router.fos_mode != 0; }
bool ecmp_mode(const Snapshot& s) { return s.router_present && s.router.ecmp != 0; }

Verdict evaluate(const Snapshot& s) {
    Verdict v;
    if (!s.creator_alive) {
        worse(v, Health::Down, "the status segment is stale: pid " + std::to_string(s.creator_pid) +
                                   " that created it is gone (pulse or lvsd died)");
        return v;
    }
    if (ecmp_mode(s)) judge_ecmp(s, v);
    else if (s.router_present) judge_router(s, v);
    if (fos_mode(s)) {
        if (s.router.active) judge_fos_active(s, v);
        else judge_fos_standby(s, v);
    } else if (!s.lvsd_present) {
        worse(v, Health::Down, "lvsd is not running");
        return v;
    } else {
        judge_servers(s, v);
    }
    if (s.torn_reads) worse(v, Health::Degraded, "a status record could not be read");
    return v;
}

std::vector<UpCount> up_counts(const Snapshot& s) {
    std::vector<UpCount> out(1);
    if (!s.creator_alive) return out;  // nothing in a stale segment is up
    if (fos_mode(s)) {
        if (!fos_current(s)) return out;
        const auto counted = s.fos.mode == kFosActive ? shm::FosState::Running : shm::FosState::Monitoring;
        for (std::uint32_t i = 0; i < fos_listed(s); ++i) {
            const bool up = s.fos.service[i].state == counted;
            out.push_back({fos_name(s.fos.service[i]), up ? 1 : 0, 1});
            out[0].up += up;
            ++out[0].total;
        }
        return out;
    }
    for (const auto& [name, list] : by_virtual(s)) {
        UpCount c{name, 0, static_cast<int>(list.size())};
        for (const auto* sv : list) c.up += is_up(sv->rs);
        out[0].up += c.up;
        out[0].total += c.total;
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace lvs::status
