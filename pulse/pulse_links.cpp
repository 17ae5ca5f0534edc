// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's edges to the kernel beyond addresses: link monitoring
// (monitor_links, from rtnetlink events), the IPVS connection-sync
// daemon's role (syncdaemon) and the connection handover that goes with it.
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "common/base/file.h"
#include "common/ipvs/conn_sync.h"
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
    // The backup daemon runs on both routers: the active one keeps it, so a
    // partner handing the service over can still deliver its connections
    // (hand_over_connections). The master runs on the active router only.
    // (Piranha stopped both and started the one the role needed.)
    ipvs::SyncDaemon d;
    d.mcast_ifn = cfg_.syncd_iface;
    d.syncid = static_cast<std::uint32_t>(cfg_.syncd_id & 0xff);
    (void)sync_ipvs_->stop_daemon(ipvs::SyncDaemon::State::Master);
    if (!master) (void)sync_ipvs_->stop_daemon(ipvs::SyncDaemon::State::Backup);  // syncd_iface may have changed
    auto start = [&](ipvs::SyncDaemon::State state, const char* name) {
        d.state = state;
        auto s = sync_ipvs_->start_daemon(d);
        if (s.ok() || s.error().code == ErrorCode::Exists) return true;  // the backup may run already
        LVS_LOG_ERROR("sync daemon %s on %s: %s", name, d.mcast_ifn.c_str(), s.error().message().c_str());
        return false;
    };
    bool ok = start(ipvs::SyncDaemon::State::Backup, "backup");
    if (master) ok = start(ipvs::SyncDaemon::State::Master, "master") && ok;
    if (ok)
        LVS_LOG_INFO("sync daemon: %s on %s, syncid %u", master ? "master and backup" : "backup", d.mcast_ifn.c_str(),
                     d.syncid);
}

namespace {

constexpr std::size_t kMaxHandOver = 16384;  // connections per pass: 410 datagrams

// A connection to a firewall-mark service carries its mark, or the partner
// cannot find the service: the mark of the one such service on that VIP.
void add_fwmarks(std::vector<ipvs::SyncConn>& conns, const config::LvsConfig& cfg) {
    for (auto& c : conns)
        for (const auto& vs : cfg.virtuals)
            if (vs.fwmark && vs.address == c.vaddr) {
                c.fwmark = vs.fwmark;
                break;
            }
}

}  // namespace

// Planned switchover with the sync daemon: the kernel's master daemon holds
// a new connection back for up to 2 s, so the partner would take over
// without the connections in flight and reset them. They go to the
// partner's backup daemon now, in the kernel's own sync format, on the
// sync interface and group.
void PulseApp::hand_over_connections(const std::string& pass) {
    if (!cfg_.syncdaemon || opts_.norun) return;
    const auto t0 = Clock::now();
    // A big table takes a while to read: the periodic passes keep the loop
    // at least half free for heartbeats.
    if (pass.empty() && t0 < hand_over_idle_until_) return;
    const auto text = read_file("/proc/net/ip_vs_conn");  // absent: no IPVS, nothing to hand over
    auto table = ipvs::parse_conn_table(text.ok() ? *text : std::string{});
    const std::size_t live = table.conns.size();
    if (live > kMaxHandOver) table.conns.resize(kMaxHandOver);
    add_fwmarks(table.conns, cfg_);
    const auto msgs = ipvs::encode_sync_messages(table.conns, static_cast<std::uint8_t>(cfg_.syncd_id & 0xff));
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ip_mreqn mr{};
    mr.imr_ifindex = static_cast<int>(::if_nametoindex(cfg_.syncd_iface.c_str()));
    const int ttl = 1, loop = 0;
    if (fd < 0 || mr.imr_ifindex == 0 || ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof mr) != 0 ||
        ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl) != 0 ||
        ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop) != 0) {
        if (!pass.empty()) LVS_LOG_ERROR("connection handover on %s: %s", cfg_.syncd_iface.c_str(), std::strerror(errno));
        if (fd >= 0) ::close(fd);
        return;
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(ipvs::kSyncPort);
    to.sin_addr.s_addr = htonl(ipvs::kSyncGroupV4);
    std::size_t sent = 0;
    for (const auto& m : msgs)
        if (::sendto(fd, m.data(), m.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) ==
            static_cast<ssize_t>(m.size()))
            sent += m[4];
    ::close(fd);
    n_.handed_over += sent;
    const auto t1 = Clock::now();
    hand_over_idle_until_ = t1 + (t1 - t0);
    const double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    if (pass.empty())
        LVS_LOG_DEBUG("handed %zu of %zu live connections to the partner's sync daemon in %.1f ms", sent, live, ms);
    else
        LVS_LOG_INFO("handed %zu of %zu live connections to the partner's sync daemon in %.1f ms (%s pass)%s", sent,
                     live, ms, pass.c_str(), table.malformed ? "; unreadable lines skipped" : "");
}

}  // namespace lvs::pulse
