// SPDX-License-Identifier: GPL-2.0-or-later
// Slow start ramp and load-adapted base weight.
#include "nanny/weight_plan.h"

#include <algorithm>

#include "nanny/load_monitor.h"

namespace lvs::nanny {

using shm::RsState;

void WeightPlan::on_transition(RsState from, RsState to, TimePoint now) {
    const bool recovery = to == RsState::Up && (from == RsState::Down || from == RsState::Drained);
    if (recovery && p_.slow_start.count() > 0) ramp_from_ = now;
    else ramp_from_.reset();
}

bool WeightPlan::on_load(double load) {
    const int next = load_adjusted_weight(base_, p_.configured, p_.scale, load);
    if (next == base_) return false;
    base_ = next;
    return true;
}

int WeightPlan::weight(TimePoint now) const {
    if (!ramp_from_ || base_ <= 1) return base_;
    const auto elapsed = now - *ramp_from_;
    if (elapsed >= p_.slow_start) return base_;
    if (elapsed.count() <= 0) return 1;
    const double f = std::chrono::duration<double>(elapsed) / std::chrono::duration<double>(p_.slow_start);
    return std::clamp(static_cast<int>(f * base_), 1, base_);
}

std::optional<WeightPlan::TimePoint> WeightPlan::next_step(TimePoint now) const {
    if (!ramp_from_ || base_ <= 1) return std::nullopt;
    const TimePoint end = *ramp_from_ + p_.slow_start;
    if (now >= end) return std::nullopt;
    const auto step = std::clamp<std::chrono::steady_clock::duration>(p_.slow_start / 10, std::chrono::milliseconds(100),
                                                                     std::chrono::seconds(1));
    return std::min(end, now + step);
}

}  // namespace lvs::nanny
