// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's edges to the kernel beyond addresses: link monitoring
// (monitor_links, from rtnetlink events) and the IPVS connection-sync
// daemon's role (syncdaemon).
#include "common/ipvs/ipvs_client_netlink.h"
#include "common/log/logger.h"
#include "pulse/pulse_app.h"

namespace lvs::pulse {

void PulseApp::open_links() {
    if (opts_.norun) return;
    const bool primary = role_ == hb::Role::Primary;
    const IpAddress& pub = primary ? cfg_.primary : cfg_.backup;
    const IpAddress& priv = primary ? cfg_.primary_private : cfg_.backup_private;
    watched_.clear();
    if (cfg_.monitor_links && cfg_.backup_active) {
        // An address found on no interface counts as up (Piranha, spec §3.9).
        if (auto dev = net::interface_of(pub); !dev.empty()) watched_.push_back({dev, "Primary NIC", true});
        if (priv.is_set() && !priv.is_unspecified())
            if (auto dev = net::interface_of(priv); !dev.empty()) watched_.push_back({dev, "Private NIC", true});
    }
    auto mon = net::open_link_monitor([this](const std::string& ifname, bool up) { on_link_event(ifname, up); },
                                      [this](const IpAddress& a) { on_address_removed(a); });
    if (!mon.ok()) {
        LVS_LOG_ERROR("rtnetlink events: %s; links and addresses are not monitored", mon.error().message().c_str());
        return;
    }
    links_ = std::move(*mon);
    ev::Loop::instance().on_readable(links_->fd(), [this] { links_->dispatch(); });
    for (auto& w : watched_) {
        LVS_LOG_INFO("monitoring link %s (%s)", w.ifname.c_str(), w.what);
        on_link_event(w.ifname, links_->is_up(w.ifname));
    }
}

void PulseApp::on_address_removed(const IpAddress& addr) {
    if (!fsm_.active()) return;
    for (const auto& f : plumbed_) {
        if (!(f.addr == addr)) continue;
        LVS_LOG_WARN("address %s was removed from %s behind pulse's back: restored", addr.to_string().c_str(),
                     f.label.c_str());
        if (auto s = addrs_->add(f); !s.ok()) {
            LVS_LOG_ERROR("%s", s.error().message().c_str());
            return;
        }
        ++n_.repairs;
        restart_announcements();
        return;
    }
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
    execute(fsm_.on_link(all, Clock::now()));
}

void PulseApp::sync_role(bool master) {
    if (!cfg_.syncdaemon || opts_.norun) return;
    if (!sync_ipvs_) {
        auto c = ipvs::NetlinkIpvsClient::open();
        if (!c.ok()) {
            LVS_LOG_ERROR("sync daemon: %s", c.error().message().c_str());
            return;
        }
        sync_ipvs_ = std::move(*c);
    }
    // Piranha's order: stop both, then start the one this role needs.
    (void)sync_ipvs_->stop_daemon(ipvs::SyncDaemon::State::Backup);
    (void)sync_ipvs_->stop_daemon(ipvs::SyncDaemon::State::Master);
    ipvs::SyncDaemon d;
    d.state = master ? ipvs::SyncDaemon::State::Master : ipvs::SyncDaemon::State::Backup;
    d.mcast_ifn = cfg_.syncd_iface;
    d.syncid = static_cast<std::uint32_t>(cfg_.syncd_id & 0xff);
    if (auto s = sync_ipvs_->start_daemon(d); !s.ok())
        LVS_LOG_ERROR("sync daemon %s on %s: %s", master ? "master" : "backup", d.mcast_ifn.c_str(),
                      s.error().message().c_str());
    else
        LVS_LOG_INFO("sync daemon: %s on %s, syncid %u", master ? "master" : "backup", d.mcast_ifn.c_str(), d.syncid);
}

}  // namespace lvs::pulse
