// SPDX-License-Identifier: GPL-2.0-or-later
// nanny, pure core: check results -> up/down with rise and fall counts,
// plus the operator's forced states (SIGUSR1 drain, SIGUSR2 force up,
// SIGHUP resume). No clock, no I/O.
#pragma once

#include <optional>

#include "common/shm/status_layout.h"

namespace lvs::nanny {

struct HealthParams {
    int rise = 1;  // consecutive good checks for Down -> Up
    int fall = 1;  // consecutive failed checks for Up -> Down
};

struct Transition {
    shm::RsState from;
    shm::RsState to;
};

class HealthFsm {
public:
    explicit HealthFsm(HealthParams p) : p_(p) {}

    // A check result. Ignored while frozen (drained or forced up).
    std::optional<Transition> on_check(bool ok);
    std::optional<Transition> drain();     // SIGUSR1
    std::optional<Transition> force_up();  // SIGUSR2
    // SIGHUP: end a freeze; the next good check counts as a full rise.
    std::optional<Transition> resume();

    shm::RsState state() const { return state_; }
    bool frozen() const { return state_ == shm::RsState::Drained || state_ == shm::RsState::ForcedUp; }
    int good_run() const { return good_; }
    int bad_run() const { return bad_; }

private:
    std::optional<Transition> move(shm::RsState to);
    HealthParams p_;
    shm::RsState state_ = shm::RsState::Unknown;
    int good_ = 0;
    int bad_ = 0;
    bool fast_rise_ = true;  // Piranha: a healthy server is added at the first check
};

}  // namespace lvs::nanny
