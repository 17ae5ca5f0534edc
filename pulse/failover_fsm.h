// SPDX-License-Identifier: GPL-2.0-or-later
// pulse, pure core: heartbeats, link and lvsd events and `now` in; actions
// out. Piranha's model: primary and backup, the primary wins a split brain;
// without Piranha's defects (a lone router whose lvsd recovers serves
// again, a SIGTERM hands over instead of dropping the service), with a
// planned switchover (state Releasing = "take over now") and with fail-back:
// the active backup hands the service back, by the planned switchover's
// path, to a primary that has been warm for failback_delay.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "common/hb/heartbeat.h"

namespace lvs::pulse {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

struct FsmConfig {
    hb::Role role = hb::Role::Primary;
    Millis keepalive{2000};
    Millis deadtime{5000};
    bool has_partner = true;  // backup_active
    bool force_active = false;
    // SIGTERM keeps serving until the partner runs (LVS mode). In FOS mode
    // the services must never run twice, so a stop lets go at once.
    bool handover_on_terminate = true;
    // A router that lets go to a running partner first sends it its live
    // IPVS connections (LVS mode; the app needs the sync daemon for it):
    // before it says Releasing, right after, every hand_over_period while
    // the partner takes over, and once more when it has.
    bool hand_over_connections = false;
    Millis hand_over_period{5};
    bool fos = false;  // log wording, as Piranha's: "activating fos" / "deactivating FOS"
    // Fail-back (decided by the active backup): the primary's heartbeats say
    // Stopped and Warm, with our lvs.cf, for failback_delay without a break.
    bool failback = false;
    Millis failback_delay{60000};
};

// Fail-back as this router sees it, for the status table.
struct FailbackView {
    enum class Kind : std::uint8_t { None = 0, Waiting = 1, Counting = 2, UnderWay = 3 };
    Kind kind = Kind::None;
    hb::Warmth why = hb::Warmth::Warm;  // Waiting: the primary's first reason
    Millis left{0};                     // Counting: until the hand-back starts
};

struct Action {
    enum class Kind : std::uint8_t { SendHeartbeat, Activate, Deactivate, Reannounce, Notice, Exit, HandOver };
    Kind kind;
    hb::State state = hb::State::Stopped;  // SendHeartbeat
    std::string reason;                    // for the log; HandOver: empty for the periodic passes
};

// What a planned-switchover request came to.
enum class Switchover : std::uint8_t { Started, NotActive, NoPartner, PartnerNotReady, AlreadyUnderWay };
const char* to_string(Switchover s);

class FailoverFsm {
public:
    explicit FailoverFsm(FsmConfig cfg) : cfg_(cfg) {}

    std::vector<Action> start(Clock::time_point now);
    // A valid (authenticated, fresh) heartbeat from the partner.
    // digest_differs: its lvs.cf is not ours (no fail-back then).
    std::vector<Action> on_heartbeat(const hb::Heartbeat& hb, Clock::time_point now, bool digest_differs = false);
    std::vector<Action> on_tick(Clock::time_point now);
    // The partner should hear from us soon (it does not echo this boot of
    // pulse yet, or we now echo another boot of it): the next heartbeat goes
    // at once, or, within half a keepalive of the last early one, at the end
    // of that half keepalive; a flood of such requests at most doubles the
    // heartbeat rate.
    std::vector<Action> on_answer_wanted(Clock::time_point now);
    std::vector<Action> on_link(bool up, Clock::time_point now);
    // lvsd could not be kept running (true) or runs again (false).
    std::vector<Action> on_lvsd_failed(bool failed, Clock::time_point now);
    // FOS mode: the monitors of the standby saw the partner's services fail
    // (its nanny --fos exited). Take over and advertise StopMe until the partner stops.
    std::vector<Action> on_partner_service_failed(Clock::time_point now);
    // SIGTERM: with handover_on_terminate, an active router whose partner
    // stands by advertises Releasing and exits once the partner runs (or
    // after release_window()); otherwise, or on a second request, it lets go at once.
    std::vector<Action> on_terminate(Clock::time_point now);
    // Planned switchover (lvsctl switchover, SIGUSR1): the active router
    // advertises Releasing while still serving; the partner takes over and
    // says Running; only then does this router let go. If the partner has
    // not taken over within release_window(), this router keeps the service.
    std::pair<Switchover, std::vector<Action>> on_switchover(Clock::time_point now);
    // FOS fail-back: the services this router ran (fos --active) have
    // stopped; it says Stopped and the primary starts its own.
    std::vector<Action> on_services_stopped(Clock::time_point now);
    // This router's own readiness, sent in its heartbeats (the shell
    // computes it); a primary times its own warmth for the status.
    void set_warmth(hb::Warmth w, Clock::time_point now);
    // SIGHUP: new keepalive, deadtime and fail-back keys (role, mode and
    // partner presence do not change live). A heartbeat goes at once.
    std::vector<Action> reconfigure(const FsmConfig& cfg, Clock::time_point now);
    FailbackView failback(Clock::time_point now) const;

    Clock::time_point next_deadline() const {
        return std::min({send_due_, dead_due_, releasing_ ? release_due_ : Clock::time_point::max(),
                         releasing_ && cfg_.hand_over_connections ? hand_over_due_ : Clock::time_point::max(),
                         failback_due()});
    }
    bool releasing() const { return releasing_; }
    bool leaving() const { return leaving_; }
    // A primary that handed the service over by a planned switchover does
    // not take it back by fail-back (until it restarts or fails).
    bool yielded() const { return yielded_; }
    // What this router's heartbeats say about its readiness.
    hb::Warmth warmth() const { return yielded_ ? hb::Warmth::Yielded : own_warmth_; }
    bool fail_partner() const { return fail_partner_; }
    bool terminating() const { return terminating_; }
    bool link_failed() const { return link_fail_; }
    bool lvsd_failed() const { return child_fail_; }
    bool active() const { return active_; }
    bool inhibited() const { return link_fail_ || child_fail_; }
    bool partner_alive() const { return partner_alive_; }
    hb::State partner_state() const { return partner_state_; }
    hb::State advertised() const;

private:
    void activate(std::vector<Action>& out, std::string why);
    void deactivate(std::vector<Action>& out, std::string why);
    void send(std::vector<Action>& out, Clock::time_point now);
    void hand_over(std::vector<Action>& out, std::string pass, Clock::time_point now);
    void release(std::vector<Action>& out, Clock::time_point now);
    Millis release_window() const;
    bool may_fail_back() const;
    Clock::time_point failback_due() const;
    void start_failback(std::vector<Action>& out, Clock::time_point now);
    std::string on() const { return cfg_.fos ? "fos" : "lvs"; }   // what "activating" names
    std::string off() const { return cfg_.fos ? "FOS" : "LVS"; }  // what "deactivating" names

    FsmConfig cfg_;
    bool active_ = false;
    bool link_fail_ = false;
    bool child_fail_ = false;
    bool terminating_ = false;
    bool releasing_ = false;
    bool fail_partner_ = false;  // FOS: we took over from a failed partner
    Clock::time_point release_due_{};
    Clock::time_point hand_over_due_{};
    bool partner_alive_ = false;
    Clock::time_point last_heard_{};
    hb::State partner_state_ = hb::State::Stopped;
    Clock::time_point send_due_{};
    Clock::time_point early_ = Clock::time_point::min();  // the last early heartbeat (on_answer_wanted)
    Clock::time_point dead_due_{};
    // Fail-back.
    hb::Warmth partner_warmth_ = hb::Warmth::Starting;
    bool partner_digest_differs_ = false;
    Clock::time_point partner_warm_since_ = Clock::time_point::max();  // max: not warm
    hb::Warmth own_warmth_ = hb::Warmth::Starting;
    Clock::time_point own_warm_since_ = Clock::time_point::max();
    bool failing_back_ = false;  // the release under way is a fail-back
    bool leaving_ = false;       // FOS fail-back: our services are stopping
    bool yielded_ = false;
};

}  // namespace lvs::pulse
