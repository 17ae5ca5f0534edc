// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's part of the status segment (status_segment.h) in a pair: the
// router record after every event, and the warmth the heartbeats carry.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "common/log/logger.h"
#include "common/status/render.h"
#include "pulse/pulse_app.h"

namespace lvs::pulse {

void PulseApp::open_status() {
    std::uint32_t servers = 0;
    for (const auto& vs : cfg_.virtuals) servers += static_cast<std::uint32_t>(vs.servers.size());
    if (!segment_.open(settings_, servers)) return;
    rec_.pid = static_cast<std::int32_t>(::getpid());
    rec_.started_real_s = rec_.role_since_real_s = static_cast<std::int64_t>(std::time(nullptr));
    publish_status();
}

void put_vips(shm::RouterRecord& rec, const config::LvsConfig& cfg, const Takeover& takeover) {
    rec.vip_count = 0;
    for (const auto& f : floating_addresses(cfg)) {
        if (rec.vip_count == shm::kMaxVips) break;
        auto& v = rec.vips[rec.vip_count++];
        v = shm::VipEntry{};
        v.family = f.addr.is_v6() ? 6 : 4;
        v.prefix = static_cast<std::uint8_t>(f.prefix);
        v.up = std::find(takeover.plumbed().begin(), takeover.plumbed().end(), f) != takeover.plumbed().end();
        std::memcpy(v.addr, f.addr.bytes().data(), 16);
        std::snprintf(v.label, sizeof v.label, "%s", f.label.c_str());
    }
}

void PulseApp::tell_manager() {
    if (!ports_.notify) return;
    const NoticeFacts f{.primary = role_ == hb::Role::Primary,
                        .has_partner = cfg_.backup_active,
                        .heartbeat_running = n_.sent > 0 || !cfg_.backup_active,
                        .needs_lvsd = cfg_.service == config::ServiceMode::Lvs && !opts_.norun,
                        .warmth = fsm_.warmth(),
                        .active = fsm_.active(),
                        .releasing = fsm_.releasing(),
                        .partner_alive = fsm_.partner_alive(),
                        .partner_state = fsm_.partner_state(),
                        .exiting = exiting_ || fsm_.terminating()};
    if (const std::string msg = notice_.update(f); !msg.empty()) ports_.notify(msg);
}

void PulseApp::publish_status() {
    tell_manager();
    shm::StatusTable* table = segment_.table();
    if (!table) return;
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
    rec_.fos_pid = supervision_ ? static_cast<std::int32_t>(supervision_->fos_pid()) : -1;
    rec_.fos_mode = cfg_.service == config::ServiceMode::Fos;
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
    put_vips(rec_, cfg_, takeover_);
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
    table->router().publish(rec_);
}

// Whether this router could serve at once (its heartbeats say so; fail-back
// waits for it): links up, lvsd running with its table programmed, every
// real server it manages checked at least once, and the partner's lvs.cf.
hb::Warmth PulseApp::own_warmth() const {
    if (fsm_.link_failed()) return hb::Warmth::LinkDown;
    if (fsm_.lvsd_failed()) return hb::Warmth::Failed;
    if (cfg_.service == config::ServiceMode::Lvs && !opts_.norun) {
        shm::LvsdRecord l{};
        const shm::StatusTable* t = segment_.table();
        if (!t || !t->lvsd().read(l) || l.pid <= 0 || l.pid != supervision_->lvsd_pid() || l.ready_ms <= 0)
            return hb::Warmth::Starting;
        for (std::uint32_t i = 0; i < t->rs_slots(); ++i) {
            shm::DestRecord d{};
            if (!t->dest(i).read(d) || !d.in_use) continue;
            shm::RealServerRecord r{};
            if (!t->rs(i).read(r) || r.owner_pid <= 0 || r.state == shm::RsState::Unknown) return hb::Warmth::Unchecked;
        }
    }
    if (digest_mismatch_) return hb::Warmth::DigestDiffers;
    return hb::Warmth::Warm;
}

void PulseApp::check_status_segment() {
    if (segment_.recreate_if_removed(Clock::now())) publish_status();
}

void PulseApp::close_status() { segment_.close(); }

}  // namespace lvs::pulse
