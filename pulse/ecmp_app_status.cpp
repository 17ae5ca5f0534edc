// SPDX-License-Identifier: GPL-2.0-or-later
// pulse with redundancy = ecmp: the router and ecmp records of the status
// segment, and what systemd is told (ecmp_app.h).
#include <unistd.h>

#include <cstring>
#include <ctime>

#include "pulse/ecmp_app.h"

namespace lvs::pulse {

void EcmpApp::open_status() {
    std::uint32_t servers = 0;
    for (const auto& vs : cfg_.virtuals) servers += static_cast<std::uint32_t>(vs.servers.size());
    if (!segment_.open(settings_, servers)) return;
    rec_.pid = static_cast<std::int32_t>(::getpid());
    rec_.started_real_s = rec_.role_since_real_s = static_cast<std::int64_t>(std::time(nullptr));
}

void EcmpApp::tell_manager() {
    if (!ports_.notify) return;
    std::size_t announced = 0;
    for (const auto& v : policy_.vips()) announced += policy_.announced(v);
    const AnnounceReason held = policy_.router_reason();
    const hb::Warmth warmth = lvsd_failed_          ? hb::Warmth::Failed
                              : facts_.programmed ? hb::Warmth::Warm
                                                  : hb::Warmth::Starting;
    const NoticeFacts f{.primary = true,
                        .has_partner = false,
                        .heartbeat_running = true,
                        .needs_lvsd = !opts_.norun,
                        .warmth = warmth,
                        .active = true,
                        .exiting = exiting_ || policy_.stopping(),
                        .ecmp = true,
                        .announced = static_cast<int>(announced),
                        .vips = static_cast<int>(policy_.vips().size()),
                        .held = held == AnnounceReason::Announced ? std::string() : shm::to_string(held)};
    if (const std::string msg = notice_.update(f); !msg.empty()) ports_.notify(msg);
}

// Both records after every event, written only when they changed (the
// tick runs ten times a second).
void EcmpApp::publish_status() {
    tell_manager();
    shm::StatusTable* t = segment_.table();
    if (!t) return;
    shm::RouterRecord r = rec_;
    r.ecmp = 1;
    r.active = !exiting_;
    r.link_failed = !links_down_.empty();
    r.lvsd_failed = lvsd_failed_;
    r.lvsd_pid = supervision_ ? static_cast<std::int32_t>(supervision_->lvsd_pid()) : -1;
    r.fos_pid = -1;
    r.lvsd_restarts = supervision_ ? supervision_->lvsd_restarts() : 0;
    r.warmth = static_cast<std::uint8_t>(facts_.programmed ? hb::Warmth::Warm : hb::Warmth::Starting);
    put_vips(r, cfg_, takeover_);
    std::memcpy(r.digest, digest_.data(), sizeof r.digest);
    if (announcer_) {
        const EcmpStatusInputs in{.policy = policy_, .announcer = *announcer_, .bird = polls_,
                                  .drain_until = drain_until_, .min_servers = cfg_.announce_min_servers,
                                  .now = AnnounceClock::now()};
        const shm::EcmpRecord e = ecmp_record(in, rec_.pid);
        if (republish_ || std::memcmp(&e, &ecmp_rec_, sizeof e) != 0) t->ecmp().publish(ecmp_rec_ = e);
    }
    if (republish_ || std::memcmp(&r, &rec_, sizeof r) != 0) t->router().publish(rec_ = r);
    republish_ = false;
}

}  // namespace lvs::pulse
