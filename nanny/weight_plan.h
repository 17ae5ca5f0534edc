// SPDX-License-Identifier: GPL-2.0-or-later
// nanny, pure core: the weight nanny publishes for its real server.
// Two inputs move it: the load monitor (a base weight between the
// configured weight and scale x configured; see load_monitor.h) and
// slow_start (after a recovery the weight climbs linearly from 1 to the
// base over slow_start).
// Time is a parameter; nothing here reads a clock.
#pragma once

#include <chrono>
#include <optional>

#include "common/shm/status_layout.h"

namespace lvs::nanny {

struct WeightParams {
    int configured = 1;                      // -w
    int scale = 10;                          // -S: load monitor cap multiplier
    std::chrono::milliseconds slow_start{0};  // 0 = off
};

class WeightPlan {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    explicit WeightPlan(WeightParams p) : p_(p), base_(p.configured) {}

    // A health transition. Down or Drained -> Up starts the ramp at `now`;
    // anything else (the first verdict at start-up, a forced up, going
    // down) ends it, so a restarted nanny never disturbs a healthy server.
    void on_transition(shm::RsState from, shm::RsState to, TimePoint now);
    // A load sample. Returns true when the base weight moved.
    bool on_load(double load);
    // The weight to publish at `now`.
    int weight(TimePoint now) const;
    // When weight() next changes (the next ramp step), or nullopt when it
    // is steady. Steps are slow_start / 10, between 100 ms and 1 s.
    std::optional<TimePoint> next_step(TimePoint now) const;
    int base() const { return base_; }

private:
    WeightParams p_;
    int base_;
    std::optional<TimePoint> ramp_from_;
};

}  // namespace lvs::nanny
