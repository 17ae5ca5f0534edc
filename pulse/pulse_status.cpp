// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's part of the status segment: it creates the segment, writes the
// router record, and serves the metrics endpoint (lvsctl(8)).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "common/log/logger.h"
#include "common/status/render.h"
#include "pulse/pulse_app.h"

namespace lvs::pulse {

namespace {
constexpr std::uint32_t kMinSlots = 1024;  // room for reloads that add real servers
}

void PulseApp::open_status() {
    std::uint32_t servers = 0;
    for (const auto& vs : cfg_.virtuals) servers += static_cast<std::uint32_t>(vs.servers.size());
    bool stale = false;
    auto t = shm::StatusTable::create(settings_.shm_name, std::max(kMinSlots, 4 * servers), &stale);
    if (!t.ok()) {
        LVS_LOG_ERROR("%s: lvsctl and metrics are unavailable", t.error().message().c_str());
        return;
    }
    if (stale) LVS_LOG_WARN("replaced the stale status segment %s", settings_.shm_name.c_str());
    table_ = std::move(*t);
    rec_.pid = static_cast<std::int32_t>(::getpid());
    rec_.started_real_s = rec_.role_since_real_s = static_cast<std::int64_t>(std::time(nullptr));
    auto server = status::HttpServer::start(settings_.status_listen, [this](const std::string& path) -> std::string {
        if (path != "/metrics") return {};
        const auto& c = metrics_->counters();
        char extra[512];
        std::snprintf(extra, sizeof extra,
                      "# HELP lvs_metrics_requests_total Metrics endpoint requests, by answer.\n"
                      "# TYPE lvs_metrics_requests_total counter\n"
                      "lvs_metrics_requests_total{code=\"200\"} %llu\n"
                      "lvs_metrics_requests_total{code=\"400\"} %llu\n"
                      "lvs_metrics_requests_total{code=\"404\"} %llu\n"
                      "lvs_metrics_requests_total{code=\"refused\"} %llu\n",
                      static_cast<unsigned long long>(c.requests + 1), static_cast<unsigned long long>(c.bad_requests),
                      static_cast<unsigned long long>(c.not_found), static_cast<unsigned long long>(c.refused));
        return status::render_metrics(status::read_snapshot(*table_), extra);
    });
    if (!server.ok()) LVS_LOG_WARN("%s", server.error().message().c_str());
    else if (*server) metrics_ = std::move(*server), LVS_LOG_INFO("metrics on http://%s/metrics", settings_.status_listen.c_str());
    publish_status();
}

void PulseApp::publish_status() {
    if (!table_) return;
    const bool primary = role_ == hb::Role::Primary;
    if (fsm_.active() != was_active_) {
        was_active_ = fsm_.active();
        rec_.role_since_real_s = static_cast<std::int64_t>(std::time(nullptr));
    }
    rec_.role = primary ? 0 : 1;
    rec_.active = fsm_.active();
    rec_.advertised = static_cast<std::uint8_t>(fsm_.advertised());
    rec_.partner_alive = fsm_.partner_alive();
    rec_.partner_state = static_cast<std::uint8_t>(fsm_.partner_state());
    rec_.link_failed = fsm_.link_failed();
    rec_.lvsd_failed = fsm_.lvsd_failed();
    rec_.releasing = fsm_.releasing();
    rec_.lvsd_pid = supervision_ ? static_cast<std::int32_t>(supervision_->lvsd_pid()) : -1;
    rec_.keepalive_ms = static_cast<std::uint32_t>(cfg_.keepalive.count());
    rec_.deadtime_ms = static_cast<std::uint32_t>(cfg_.deadtime.count());
    rec_.last_heartbeat_mono_ns = last_heartbeat_ns_;
    const auto& in = intake_.counters();
    rec_.sent = n_.sent;
    rec_.received = in.received;
    rec_.send_errors = link_ ? link_->send_errors() : 0;
    rec_.unexpected_source = in.unexpected_source;
    rec_.duplicates = in.duplicates;
    rec_.slips = n_.slips;
    for (std::size_t i = 0; i < in.rejected.size(); ++i) rec_.rejected[i] = in.rejected[i];
    rec_.failovers = n_.failovers;
    rec_.switchovers = n_.switchovers;
    rec_.connections_handed_over = handover_.handed_over();
    rec_.lvsd_restarts = supervision_ ? supervision_->lvsd_restarts() : 0;
    const auto vips = floating_addresses(cfg_);
    rec_.vip_count = 0;
    for (const auto& f : vips) {
        if (rec_.vip_count == shm::kMaxVips) break;
        auto& v = rec_.vips[rec_.vip_count++];
        v = shm::VipEntry{};
        v.family = f.addr.is_v6() ? 6 : 4;
        v.prefix = static_cast<std::uint8_t>(f.prefix);
        v.up = std::find(takeover_.plumbed().begin(), takeover_.plumbed().end(), f) != takeover_.plumbed().end();
        std::memcpy(v.addr, f.addr.bytes().data(), 16);
        std::snprintf(v.label, sizeof v.label, "%s", f.label.c_str());
    }
    const FailbackView fb = fsm_.failback(Clock::now());
    rec_.failback = static_cast<std::uint8_t>(fb.kind);
    rec_.failback_why = static_cast<std::uint8_t>(fb.why);
    rec_.failback_in_ms = static_cast<std::uint32_t>(fb.left.count());
    rec_.warmth = static_cast<std::uint8_t>(fsm_.warmth());
    rec_.digest_mismatch = digest_mismatch_;
    std::memcpy(rec_.digest, digest_.data(), sizeof rec_.digest);
    if (partner_digest_) std::memcpy(rec_.partner_digest, partner_digest_->data(), sizeof rec_.partner_digest);
    const IpAddress& partner = primary ? cfg_.backup : cfg_.primary;
    if (cfg_.backup_active && !partner.is_unspecified())
        std::snprintf(rec_.partner, sizeof rec_.partner, "%s", partner.to_string().c_str());
    else
        rec_.partner[0] = '\0';
    table_->router().publish(rec_);
}

// Whether this router could serve at once (its heartbeats say so; fail-back
// waits for it): links up, lvsd running with its table programmed, every
// real server it manages checked at least once, and the partner's lvs.cf.
hb::Warmth PulseApp::own_warmth() const {
    if (fsm_.link_failed()) return hb::Warmth::LinkDown;
    if (fsm_.lvsd_failed()) return hb::Warmth::Failed;
    if (cfg_.service == config::ServiceMode::Lvs && !opts_.norun) {
        shm::LvsdRecord l{};
        if (!table_ || !table_->lvsd().read(l) || l.pid <= 0 || l.pid != supervision_->lvsd_pid() || l.ready_ms <= 0)
            return hb::Warmth::Starting;
        for (std::uint32_t i = 0; i < table_->rs_slots(); ++i) {
            shm::DestRecord d{};
            if (!table_->dest(i).read(d) || !d.in_use) continue;
            shm::RealServerRecord r{};
            if (!table_->rs(i).read(r) || r.owner_pid <= 0 || r.state == shm::RsState::Unknown) return hb::Warmth::Unchecked;
        }
    }
    if (digest_mismatch_) return hb::Warmth::DigestDiffers;
    return hb::Warmth::Warm;
}

// Someone removed /dev/shm/NAME: create it again (same size) so that lvsd,
// its nannies and lvsctl find it. Checked at most once a second.
void PulseApp::check_status_segment() {
    if (!table_) return;
    const auto now = Clock::now();
    if (now - last_segment_check_ < std::chrono::seconds(1)) return;
    last_segment_check_ = now;
    if (!table_->is_stale()) return;
    const std::uint32_t slots = table_->rs_slots();
    auto t = shm::StatusTable::create(settings_.shm_name, slots);
    if (!t.ok()) {
        LVS_LOG_ERROR("status segment /dev/shm/%s was removed and cannot be created again: %s",
                      settings_.shm_name.c_str(), t.error().message().c_str());
        return;
    }
    table_ = std::move(*t);
    LVS_LOG_WARN("status segment /dev/shm/%s was removed underneath pulse: created again",
                 settings_.shm_name.c_str());
    publish_status();
}

void PulseApp::close_status() {
    metrics_.reset();
    if (!table_) return;
    table_->router().publish(shm::RouterRecord{});
    shm::StatusTable::remove(settings_.shm_name);
    table_.reset();
}

}  // namespace lvs::pulse
