// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's failover state machine: fail-back, the router's own readiness and
// a reload's new timers (failover_fsm.h).
#include "pulse/failover_fsm.h"

#include <cstdio>

namespace lvs::pulse {

using hb::State;
using Kind = Action::Kind;
namespace {
constexpr auto kNever = Clock::time_point::max();
}

// The active backup hands the service back; a release or a FOS stop under
// way, an inhibited router or a stopping one does not start another.
bool FailoverFsm::may_fail_back() const {
    return cfg_.failback && cfg_.has_partner && cfg_.role == hb::Role::Backup && active_ && !releasing_ &&
           !terminating_ && !leaving_ && !inhibited() && partner_alive_ && partner_state_ == State::Stopped &&
           partner_warm_since_ != kNever;
}

Clock::time_point FailoverFsm::failback_due() const {
    return may_fail_back() ? partner_warm_since_ + cfg_.failback_delay : kNever;
}

// LVS mode: the planned switchover's path (connections handed over, the
// primary takes the addresses before we let go). FOS mode: the services
// must never run twice, so ours stop first (Leaving) and the primary starts
// its own when we say Stopped.
void FailoverFsm::start_failback(std::vector<Action>& out, Clock::time_point now) {
    char why[160];
    std::snprintf(why, sizeof why, "fail-back: the primary has been ready for %.1f s: handing the service back",
                  std::chrono::duration<double>(now - partner_warm_since_).count());
    out.push_back({Kind::Notice, State::Running, why});
    if (!cfg_.fos) {
        failing_back_ = true;
        release(out, now);
        return;
    }
    deactivate(out, "fail-back: stopping the failover services");
    leaving_ = true;
    send(out, now);
}

std::vector<Action> FailoverFsm::on_services_stopped(Clock::time_point now) {
    std::vector<Action> out;
    if (!leaving_) return out;
    leaving_ = false;
    out.push_back({Kind::Notice, State::Stopped, "fail-back: our services have stopped: the primary starts its own"});
    send(out, now);
    return out;
}

void FailoverFsm::set_warmth(hb::Warmth w, Clock::time_point now) {
    if (w == own_warmth_) return;
    own_warmth_ = w;
    own_warm_since_ = w == hb::Warmth::Warm ? now : kNever;
}

std::vector<Action> FailoverFsm::reconfigure(const FsmConfig& c, Clock::time_point now) {
    cfg_.keepalive = c.keepalive;
    cfg_.deadtime = c.deadtime;
    cfg_.failback = c.failback;
    cfg_.failback_delay = c.failback_delay;
    if (partner_alive_) dead_due_ = last_heard_ + cfg_.deadtime;
    else if (dead_due_ != kNever) dead_due_ = std::min(dead_due_, now + cfg_.deadtime);
    std::vector<Action> out;
    send(out, now);  // the new digest, and the next heartbeat a new keepalive away
    return out;
}

FailbackView FailoverFsm::failback(Clock::time_point now) const {
    using K = FailbackView::Kind;
    const auto left = [now](Clock::time_point due) {
        return std::max(Millis(0), std::chrono::duration_cast<Millis>(due - now));
    };
    if (!cfg_.failback || !cfg_.has_partner || !partner_alive_) return {};
    if (cfg_.role == hb::Role::Backup) {
        if (leaving_ || (releasing_ && failing_back_)) return {K::UnderWay, hb::Warmth::Warm, Millis(0)};
        if (!active_ || partner_state_ != State::Stopped) return {};
        if (partner_warm_since_ == kNever)
            return {K::Waiting, partner_digest_differs_ ? hb::Warmth::DigestDiffers : partner_warmth_, Millis(0)};
        return {K::Counting, hb::Warmth::Warm, left(partner_warm_since_ + cfg_.failback_delay)};
    }
    if (active_) return {};
    if (partner_state_ == State::Leaving) return {K::UnderWay, hb::Warmth::Warm, Millis(0)};
    if (partner_state_ != State::Running && partner_state_ != State::StopMe) return {};
    if (warmth() != hb::Warmth::Warm) return {K::Waiting, warmth(), Millis(0)};
    return {K::Counting, hb::Warmth::Warm, left(own_warm_since_ + cfg_.failback_delay)};
}

}  // namespace lvs::pulse
