// SPDX-License-Identifier: GPL-2.0-or-later
// Takeover: floating addresses and their announcements.
#include "pulse/takeover.h"

#include <algorithm>

#include "common/log/logger.h"

namespace lvs::pulse {
namespace {

int prefix_of(const IpAddress& addr, const IpAddress& mask) {
    if (mask.is_set() && !mask.is_unspecified() && mask.prefix_length() >= 0) return mask.prefix_length();
    return addr.is_v6() ? 128 : 32;
}

class PacketAnnouncer final : public Announcer {
public:
    Status announce(const std::string& device, const IpAddress& addr) override {
        return net::announce_address(device, addr);
    }
};

}  // namespace

std::unique_ptr<Announcer> make_packet_announcer() { return std::make_unique<PacketAnnouncer>(); }

std::vector<net::FloatingAddress> floating_addresses(const config::LvsConfig& cfg) {
    std::vector<net::FloatingAddress> out;
    auto add = [&](const IpAddress& a, const IpAddress& mask, const std::string& dev) {
        if (a.is_unspecified() || dev.empty()) return;
        for (const auto& f : out)
            if (f.addr == a) return;
        out.push_back({a, prefix_of(a, mask), dev});
    };
    if (cfg.network == config::Forwarding::Nat) add(cfg.nat_router, cfg.nat_nmask, cfg.nat_router_device);
    const auto& blocks = cfg.service == config::ServiceMode::Lvs ? cfg.virtuals : cfg.failovers;
    for (const auto& vs : blocks)
        if (vs.active) add(vs.address, vs.vip_nmask, vs.device);
    return out;
}

Takeover::Millis Takeover::activate(const config::LvsConfig& cfg) {
    plumb(cfg);
    return restart_announcements(cfg, true);
}

void Takeover::plumb(const config::LvsConfig& cfg) {
    plumbed_ = floating_addresses(cfg);
    for (const auto& f : plumbed_)
        if (auto s = addrs_.add(f); !s.ok()) LVS_LOG_ERROR("%s", s.error().message().c_str());
}

void Takeover::deactivate(const config::LvsConfig& cfg) {
    left_ = 0;
    refreshing_ = false;
    for (const auto& f : floating_addresses(cfg))
        if (auto s = addrs_.remove(f); !s.ok()) LVS_LOG_ERROR("%s", s.error().message().c_str());
    plumbed_.clear();
}

Takeover::Millis Takeover::restart_announcements(const config::LvsConfig& cfg, bool active) {
    refreshing_ = false;
    left_ = cfg.arp_count;
    return announce(cfg, active);
}

Takeover::Millis Takeover::announce(const config::LvsConfig& cfg, bool active) {
    for (const auto& f : plumbed_)
        if (auto s = announcer_.announce(f.device(), f.addr); !s.ok())
            LVS_LOG_WARN("%s %s: %s", f.addr.is_v6() ? "neighbour advertisement" : "gratuitous ARP",
                         f.addr.to_string().c_str(), s.error().message().c_str());
    if (--left_ > 0) return cfg.arp_interval;
    if (!refreshing_) LVS_LOG_INFO("gratuitous lvs arps finished");
    // arp_refresh: one more announcement every period while active.
    refreshing_ = cfg.arp_refresh.count() > 0 && active;
    if (!refreshing_) return kNone;
    left_ = 1;
    return cfg.arp_refresh;
}

bool Takeover::repair(const IpAddress& addr) {
    for (const auto& f : plumbed_) {
        if (!(f.addr == addr)) continue;
        LVS_LOG_WARN("address %s was removed from %s behind pulse's back: restored", addr.to_string().c_str(),
                     f.label.c_str());
        if (auto s = addrs_.add(f); !s.ok()) {
            LVS_LOG_ERROR("%s", s.error().message().c_str());
            return false;
        }
        return true;
    }
    return false;
}

bool Takeover::reload(const config::LvsConfig& before_cfg, const config::LvsConfig& after_cfg, bool active) {
    if (!active) return false;
    const auto before = floating_addresses(before_cfg);
    const auto after = floating_addresses(after_cfg);
    bool added = false;
    for (const auto& f : before)
        if (std::find(after.begin(), after.end(), f) == after.end()) {
            LVS_LOG_NOTICE("reload: removing %s from %s", f.addr.to_string().c_str(), f.label.c_str());
            (void)addrs_.remove(f);
        }
    for (const auto& f : after)
        if (std::find(before.begin(), before.end(), f) == before.end()) {
            LVS_LOG_NOTICE("reload: adding %s on %s", f.addr.to_string().c_str(), f.label.c_str());
            if (auto s = addrs_.add(f); !s.ok()) LVS_LOG_ERROR("%s", s.error().message().c_str());
            added = true;
        }
    plumbed_ = after;
    return added;
}

void Takeover::remove_stale(const config::LvsConfig& cfg) {
    for (const auto& f : floating_addresses(cfg))
        if (auto p = addrs_.present(f); p.ok() && *p) {
            LVS_LOG_WARN("removing stale address %s from %s", f.addr.to_string().c_str(), f.label.c_str());
            (void)addrs_.remove(f);
        }
}

}  // namespace lvs::pulse
