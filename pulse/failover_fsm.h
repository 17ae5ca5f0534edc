// SPDX-License-Identifier: GPL-2.0-or-later
// pulse, pure core: heartbeats, link and lvsd events and `now` in; actions
// out. Piranha's model: primary and backup, no automatic fail-back, the
// primary wins a split brain; without Piranha's defects (a lone router
// whose lvsd recovers serves again, a SIGTERM hands over instead of
// dropping the service) and with a planned switchover (state Releasing =
// "take over now").
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
    std::vector<Action> on_heartbeat(const hb::Heartbeat& hb, Clock::time_point now);
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
    // after deadtime); otherwise, or on a second request, it lets go at once.
    std::vector<Action> on_terminate(Clock::time_point now);
    // Planned switchover (lvsctl switchover, SIGUSR1): the active router
    // advertises Releasing while still serving; the partner takes over and
    // says Running; only then does this router let go. If the partner has
    // not taken over within deadtime, this router keeps the service.
    std::pair<Switchover, std::vector<Action>> on_switchover(Clock::time_point now);

    Clock::time_point next_deadline() const {
        return std::min({send_due_, dead_due_, releasing_ ? release_due_ : Clock::time_point::max(),
                         releasing_ && cfg_.hand_over_connections ? hand_over_due_ : Clock::time_point::max()});
    }
    bool releasing() const { return releasing_; }
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
};

}  // namespace lvs::pulse
