// SPDX-License-Identifier: GPL-2.0-or-later
// pulse with redundancy = ecmp (lvs.cf(5), ECMP MODE): one of N active
// routers behind an ECMP upstream. No partner and no heartbeat: lvsd runs
// at once, the addresses are up (never announced by ARP), and the IPVS
// sync daemon runs as master and backup. Each tick feeds the announce
// policy (AnnouncePolicy, pure) with lvsd, its table and the real servers
// up, from the status segment, and the monitored links; its Announce and
// Withdraw go to BIRD (BirdAnnouncer, BirdControl), a failed change is
// retried. birdc's status (BGP, BFD, routes) is asked about once a second
// beside the loop and written to the segment. SIGTERM withdraws every
// route, waits withdraw_drain, then stops lvsd. The adapters come in
// PulsePorts, as for the pair (pulse_app.h).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/config/lvs_config.h"
#include "common/config/settings.h"
#include "common/ev/event_loop.h"
#include "common/hb/heartbeat.h"
#include "pulse/announce_policy.h"
#include "pulse/bird_announcer.h"
#include "pulse/ecmp_inputs.h"
#include "pulse/ecmp_status.h"
#include "pulse/handover.h"
#include "pulse/options.h"
#include "pulse/pulse_app.h"
#include "pulse/service_notice.h"
#include "pulse/status_segment.h"
#include "pulse/supervision.h"
#include "pulse/takeover.h"

namespace lvs::pulse {

class EcmpApp {
public:
    using TimePoint = AnnounceClock::time_point;
    static constexpr std::chrono::milliseconds kTick{100};       // the policy's facts
    static constexpr std::chrono::milliseconds kPoll{1000};      // birdc's status
    static constexpr std::chrono::milliseconds kRetry{1000};     // after a failed change

    EcmpApp(Options opts, config::Settings settings, config::LvsConfig cfg, hb::Digest digest, PulsePorts ports);
    ~EcmpApp();
    // Signals, start(), the loop, and the status segment's removal at the end.
    int run();

    // --- the shell's events, public for its unit tests ----------------------
    bool start();
    void tick();         // kTick: the facts from the segment to the policy
    void poll_bird();    // kPoll: a birdc status request, unless one runs
    void retry_bird();   // kRetry after a failed change
    void on_child(int pid, int status);
    void on_terminate(int signum);
    void on_drain_end();  // withdraw_drain after a stop's withdrawal
    void reload();
    void on_link_event(const std::string& ifname, bool up);
    bool stopped() const { return stopped_; }
    int exit_status() const { return exit_status_; }
    bool draining() const { return drain_until_.has_value(); }
    const AnnouncePolicy& policy() const { return policy_; }
    const BirdAnnouncer& announcer() const { return *announcer_; }
    const Supervision& supervision() const { return *supervision_; }
    const Takeover& takeover() const { return takeover_; }
    const BirdPolls& bird_polls() const { return polls_; }
    const std::vector<EcmpLink>& watched_links() const { return watched_; }
    const config::LvsConfig& config() const { return cfg_; }

private:
    void evaluate(TimePoint now);
    void carry_out(const AnnouncePolicy::Actions& actions);
    void finish_stop();
    void make_sloppy(bool last_try);
    void on_applied(const Result<void>& r);
    void on_polled(Result<BirdStatus> r);
    Supervision::Commands commands() const;
    // ecmp_app_status.cpp: the segment, the records, systemd.
    void open_status();
    void publish_status();
    void tell_manager();
    // ecmp_app_reload.cpp: SIGHUP, and monitor_links' interfaces.
    const char* refused_live_change(const config::LvsConfig& next) const;
    void open_links();
    void watch_links();
    void on_address_removed(const IpAddress& addr);

    Options opts_;
    config::Settings settings_;
    config::LvsConfig cfg_;
    hb::Digest digest_;
    PulsePorts ports_;
    AnnouncePolicy policy_;
    Takeover takeover_;
    HandOver handover_;
    std::unique_ptr<BirdControl> bird_;
    std::unique_ptr<BirdAnnouncer> announcer_;  // after bird_: destroyed first
    BirdPolls polls_;
    bool polling_ = false;
    std::unique_ptr<proc::ChildPorts> child_ports_;
    std::unique_ptr<Supervision> supervision_;
    EcmpFacts facts_;                       // as the last tick found them
    std::unique_ptr<ev::Timer> tick_timer_, poll_timer_, retry_timer_, drain_timer_;
    std::optional<TimePoint> drain_until_;  // a stop's withdrawal is draining until then
    bool stop_when_settled_ = false;        // the drain ended while a change was on its way
    bool exiting_ = false;                  // lvsd is being stopped
    bool stopped_ = false;
    int exit_status_ = 0;
    bool lvsd_failed_ = false;              // lvsd could not be kept running
    bool apply_failing_ = false;            // the last change BIRD did not take (logged once)
    bool sloppy_done_ = false;              // net.ipv4.vs.sloppy_tcp and _sctp are 1
    bool sloppy_last_try_ = false;          // ... and were tried once lvsd had programmed its table
    // monitor_links.
    std::unique_ptr<net::LinkMonitor> links_;
    std::unique_ptr<ev::Io> link_io_;
    std::vector<EcmpLink> watched_;
    std::vector<std::string> links_down_;
    // Status segment, metrics, systemd.
    StatusSegment segment_;
    shm::RouterRecord rec_{};
    shm::EcmpRecord ecmp_rec_{};
    bool republish_ = true;                 // write both records even if unchanged
    ServiceNotice notice_;
};

}  // namespace lvs::pulse
