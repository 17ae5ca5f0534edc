// SPDX-License-Identifier: GPL-2.0-or-later
// Runs one check of a real prober on the event loop until it reports, and
// returns its outcome (None if it never did).
#pragma once

#include <optional>

#include "common/ev/event_loop.h"
#include "nanny/probe.h"

namespace lvs::testing {

inline shm::ProbeOutcome run_check(ev::Loop& loop, nanny::Prober& prober, const nanny::ProbeSpec& spec) {
    std::optional<shm::ProbeOutcome> got;
    prober.start(spec, [&](shm::ProbeOutcome o, std::chrono::microseconds, auto) {
        got = o;
        loop.stop();
    });
    if (!got) loop.run();
    return got.value_or(shm::ProbeOutcome::None);
}

}  // namespace lvs::testing
