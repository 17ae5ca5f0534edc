// SPDX-License-Identifier: GPL-2.0-or-later
// pulse in FOS mode: which fos child the router should run.
#pragma once

#include <cstdint>

#include "pulse/failover_fsm.h"

namespace lvs::pulse {

enum class FosRole : std::uint8_t { None, Active, Monitor };
const char* to_string(FosRole r);

// Active router: `fos --active`. Standby whose partner serves (Running or
// StopMe): `fos --monitor`. Otherwise none: with no partner serving there
// is nothing to watch, and the dead timer decides. Pure.
FosRole wanted_fos(const FailoverFsm& fsm);

}  // namespace lvs::pulse
