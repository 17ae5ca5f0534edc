// SPDX-License-Identifier: GPL-2.0-or-later
// HandOver: the IPVS connection-sync daemons' roles and the hand-over of
// live connections to the partner (syncdaemon = 1).
//
// The backup sync daemon runs on both routers, so a partner that hands the
// service over can still deliver its connections to the active one; the
// master runs on the active router only. With redundancy = ecmp every
// router is active: both run everywhere, each router's master sending to
// the others' backups. (Piranha stopped both and started
// the one the role needed.)
//
// A planned switchover: the kernel's master daemon holds a new connection
// back for up to 2 s, so the partner would take over without the
// connections in flight and reset them. They go to the partner's backup
// daemon at once, in the kernel's own sync format, on the sync interface.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/base/result.h"
#include "common/config/lvs_config.h"
#include "common/ipvs/ipvs_client.h"

namespace lvs::pulse {

class SyncPorts {
public:
    virtual ~SyncPorts() = default;
    // The IPVS client for the sync daemons, opened on first use (nullptr: cannot).
    virtual ipvs::IpvsClient* ipvs() = 0;
    // /proc/net/ip_vs_conn (empty without IPVS).
    virtual std::string conn_table() = 0;
    // Sends sync messages to the sync group on `iface`; the connections
    // sent (each message counts its own in byte 4).
    virtual Result<std::size_t> send(const std::string& iface, const std::vector<std::vector<std::uint8_t>>& msgs) = 0;
};
std::unique_ptr<SyncPorts> make_system_sync_ports();

class HandOver {
public:
    using Clock = std::chrono::steady_clock;
    explicit HandOver(SyncPorts& ports) : ports_(ports) {}

    // Master and backup (active) or backup only.
    void set_role(const config::LvsConfig& cfg, bool master);
    // redundancy = ecmp: both daemons on every router, started afresh (at
    // start and after a reload that changed syncd_iface or syncd_id);
    // nothing with syncdaemon = 0.
    void set_both(const config::LvsConfig& cfg);
    // Both stopped (a reload that turned syncdaemon off).
    void stop_both();
    // One pass; `pass` names it in the log ("first", "final"...), empty for
    // the periodic ones, which keep the loop at least half free.
    void pass(const config::LvsConfig& cfg, const std::string& pass);
    std::uint64_t handed_over() const { return handed_over_; }

private:
    SyncPorts& ports_;
    Clock::time_point idle_until_{};
    std::uint64_t handed_over_ = 0;
};

}  // namespace lvs::pulse
