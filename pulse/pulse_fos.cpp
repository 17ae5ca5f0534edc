// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's FOS mode: which fos child a router runs (the children themselves
// are kept by Supervision).
#include "pulse/pulse_fos.h"

namespace lvs::pulse {

const char* to_string(FosRole r) {
    switch (r) {
        case FosRole::None: return "none";
        case FosRole::Active: return "active";
        case FosRole::Monitor: return "monitor";
    }
    return "?";
}

FosRole wanted_fos(const FailoverFsm& fsm) {
    if (fsm.terminating()) return FosRole::None;
    if (fsm.active()) return FosRole::Active;
    const auto partner = fsm.partner_state();
    if (fsm.partner_alive() && (partner == hb::State::Running || partner == hb::State::StopMe))
        return FosRole::Monitor;
    return FosRole::None;
}

}  // namespace lvs::pulse
