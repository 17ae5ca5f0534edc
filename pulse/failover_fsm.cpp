// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's failover state machine.
#include "pulse/failover_fsm.h"

namespace lvs::pulse {

using hb::Role;
using hb::State;
using Kind = Action::Kind;

const char* to_string(Switchover s) {
    switch (s) {
        case Switchover::Started: return "started";
        case Switchover::NotActive: return "this router is not active";
        case Switchover::NoPartner: return "there is no partner router";
        case Switchover::PartnerNotReady: return "the partner cannot take over";
        case Switchover::AlreadyUnderWay: return "a switchover is already under way";
    }
    return "?";
}

hb::State FailoverFsm::advertised() const {
    if (terminating_ || releasing_ || (inhibited() && !active_)) return State::Releasing;
    if (leaving_) return State::Leaving;
    if (active_ && fail_partner_) return State::StopMe;
    return active_ ? State::Running : State::Stopped;
}

void FailoverFsm::activate(std::vector<Action>& out, std::string why) {
    if (active_ || inhibited() || terminating_) return;
    active_ = true;
    leaving_ = false;
    yielded_ = false;
    out.push_back({Kind::Activate, State::Running, std::move(why)});
}

void FailoverFsm::deactivate(std::vector<Action>& out, std::string why) {
    if (!active_) return;
    active_ = false;
    releasing_ = false;
    failing_back_ = false;
    fail_partner_ = false;
    out.push_back({Kind::Deactivate, State::Stopped, std::move(why)});
}

// Without a partner nothing goes out, but the tick keeps its pace (the
// shell checks the status segment and its warmth on it); a send time left
// in the past would wake the loop without pause.
void FailoverFsm::send(std::vector<Action>& out, Clock::time_point now) {
    send_due_ = now + cfg_.keepalive;
    if (!cfg_.has_partner) return;
    out.push_back({Kind::SendHeartbeat, advertised(), {}});
}

void FailoverFsm::hand_over(std::vector<Action>& out, std::string pass, Clock::time_point now) {
    if (!cfg_.hand_over_connections || !active_) return;
    out.push_back({Kind::HandOver, State::Running, std::move(pass)});
    hand_over_due_ = now + cfg_.hand_over_period;
}

std::vector<Action> FailoverFsm::start(Clock::time_point now) {
    std::vector<Action> out;
    dead_due_ = now + cfg_.deadtime;
    send_due_ = now;
    if (cfg_.force_active) activate(out, "Forced active on startup: activating " + on());
    else if (!cfg_.has_partner) activate(out, "no backup router: activating " + on());
    send(out, now);
    if (!cfg_.has_partner) dead_due_ = Clock::time_point::max();
    return out;
}

std::vector<Action> FailoverFsm::on_heartbeat(const hb::Heartbeat& h, Clock::time_point now, bool digest_differs) {
    std::vector<Action> out;
    partner_alive_ = true;
    partner_state_ = h.state;
    partner_warmth_ = h.warmth;
    partner_digest_differs_ = digest_differs;
    const bool warm = h.state == State::Stopped && h.warmth == hb::Warmth::Warm && !digest_differs;
    if (!warm) partner_warm_since_ = Clock::time_point::max();
    else if (partner_warm_since_ == Clock::time_point::max()) partner_warm_since_ = now;
    last_heard_ = now;
    dead_due_ = now + cfg_.deadtime;
    const bool primary = cfg_.role == Role::Primary;
    switch (h.state) {
        case State::StopMe:
            if (active_) {
                deactivate(out, "PARTNER HAS TOLD US TO GO INACTIVE!");
                send(out, now);
                break;
            }
            [[fallthrough]];  // otherwise a running partner
        case State::Running:
            child_fail_ = false;  // Piranha: a running partner clears CHILDFAIL
            if (active_ && fail_partner_) {
                out.push_back({Kind::Notice, State::StopMe, "partner active: we want control!"});
            } else if (active_ && releasing_) {
                hand_over(out, "final", now);  // connections made since the last pass
                const bool planned = !terminating_ && !failing_back_;
                deactivate(out, terminating_    ? "partner took over: terminating"
                                : failing_back_ ? "partner took over: fail-back complete"
                                                : "partner took over: planned switchover complete");
                yielded_ = planned;
                send(out, now);
                if (terminating_) out.push_back({Kind::Exit, State::Stopped, {}});
            } else if (active_ && !primary) {
                hand_over(out, "split brain", now);
                deactivate(out, "partner active: deactivating " + off());
                send(out, now);  // tell the primary at once, so it re-announces
            } else if (active_ && primary) {
                out.push_back({Kind::Reannounce, State::Running, "partner active: resending arps"});
            }
            break;
        case State::Stopped:
            if (fail_partner_) {  // the failed partner has let go
                fail_partner_ = false;
                send(out, now);
            }
            // The primary takes an idle pair; a backup waits for the primary
            // unless the primary is gone or hands over (Releasing).
            if (primary) activate(out, "backup inactive: activating " + on());
            break;
        case State::Leaving: break;  // FOS fail-back: Stopped follows once its services have stopped
        case State::Releasing:
            activate(out, (primary ? "backup released the service: activating " : "primary released the service: activating ") +
                              on());
            if (active_) send(out, now);
            break;
    }
    return out;
}

std::vector<Action> FailoverFsm::on_tick(Clock::time_point now) {
    std::vector<Action> out;
    if (now >= dead_due_) {
        dead_due_ = now + cfg_.deadtime;
        fail_partner_ = false;
        partner_warm_since_ = Clock::time_point::max();
        if (partner_alive_ || !active_) {
            const bool heard = partner_alive_;
            partner_alive_ = false;
            const auto silent = std::chrono::duration_cast<Millis>(now - last_heard_).count();
            activate(out, std::string("partner dead: activating ") + (cfg_.fos ? "failover services" : "lvs") +
                              (heard ? " (no heartbeat for " + std::to_string(silent) + " ms)" : ""));
            if (active_) send(out, now);
        }
    }
    // A partner that died cannot take over: no point waiting out the window.
    if (releasing_ && !partner_alive_) release_due_ = std::min(release_due_, now);
    if (releasing_ && now >= hand_over_due_) hand_over(out, {}, now);
    if (releasing_ && now >= release_due_ && terminating_) {
        send(out, now);
        deactivate(out, partner_alive_ ? "Terminating: the partner did not take over within " +
                                             std::to_string(release_window().count()) + " ms"
                                       : std::string("Terminating: the partner is dead"));
        out.push_back({Kind::Exit, State::Stopped, {}});
        return out;
    }
    if (releasing_ && now >= release_due_) {
        releasing_ = false;
        out.push_back({Kind::Notice, State::Running, failing_back_ ? "fail-back abandoned: the primary did not take over"
                                                                   : "switchover abandoned: the partner did not take over"});
        if (failing_back_) partner_warm_since_ = now;  // a new delay before the next try
        failing_back_ = false;
        send(out, now);
    }
    if (now >= failback_due()) start_failback(out, now);
    if (now >= send_due_) send(out, now);
    return out;
}

// One early heartbeat per half keepalive: a request inside the half
// keepalive after the last early one brings the next heartbeat forward to
// the end of it. Every heartbeat sent puts the next regular one a keepalive
// away, so a flood of requests makes two heartbeats a keepalive.
std::vector<Action> FailoverFsm::on_answer_wanted(Clock::time_point now) {
    std::vector<Action> out;
    if (!cfg_.has_partner) return out;
    const auto slot = std::max(now, early_ + cfg_.keepalive / 2);
    if (send_due_ <= slot) return out;  // the next heartbeat goes by then anyway
    early_ = slot;
    send_due_ = slot;
    if (now >= send_due_) send(out, now);
    return out;
}

std::pair<Switchover, std::vector<Action>> FailoverFsm::on_switchover(Clock::time_point now) {
    std::vector<Action> out;
    if (!cfg_.has_partner) return {Switchover::NoPartner, out};
    if (!active_) return {Switchover::NotActive, out};
    if (releasing_) return {Switchover::AlreadyUnderWay, out};
    if (!partner_alive_ || partner_state_ != State::Stopped) return {Switchover::PartnerNotReady, out};
    release(out, now);
    return {Switchover::Started, out};
}

// The partner's time to take over: deadtime, and at least kMinReleaseWindow.
// This router serves until then, so a longer wait costs no service; but a
// loaded or emulated partner may need more than a short deadtime to add its
// addresses and say Running, and a switchover abandoned just before that
// made both routers active for a moment, then the partner stood down.
Millis FailoverFsm::release_window() const { return std::max(cfg_.deadtime, hb::kMinReleaseWindow); }

void FailoverFsm::release(std::vector<Action>& out, Clock::time_point now) {
    releasing_ = true;
    release_due_ = now + release_window();
    // The partner holds every live connection before it takes over; the
    // passes while it adds its addresses catch the connections made since.
    hand_over(out, "first", now);
    send(out, now);  // Releasing, at once
    hand_over(out, {}, now);
}

std::vector<Action> FailoverFsm::on_link(bool up, Clock::time_point now) {
    std::vector<Action> out;
    if (!up && !link_fail_) {
        link_fail_ = true;
        deactivate(out, "local link failure: deactivating " + off());
        send(out, now);
    } else if (up && link_fail_) {
        link_fail_ = false;
        send(out, now);
    }
    return out;
}

std::vector<Action> FailoverFsm::on_lvsd_failed(bool failed, Clock::time_point now) {
    std::vector<Action> out;
    if (failed && !child_fail_) {
        child_fail_ = true;
        deactivate(out, "lvsd failed: deactivating " + off());
        send(out, now);
    } else if (!failed && child_fail_) {
        child_fail_ = false;  // a lone router serves again too (Piranha's stayed down)
        if (!partner_alive_) activate(out, "lvsd running again: activating " + on());
        send(out, now);
    }
    return out;
}

std::vector<Action> FailoverFsm::on_partner_service_failed(Clock::time_point now) {
    std::vector<Action> out;
    if (active_ || inhibited() || terminating_ || !cfg_.has_partner) return out;
    fail_partner_ = true;
    activate(out, "remote service unavailable: performing service failover");
    if (active_) send(out, now);  // StopMe, at once
    else fail_partner_ = false;
    return out;
}

std::vector<Action> FailoverFsm::on_terminate(Clock::time_point now) {
    std::vector<Action> out;
    // An active router whose partner stands by hands over like a planned
    // switchover: it keeps serving until the partner says Running (or
    // deadtime passes), so a stop or restart drops no connection attempt.
    // A second request, or no partner to hand to, lets go at once.
    if (!terminating_ && cfg_.handover_on_terminate && active_ && cfg_.has_partner && partner_alive_ && partner_state_ == State::Stopped) {
        terminating_ = true;
        out.push_back({Kind::Notice, State::Releasing, "Terminating: handing the service to the partner"});
        release(out, now);
        return out;
    }
    terminating_ = true;
    send(out, now);  // Releasing: the partner takes over before we let go
    deactivate(out, "Terminating: releasing the service");
    out.push_back({Kind::Exit, State::Stopped, {}});
    return out;
}

}  // namespace lvs::pulse
