// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's shell: heartbeat sockets, timers, signals, the warm-standby lvsd,
// floating addresses and gratuitous ARP. Decisions are FailoverFsm's.
#pragma once

#include <sys/types.h>

#include <memory>
#include <vector>

#include "common/config/lvs_config.h"
#include "common/config/settings.h"
#include "common/ev/event_loop.h"
#include "common/hb/heartbeat.h"
#include "common/ipvs/ipvs_client.h"
#include "common/net/address_manager.h"
#include "common/net/link_monitor.h"
#include "common/shm/status_table.h"
#include "common/status/http_server.h"
#include "pulse/failover_fsm.h"
#include "pulse/options.h"
#include "pulse/peer_link.h"
#include "common/net/gateway.h"
#include "pulse/pulse_fos.h"

namespace lvs::pulse {

struct Counters {
    std::uint64_t sent = 0, received = 0, slips = 0, failovers = 0, switchovers = 0, lvsd_restarts = 0, repairs = 0;
    std::uint64_t rejected[hb::kRejectCount] = {};
    std::uint64_t unexpected_source = 0, duplicates = 0;
    std::uint64_t handed_over = 0;  // connections sent to the partner's sync daemon
};

// The VIPs and NAT router address of a configuration, de-duplicated by address.
std::vector<net::FloatingAddress> floating_addresses(const config::LvsConfig& cfg);

class PulseApp {
public:
    PulseApp(Options opts, config::Settings settings, config::LvsConfig cfg, hb::Digest digest,
             std::vector<std::uint8_t> key, hb::Role role);
    int run();

private:
    void execute(const std::vector<Action>& actions);
    void on_datagram(std::span<const std::uint8_t> bytes, const IpAddress& from);
    void on_timer();
    void arm();
    void activate(const std::string& why);
    void deactivate(const std::string& why);
    void announce();
    void restart_announcements();
    void start_lvsd();
    void on_child(int pid, int status);
    void reload();
    void run_command(const std::optional<std::string>& cmd);
    void switchover();
    // pulse_links.cpp: monitor_links and the sync daemon's role.
    void open_links();
    void on_link_event(const std::string& ifname, bool up);
    void sync_role(bool master);
    void hand_over_connections(const std::string& pass);
    // pulse_fos.cpp: FOS mode's fos child.
    void sync_fos();
    void on_fos_exit(int status);
    void delay_fos(std::chrono::milliseconds ms);
    void wait_fos();
    void check_gateway();
    void on_gateway(bool reachable);
    void network_fault_over();
    // The status segment (pulse_status.cpp): pulse creates it, lvsd and the
    // nannies attach; the router record is rewritten after every event.
    void open_status();
    void publish_status();
    void close_status();
    void check_status_segment();
    // An address of ours disappeared while active (someone ran ip addr del):
    // put it back and announce it.
    void on_address_removed(const IpAddress& addr);

    Options opts_;
    config::Settings settings_;
    config::LvsConfig cfg_;
    hb::Digest digest_;
    std::vector<std::uint8_t> key_;
    hb::Role role_;
    FailoverFsm fsm_;
    std::unique_ptr<PeerLink> link_;
    std::unique_ptr<net::AddressManager> addrs_;
    std::unique_ptr<ev::Deadline> timer_;  // the failover machine's next deadline
    std::unique_ptr<ev::Timer> garp_timer_, lvsd_timer_;
    std::vector<net::FloatingAddress> plumbed_;
    hb::ReplayWindow window_;
    std::uint64_t seq_ = 0;
    int garp_left_ = 0;
    bool refreshing_ = false;  // the burst is over; periodic arp_refresh runs
    pid_t lvsd_ = -1;
    int lvsd_restarts_ = 0;
    bool digest_warned_ = false;
    int exit_status_ = 0;
    Counters n_;
    std::unique_ptr<shm::StatusTable> table_;
    std::unique_ptr<status::HttpServer> metrics_;
    shm::RouterRecord rec_{};
    std::int64_t last_heartbeat_ns_ = 0;
    bool was_active_ = false;
    Clock::time_point last_segment_check_{};
    struct Watched {
        std::string ifname;
        const char* what;  // "Primary NIC" / "Private NIC"
        bool up;
    };
    std::vector<Watched> watched_;
    std::unique_ptr<net::LinkMonitor> links_;
    bool links_failed_ = false;
    std::unique_ptr<ipvs::IpvsClient> sync_ipvs_;
    Clock::time_point hand_over_idle_until_{};
    pid_t fos_ = -1;
    FosRole fos_role_ = FosRole::None;
    bool fos_stopping_ = false;
    bool fos_delayed_ = false;
    int fos_restarts_ = 0;
    std::unique_ptr<ev::Timer> fos_timer_;
    std::unique_ptr<net::GatewayPinger> pinger_;  // FOS: can we see the gateway before a take-over?
    bool gateway_check_ = false;                  // a check is under way
    bool network_fault_ = false;                  // we could not: passive, no monitors
};

}  // namespace lvs::pulse
