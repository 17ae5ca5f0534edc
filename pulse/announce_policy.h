// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp, pure core: when this router announces each virtual
// address (VIP) to the upstream over BGP. Events and `now` in; actions
// out (Announce, Withdraw, StopAfter). A VIP is announced only while the
// router can serve it: lvsd runs and has programmed the table, every
// monitored link is up, the router is warm (ready for announce_warmup
// without a break, or told so), and every active virtual service on the
// address has at least its announce_min_servers real servers up. A
// service that fell short while the router was warm holds its address back
// until it has had enough servers for announce_warmup without a break: its
// servers come back one by one, and mh on this router must not pick among
// fewer servers than the other routers do while the upstream moves flows
// here. Any failure withdraws; a stop withdraws everything, waits
// withdraw_drain for the upstream to move the flows, then lets the daemon
// stop.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/ip_address.h"
#include "common/config/lvs_config.h"
#include "common/shm/status_layout.h"

namespace lvs::pulse {

using AnnounceClock = std::chrono::steady_clock;

// One active virtual service, as the policy sees it.
struct AnnounceService {
    std::string name;     // the virtual block's name: what on_servers_up names
    IpAddress vip;
    int min_servers = 1;  // announce_min_servers (the block's, else the global one)
};

struct AnnounceParams {
    std::vector<AnnounceService> services;
    std::chrono::milliseconds warmup{10000};
    std::chrono::milliseconds drain{5000};
};

// The active virtual servers of an ecmp lvs.cf that have an address.
AnnounceParams announce_params(const config::LvsConfig& cfg);

// Why a VIP is not announced (Announced when it is), first reason first;
// the status segment stores it as it is (shm::to_string names it).
using AnnounceReason = shm::AnnounceReason;

struct AnnounceAction {
    enum class Kind : std::uint8_t { Announce, Withdraw, StopAfter };
    Kind kind;
    IpAddress vip;                             // Announce, Withdraw
    AnnounceReason reason = AnnounceReason::Announced;  // Withdraw: why
    AnnounceClock::time_point deadline{};      // StopAfter: stop lvsd and exit at this time
    bool operator==(const AnnounceAction&) const = default;
};

class AnnouncePolicy {
public:
    using TimePoint = AnnounceClock::time_point;
    using Actions = std::vector<AnnounceAction>;

    explicit AnnouncePolicy(AnnounceParams params);

    // lvsd has (true) or no longer has (false) the whole table programmed.
    Actions on_table_programmed(bool yes, TimePoint now);
    // Real servers up in one virtual service (by name; unknown names are ignored).
    Actions on_servers_up(std::string_view service, int up, TimePoint now);
    // A monitored link went down or came back (by interface name).
    Actions on_link(std::string_view link, bool up, TimePoint now);
    // lvsd runs (true) or died (false). Its death also clears "programmed".
    Actions on_lvsd(bool alive, TimePoint now);
    // The warm-up may end early (e.g. the sync daemon has caught up).
    Actions on_warmup_done(TimePoint now);
    // SIGTERM: withdraw all, then StopAfter(now + drain), or now if nothing
    // was announced. A second request stops at once (StopAfter(now)).
    Actions on_stop(TimePoint now);
    // The warm-up timer: call at next_wakeup() (extra calls are harmless).
    Actions on_tick(TimePoint now);
    // SIGHUP: new services and timers; counts of services kept by name stay.
    Actions reconfigure(AnnounceParams params, TimePoint now);

    // When on_tick has something to do, if ever.
    std::optional<TimePoint> next_wakeup() const;
    bool announced(const IpAddress& vip) const { return announced_.count(vip) != 0; }
    // The VIPs, each once, in the order of their first service.
    std::vector<IpAddress> vips() const;
    AnnounceReason reason(const IpAddress& vip) const;
    // Router-wide: the first reason nothing can be announced, or Announced.
    AnnounceReason router_reason() const;
    bool warm() const { return warm_; }
    bool stopping() const { return stopping_; }
    const AnnounceParams& params() const { return params_; }

private:
    void update_readiness(TimePoint now);
    void update_services(TimePoint now);
    Actions evaluate(TimePoint now);

    // What is known of one service (as params_.services): its real servers
    // up; it had enough at the last evaluation; it fell short while the
    // router was warm; since when it has had enough again (the warm-up it
    // then needs).
    struct ServiceState {
        int up = 0;
        bool had_enough = false;
        bool fell_short = false;
        std::optional<TimePoint> enough_since;
    };

    AnnounceParams params_;
    std::vector<ServiceState> state_;
    std::set<std::string, std::less<>> links_down_;
    std::set<IpAddress> announced_;
    bool lvsd_alive_ = false;
    bool programmed_ = false;
    bool stopping_ = false;
    bool ready_ = false;
    bool warm_ = false;
    bool warmup_done_ = false;
    TimePoint ready_since_{};
};

}  // namespace lvs::pulse
