// SPDX-License-Identifier: GPL-2.0-or-later
// The socket probers' end of a check: its latency on the loop's clock since
// `t0` (one clock read), and when it ended on the coarse clock (a tick's
// resolution, from the vDSO: for the slot's timestamp); and its delivery.
#pragma once

#include <time.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "common/ev/event_loop.h"

namespace lvs::nanny {

struct CheckEnd {
    std::chrono::microseconds latency;
    std::chrono::steady_clock::time_point ended;
};

inline CheckEnd check_end(ev::Loop& loop, std::chrono::duration<double> t0) {
    loop.update_loop_time();
    const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(
        std::max(std::chrono::duration<double>(0.0), loop.loop_time() - t0));
    timespec coarse{};
    ::clock_gettime(CLOCK_MONOTONIC_COARSE, &coarse);
    return {latency, std::chrono::steady_clock::time_point{std::chrono::seconds(coarse.tv_sec) +
                                                           std::chrono::nanoseconds(coarse.tv_nsec)}};
}

// Hands a check's outcome to its caller once. `done` is cleared before the
// call, so the callback may start the next check.
template <typename Done, typename Outcome>
void deliver(Done& done, Outcome o, const CheckEnd& end) {
    if (!done) return;
    auto d = std::move(done);
    done = nullptr;
    d(o, end.latency, end.ended);
}

}  // namespace lvs::nanny
