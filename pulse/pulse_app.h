// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's shell: it builds nothing itself. The adapters come in PulsePorts
// (system_ports() for the real ones, recording fakes in unit tests); the
// decisions are FailoverFsm's; the parts are Takeover (addresses and
// announcements), HandOver (sync daemons, connection hand-over),
// HeartbeatIntake and Supervision (lvsd, fos). The shell feeds them the
// loop's events and carries out the machine's actions.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "common/config/lvs_config.h"
#include "common/config/settings.h"
#include "common/ev/event_loop.h"
#include "common/hb/heartbeat.h"
#include "common/net/address_manager.h"
#include "common/net/gateway.h"
#include "common/net/link_monitor.h"
#include "common/proc/child_set.h"
#include "common/shm/status_table.h"
#include "common/status/http_server.h"
#include "pulse/bird_control.h"
#include "pulse/failover_fsm.h"
#include "pulse/handover.h"
#include "pulse/heartbeat_intake.h"
#include "pulse/options.h"
#include "pulse/peer_link.h"
#include "pulse/service_notice.h"
#include "pulse/status_segment.h"
#include "pulse/supervision.h"
#include "pulse/takeover.h"

namespace lvs::pulse {

struct PulsePorts {
    std::unique_ptr<net::AddressManager> addresses;
    std::unique_ptr<Announcer> announcer;
    std::unique_ptr<SyncPorts> sync;
    std::function<std::unique_ptr<proc::ChildPorts>(std::function<void()> alarm)> children;
    std::function<Result<std::unique_ptr<PeerLink>>(const PeerPaths&, PeerLink::Receive)> peer_link;
    // Link and address events (monitor_links, VIP repair); null: none.
    std::function<Result<std::unique_ptr<net::LinkMonitor>>(net::LinkMonitor::Changed, net::LinkMonitor::AddressRemoved)>
        link_monitor;
    std::unique_ptr<net::GatewayPinger> pinger;  // FOS mode's gateway check; null: none
    // This start's heartbeat boot nonce (hb::random_boot_nonce()); 0: none
    // could be drawn, and pulse does not start with a partner.
    std::uint64_t boot_nonce = 0;
    // The service manager's notifications (sd_notify); null: none.
    std::function<void(const std::string&)> notify;
    // redundancy = ecmp: BIRD through birdc and the include file; null: none.
    std::function<std::unique_ptr<BirdControl>(const BirdPaths&)> bird;
    // redundancy = ecmp: this host's addresses (the links monitor_links
    // watches are found from them); null: none.
    std::function<std::vector<net::InterfaceAddress>()> interfaces;
    // redundancy = ecmp: writes a sysctl of this network namespace
    // ("net.ipv4.vs.sloppy_tcp", "1"); null: none.
    std::function<Result<void>(const std::string& name, const std::string& value)> sysctl;
};
std::function<void(const std::string&)> systemd_notifier();  // null without NOTIFY_SOCKET
PulsePorts system_ports(const config::LvsConfig& cfg, bool norun);
// Writes VALUE to /proc/sys/NAME (the dots of NAME as slashes).
Result<void> write_sysctl(const std::string& name, const std::string& value);

// lvs.cf as the failover machine, the heartbeats and the peer link see it.
FsmConfig fsm_config(const config::LvsConfig& cfg, hb::Role role, bool force_active);
hb::Mode mode_of(const config::LvsConfig& cfg);
// The partner's heartbeats come from its public address, or its private one.
std::vector<IpAddress> partner_addresses(const config::LvsConfig& cfg, hb::Role role);
PeerPaths peer_paths(const config::LvsConfig& cfg, hb::Role role);
// rtnetlink link and address events through ports.link_monitor, for the
// pair and for ECMP; null (logged once) when there are none to be had.
std::unique_ptr<net::LinkMonitor> open_link_events(const Options& opts, const PulsePorts& ports,
                                                    net::LinkMonitor::Changed on_link,
                                                    net::LinkMonitor::AddressRemoved on_address);
// lvsd's command line under pulse (both modes); --attach-shm with a segment.
std::vector<std::string> child_options(const Options& opts);
std::vector<std::string> lvsd_command(const Options& opts, const config::Settings& settings, bool attach_shm);
// The router record's addresses: every floating address, up if plumbed.
void put_vips(shm::RouterRecord& rec, const config::LvsConfig& cfg, const Takeover& takeover);

class PulseApp {
public:
    PulseApp(Options opts, config::Settings settings, config::LvsConfig cfg, hb::Digest digest,
             std::vector<std::uint8_t> key, hb::Role role, PulsePorts ports);
    ~PulseApp();
    // Signals, start(), the loop, and the status segment's removal at the end.
    int run();

    // --- the shell's events, public for its unit tests ----------------------
    // Everything run() does before the loop; false: cannot run (exit status).
    bool start();
    void on_datagram(std::span<const std::uint8_t> bytes, const IpAddress& from);
    void on_deadline();
    void on_child(int pid, int status);
    void on_terminate(int signum);
    void reload();
    void switchover();
    bool stopped() const { return stopped_; }  // every child is gone after an Exit
    int exit_status() const { return exit_status_; }
    const FailoverFsm& fsm() const { return fsm_; }
    const Takeover& takeover() const { return takeover_; }
    const HeartbeatIntake& intake() const { return intake_; }
    const Supervision& supervision() const { return *supervision_; }
    bool digest_mismatch() const { return digest_mismatch_; }
    const config::LvsConfig& config() const { return cfg_; }

private:
    void execute(const std::vector<Action>& actions);
    void activate(const std::string& why);
    void deactivate(const std::string& why);
    void send_heartbeat(hb::State state);
    void heard(const HeartbeatIntake::Result& r);
    void arm_announcements(std::chrono::milliseconds next);
    void run_command(const std::optional<std::string>& cmd);
    Supervision::Commands commands() const;
    bool open_peer_link();
    // pulse_reload.cpp: SIGHUP applies a new lvs.cf, or refuses it whole.
    const char* refused_live_change(const config::LvsConfig& next) const;
    Result<std::unique_ptr<PeerLink>> make_peer_link(const config::LvsConfig& cfg);
    void note_partner_digest(const hb::Digest& theirs);
    void sync_fos();  // the fos child the machine wants; FOS fail-back's Stopped once ours has stopped
    hb::Warmth own_warmth() const;  // pulse_status.cpp, from the status segment
    // pulse_links.cpp: monitor_links and address repair.
    void open_links();
    void watch_links();  // monitor_links' interfaces, again after a reload
    void on_link_event(const std::string& ifname, bool up);
    void on_address_removed(const IpAddress& addr);
    // pulse_status.cpp: pulse creates the status segment, lvsd and the
    // nannies attach; the router record is rewritten after every event.
    void open_status();
    void publish_status();
    void close_status();
    void tell_manager();  // READY, STATUS and STOPPING for systemd
    void check_status_segment();

    Options opts_;
    config::Settings settings_;
    config::LvsConfig cfg_;
    hb::Digest digest_;
    std::vector<std::uint8_t> key_;
    hb::Role role_;
    PulsePorts ports_;
    std::uint64_t boot_;  // heartbeat boot nonce, from ports_
    FailoverFsm fsm_;
    Takeover takeover_;
    HandOver handover_;
    HeartbeatIntake intake_;
    std::unique_ptr<proc::ChildPorts> child_ports_;
    std::unique_ptr<Supervision> supervision_;
    std::unique_ptr<PeerLink> link_;
    std::unique_ptr<ev::Deadline> deadline_;  // the failover machine's next deadline
    std::unique_ptr<ev::Timer> garp_timer_;
    std::uint64_t seq_ = 0;  // of the last heartbeat sent in this boot: 1, 2, 3, ...
    bool digest_mismatch_ = false;
    ServiceNotice notice_;
    std::optional<hb::Digest> partner_digest_;  // as last heard
    bool exiting_ = false;
    bool stopped_ = false;
    int exit_status_ = 0;
    struct Counters {
        std::uint64_t sent = 0, slips = 0, failovers = 0, switchovers = 0;
    } n_;
    std::int64_t last_heartbeat_ns_ = 0;
    // Status segment and metrics.
    StatusSegment segment_;
    shm::RouterRecord rec_{};
    bool was_active_ = false;
    // monitor_links.
    struct Watched {
        std::string ifname;
        const char* what;  // "Primary NIC" / "Private NIC"
        bool up;
    };
    std::vector<Watched> watched_;
    std::unique_ptr<net::LinkMonitor> links_;
    bool links_failed_ = false;
};

}  // namespace lvs::pulse
