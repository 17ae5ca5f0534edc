// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's health state machine.
#include "nanny/health_fsm.h"

namespace lvs::nanny {

using shm::RsState;

std::optional<Transition> HealthFsm::move(RsState to) {
    if (to == state_) return std::nullopt;
    Transition t{state_, to};
    state_ = to;
    return t;
}

std::optional<Transition> HealthFsm::on_check(bool ok) {
    if (frozen()) return std::nullopt;
    if (ok) {
        ++good_;
        bad_ = 0;
        if (state_ != RsState::Up && (fast_rise_ || good_ >= p_.rise)) {
            fast_rise_ = false;
            return move(RsState::Up);
        }
        return std::nullopt;
    }
    ++bad_;
    good_ = 0;
    fast_rise_ = false;
    if (state_ == RsState::Up && bad_ >= p_.fall) return move(RsState::Down);
    if (state_ == RsState::Unknown && bad_ >= p_.fall) return move(RsState::Down);
    return std::nullopt;
}

std::optional<Transition> HealthFsm::drain() { return move(RsState::Drained); }
std::optional<Transition> HealthFsm::force_up() { return move(RsState::ForcedUp); }

std::optional<Transition> HealthFsm::resume() {
    good_ = bad_ = 0;
    fast_rise_ = true;  // Piranha resets currCount to countThresh
    if (!frozen()) return std::nullopt;
    return move(RsState::Unknown);
}

}  // namespace lvs::nanny
