// SPDX-License-Identifier: GPL-2.0-or-later
// FakeChildPorts: records every spawn and signal, hands out pids from 1000
// and keeps a settable clock and the armed alarm, for ChildSet's owners'
// unit tests.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "common/proc/child_set.h"

namespace lvs::proc {

class FakeChildPorts final : public ChildPorts {
public:
    struct Spawned {
        pid_t pid;
        std::vector<std::string> argv;
        SpawnOptions opts;
    };
    struct Signal {
        pid_t pid;
        int sig;
    };
    Result<pid_t> spawn(const std::vector<std::string>& argv, const SpawnOptions& opts) override {
        if (failing.count(argv.empty() ? std::string{} : argv[0]))
            return make_error(ErrorCode::NotFound, "cannot execute " + argv[0], 2);
        spawned.push_back({next_pid, argv, opts});
        return next_pid++;
    }
    void kill(pid_t pid, int sig) override { signals.push_back({pid, sig}); }
    void arm(Clock::time_point when) override { alarm = when; }
    void disarm() override { alarm = Clock::time_point::max(); }
    Clock::time_point now() const override { return clock; }

    pid_t last_pid() const { return spawned.empty() ? -1 : spawned.back().pid; }
    // The alarm as the owner wired it (ChildSet::on_alarm), for ring_wired().
    std::function<void()> wired;
    // Moves the clock to the alarm, if it is due by `until`, and rings it
    // on `set` (ring) or through the owner's wiring (ring_wired).
    bool ring(ChildSet& set, Clock::time_point until = Clock::time_point::max()) {
        return ring_with([&set] { set.on_alarm(); }, until);
    }
    bool ring_wired() { return ring_with(wired, Clock::time_point::max()); }

    std::vector<Spawned> spawned;
    std::vector<Signal> signals;
    std::set<std::string> failing;  // argv[0]s that cannot be executed
    pid_t next_pid = 1000;
    Clock::time_point clock = Clock::time_point{} + std::chrono::hours(1);
    Clock::time_point alarm = Clock::time_point::max();

private:
    bool ring_with(const std::function<void()>& fire, Clock::time_point until) {
        if (alarm == Clock::time_point::max() || alarm > until) return false;
        clock = std::max(clock, alarm);
        alarm = Clock::time_point::max();
        fire();
        return true;
    }
};

}  // namespace lvs::proc
