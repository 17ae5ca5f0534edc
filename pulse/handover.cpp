// SPDX-License-Identifier: GPL-2.0-or-later
// HandOver: sync daemon roles and connection hand-over.
#include "pulse/handover.h"

#include <utility>

#include "common/ipvs/conn_sync.h"
#include "common/log/logger.h"

namespace lvs::pulse {
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

void HandOver::set_role(const config::LvsConfig& cfg, bool master) {
    if (!cfg.syncdaemon) return;
    ipvs::IpvsClient* client = ports_.ipvs();
    if (!client) return;
    ipvs::SyncDaemon d;
    d.mcast_ifn = cfg.syncd_iface;
    d.syncid = static_cast<std::uint32_t>(cfg.syncd_id & 0xff);
    (void)client->stop_daemon(ipvs::SyncDaemon::State::Master);
    if (!master) (void)client->stop_daemon(ipvs::SyncDaemon::State::Backup);  // syncd_iface may have changed
    auto start = [&](ipvs::SyncDaemon::State state, const char* name) {
        d.state = state;
        auto s = client->start_daemon(d);
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

void HandOver::set_both(const config::LvsConfig& cfg) {
    ipvs::IpvsClient* client = cfg.syncdaemon ? ports_.ipvs() : nullptr;
    if (!client) return;
    (void)client->stop_daemon(ipvs::SyncDaemon::State::Master);
    (void)client->stop_daemon(ipvs::SyncDaemon::State::Backup);
    ipvs::SyncDaemon d;
    d.mcast_ifn = cfg.syncd_iface;
    d.syncid = static_cast<std::uint32_t>(cfg.syncd_id & 0xff);
    bool ok = true;
    for (auto [state, name] : {std::pair{ipvs::SyncDaemon::State::Backup, "backup"},
                               std::pair{ipvs::SyncDaemon::State::Master, "master"}}) {
        d.state = state;
        if (auto s = client->start_daemon(d); !s.ok() && s.error().code != ErrorCode::Exists) {
            LVS_LOG_ERROR("sync daemon %s on %s: %s", name, d.mcast_ifn.c_str(), s.error().message().c_str());
            ok = false;
        }
    }
    if (ok) LVS_LOG_INFO("sync daemon: master and backup on %s, syncid %u", d.mcast_ifn.c_str(), d.syncid);
}

void HandOver::stop_both() {
    ipvs::IpvsClient* client = ports_.ipvs();
    if (!client) return;
    (void)client->stop_daemon(ipvs::SyncDaemon::State::Master);
    (void)client->stop_daemon(ipvs::SyncDaemon::State::Backup);
    LVS_LOG_INFO("sync daemon: stopped (syncdaemon = 0)");
}

void HandOver::pass(const config::LvsConfig& cfg, const std::string& pass) {
    if (!cfg.syncdaemon) return;
    const auto t0 = Clock::now();
    // A big table takes a while to read: the periodic passes keep the loop
    // at least half free for heartbeats.
    if (pass.empty() && t0 < idle_until_) return;
    auto table = ipvs::parse_conn_table(ports_.conn_table());
    const std::size_t live = table.conns.size();
    if (live > kMaxHandOver) table.conns.resize(kMaxHandOver);
    add_fwmarks(table.conns, cfg);
    const auto msgs = ipvs::encode_sync_messages(table.conns, static_cast<std::uint8_t>(cfg.syncd_id & 0xff));
    auto sent = ports_.send(cfg.syncd_iface, msgs);
    if (!sent.ok()) {
        if (!pass.empty()) LVS_LOG_ERROR("connection handover: %s", sent.error().message().c_str());
        return;
    }
    handed_over_ += *sent;
    const auto t1 = Clock::now();
    idle_until_ = t1 + (t1 - t0);
    const double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    if (pass.empty())
        LVS_LOG_DEBUG("handed %zu of %zu live connections to the partner's sync daemon in %.1f ms", *sent, live, ms);
    else
        LVS_LOG_INFO("handed %zu of %zu live connections to the partner's sync daemon in %.1f ms (%s pass)%s", *sent,
                     live, ms, pass.c_str(), table.malformed ? "; unreadable lines skipped" : "");
}

}  // namespace lvs::pulse
