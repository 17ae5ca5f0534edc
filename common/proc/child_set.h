// SPDX-License-Identifier: GPL-2.0-or-later
// A parent's children, kept running by the restart policy: lvsd's nannies,
// pulse's lvsd and fos. Event-driven and never blocking: the owner feeds it
// child exits (from the loop's child watcher) and the alarm it asked for;
// processes, signals, the alarm and the clock go through ChildPorts, so the
// whole set runs against a recording fake in unit tests.
#pragma once

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/base/result.h"
#include "common/proc/restart_policy.h"
#include "common/proc/spawn.h"

namespace lvs::proc {

class ChildPorts {
public:
    virtual ~ChildPorts() = default;
    virtual Result<pid_t> spawn(const std::vector<std::string>& argv, const SpawnOptions& opts) = 0;
    virtual void kill(pid_t pid, int sig) = 0;
    // One alarm: ChildSet::on_alarm() is due at `when` (replaces any earlier).
    virtual void arm(Clock::time_point when) = 0;
    virtual void disarm() = 0;
    virtual Clock::time_point now() const = 0;
};

// The real ports: proc::spawn, kill(2), an event-loop timer and the
// monotonic clock. `alarm` is called when the alarm fires.
std::unique_ptr<ChildPorts> make_system_ports(std::function<void()> alarm);

using ChildId = std::uint32_t;

struct ChildSpec {
    std::vector<std::string> argv;
    SpawnOptions spawn{};
    RestartParams policy{};
};

class ChildSet {
public:
    struct Handlers {
        // A start succeeded (also every restart).
        std::function<void(ChildId, pid_t)> started{};
        // A child exited without being asked to, or could not be started
        // (spawn_error set, status zero). The decision is carried out after
        // the call unless the handler removed or restarted the child.
        std::function<void(ChildId, pid_t, const Decision&, const Error* spawn_error)> exited{};
        // Every child asked to stop has exited (stop_all).
        std::function<void()> all_stopped{};
    };

    ChildSet(ChildPorts& ports, Handlers h);

    // A new child; it starts at once unless `start_now` is false.
    ChildId add(ChildSpec spec, bool start_now = true);
    // Starts a child that is not running and has no start pending, clearing
    // a give-up (a reload retries a child that was given up).
    void start(ChildId id);
    // New command line: a running child is stopped and started again with
    // it as soon as it exits, without counting as a restart.
    void set_argv(ChildId id, std::vector<std::string> argv);
    const std::vector<std::string>& argv(ChildId id) const;
    // Stop it and start it again at once when it exits (not a restart).
    void restart(ChildId id);
    // SIGTERM, then SIGKILL after `grace`; forgotten once it exits.
    void remove(ChildId id, Millis grace = Millis{10000});
    // Every child: SIGTERM, SIGKILL after `grace`, no more restarts;
    // Handlers::all_stopped once none runs (at once if none does).
    void stop_all(Millis grace);

    // The loop's child watcher: true if `pid` was one of ours.
    bool on_exit(pid_t pid, int wait_status);
    void on_alarm();

    pid_t pid(ChildId id) const;
    bool running(ChildId id) const { return pid(id) > 0; }
    bool gave_up(ChildId id) const;
    const RestartHistory& history(ChildId id) const;
    std::uint64_t restarts_total() const { return restarts_total_; }
    std::size_t size() const { return children_.size(); }

private:
    struct Child {
        ChildSpec spec;
        RestartHistory history;
        pid_t pid = -1;
        bool gave_up = false;
        bool removing = false;     // forget when it exits
        bool restarting = false;   // start again when it exits
        bool restart_due = false;  // `due` is a restart
        bool kill_due = false;     // `due` is a SIGKILL
        Clock::time_point due{};
    };
    void launch(ChildId id, Child& c);
    void stop_one(Child& c, Millis grace);
    void carry_out(ChildId id, const Decision& d);
    void rearm();
    void check_all_stopped();
    Child* find(ChildId id);
    const Child* find(ChildId id) const;

    ChildPorts& ports_;
    Handlers h_;
    std::unordered_map<ChildId, Child> children_;
    std::unordered_map<pid_t, ChildId> by_pid_;
    ChildId next_id_ = 1;
    std::uint64_t restarts_total_ = 0;
    bool stopping_ = false;
    Clock::time_point armed_ = Clock::time_point::max();
};

}  // namespace lvs::proc
