// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's link and address events (rtnetlink): monitor_links, and the
// repair of a floating address someone deleted while we are active.
#include <algorithm>
#include <string_view>

#include "common/log/logger.h"
#include "pulse/pulse_app.h"

namespace lvs::pulse {

std::unique_ptr<net::LinkMonitor> open_link_events(const Options& opts, const PulsePorts& ports,
                                                    net::LinkMonitor::Changed on_link,
                                                    net::LinkMonitor::AddressRemoved on_address) {
    if (opts.norun || !ports.link_monitor) return nullptr;
    auto mon = ports.link_monitor(std::move(on_link), std::move(on_address));
    if (!mon.ok()) {
        LVS_LOG_ERROR("rtnetlink events: %s; links and addresses are not monitored", mon.error().message().c_str());
        return nullptr;
    }
    return std::move(*mon);
}

void PulseApp::open_links() {
    links_ = open_link_events(opts_, ports_, [this](const std::string& ifname, bool up) { on_link_event(ifname, up); },
                               [this](const IpAddress& a) { on_address_removed(a); });
    if (!links_) return;
    ev::Loop::instance().on_readable(links_->fd(), [this] { links_->dispatch(); });
    watch_links();
}

// The interfaces monitor_links watches, from lvs.cf (at start and after a
// reload); their state now decides at once.
void PulseApp::watch_links() {
    if (!links_) return;
    const bool primary = role_ == hb::Role::Primary;
    const IpAddress& pub = primary ? cfg_.primary : cfg_.backup;
    const IpAddress& priv = primary ? cfg_.primary_private : cfg_.backup_private;
    std::vector<Watched> want;
    if (cfg_.monitor_links && cfg_.backup_active) {
        // An address found on no interface counts as up, as in Piranha.
        if (auto dev = net::interface_of(pub); !dev.empty()) want.push_back({dev, "Primary NIC", true});
        if (priv.is_set() && !priv.is_unspecified())
            if (auto dev = net::interface_of(priv); !dev.empty()) want.push_back({dev, "Private NIC", true});
    }
    const auto same = [](const Watched& a, const Watched& b) {
        return a.ifname == b.ifname && std::string_view(a.what) == b.what;
    };
    if (std::equal(want.begin(), want.end(), watched_.begin(), watched_.end(), same)) return;
    watched_ = std::move(want);
    for (auto& w : watched_) {
        LVS_LOG_INFO("monitoring link %s (%s)", w.ifname.c_str(), w.what);
        on_link_event(w.ifname, links_->is_up(w.ifname));
    }
    // A failed link that is no longer watched fails nothing.
    const bool all = std::all_of(watched_.begin(), watched_.end(), [](const Watched& w) { return w.up; });
    if (all && links_failed_) {
        links_failed_ = false;
        LVS_LOG_NOTICE("Local NIC link(s) restored: Pulse enabled");
        if (!exiting_) execute(fsm_.on_link(true, Clock::now()));
    }
}

void PulseApp::on_address_removed(const IpAddress& addr) {
    if (!fsm_.active() || exiting_ || !takeover_.repair(addr)) return;
    arm_announcements(takeover_.restart_announcements(cfg_, true));
}

void PulseApp::on_link_event(const std::string& ifname, bool up) {
    bool changed = false;
    for (auto& w : watched_) {
        if (w.ifname != ifname || w.up == up) continue;
        w.up = up;
        changed = true;
        if (!up) LVS_LOG_WARN("%s: link down (%s)", w.what, ifname.c_str());
        else LVS_LOG_NOTICE("%s: link up (%s)", w.what, ifname.c_str());
    }
    if (!changed) return;
    bool all = true;
    for (const auto& w : watched_) all &= w.up;
    if (!all && !links_failed_) LVS_LOG_ERROR("Local NIC link failure: Pulse disabled");
    if (all && links_failed_) LVS_LOG_NOTICE("Local NIC link(s) restored: Pulse enabled");
    links_failed_ = !all;
    if (!exiting_) execute(fsm_.on_link(all, Clock::now()));
}

}  // namespace lvs::pulse
