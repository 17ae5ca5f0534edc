// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd: one nanny per active real server of every active virtual server.
// Keeps them running (restart with backoff, no retry of a configuration
// error), maps each to its shared-memory slot, and turns the slots into the
// health the reconciler reads.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/config/lvs_config.h"
#include "common/shm/status_table.h"
#include "lvsd/desired_state.h"

namespace lvs::lvsd {

struct NannyContext {
    std::string shm_name;
    std::string nanny_path = "/usr/sbin/nanny";  // replaces the default client_monitor
    bool foreground = false;  // lvsd -n: nannies log to stderr too
    bool verbose = false;
};

// Backoff before restart number `n` (1-based) of a nanny: 100 ms doubling
// to 30 s. Pure.
std::chrono::milliseconds restart_delay(int n);

// What changed in the nannies' slots since the last refresh().
struct HealthDelta {
    bool rebuilt = false;                 // servers came or went: treat everything as changed
    std::set<ipvs::ServiceKey> services;  // services with a server whose health or weight changed
    std::int64_t oldest_verdict_ns = 0;   // oldest verdict not seen before (0: none)
};

class NannySupervisor {
public:
    using Spawn = std::function<pid_t(const std::vector<std::string>& argv)>;  // -1 on failure
    using Kill = std::function<void(pid_t, int sig)>;
    using Schedule = std::function<void(std::chrono::milliseconds, std::function<void()>)>;

    NannySupervisor(shm::StatusTable& table, NannyContext ctx, Spawn spawn, Kill kill, Schedule schedule);

    // Starts, stops and restarts nannies so that exactly the wanted ones run
    // with their current arguments. Unchanged nannies are not touched.
    // Returns false (nothing changed) if the slots would not suffice.
    // With `defer`, new nannies are only created, and start_pending()
    // starts them (lvsd programs the table first); it must get the same
    // configuration, unchanged.
    bool sync(const config::LvsConfig& cfg, bool defer = false);
    void start_pending(const config::LvsConfig& cfg);
    // A child exited. Returns true if it was one of ours.
    bool on_exit(pid_t pid, int status, std::chrono::steady_clock::time_point now);
    void stop_all();
    // The status segment was replaced (removed underneath us and created
    // again): use `table` from now on and restart every nanny so that it
    // attaches to it. Health stays as it was in the kernel meanwhile.
    void reattach(shm::StatusTable& table);
    HealthMap health() const;
    // Brings `health` up to date with the slots, in place when the set of
    // servers is unchanged (a nanny's verdict: no allocation).
    HealthDelta refresh(HealthMap& health) const;
    // Real servers whose nanny could not be kept running (hard_shutdown).
    int given_up() const { return given_up_; }
    // One line per supervised nanny, for the status table.
    struct SlotInfo {
        ServerKey key;
        std::uint32_t slot = 0;
        pid_t pid = -1;
        int restarts = 0;
        bool gave_up = false;
    };
    std::vector<SlotInfo> slots() const;
    std::uint64_t restarts_total() const { return restarts_total_; }

private:
    struct Entry {
        std::vector<std::string> argv;
        std::uint32_t slot = 0;
        pid_t pid = -1;
        int restarts = 0;
        std::chrono::steady_clock::time_point started;
        bool gave_up = false;
        bool weighted = false;  // nanny_drives_weight()
        bool assume_up = false; // initial_state = up: up until the first nanny's first verdict
        bool pending = false;   // created by sync(cfg, true), not started yet
        std::size_t vs_index = 0, rs_index = 0;  // its blocks in that configuration
    };
    void start(const ServerKey& key, Entry& e);
    ServerHealth read_health(const Entry& e) const;
    void reset_slot(std::uint32_t slot);
    void publish_down(std::uint32_t slot);

    shm::StatusTable* table_;
    NannyContext ctx_;
    Spawn spawn_;
    Kill kill_;
    Schedule schedule_;
    std::map<ServerKey, Entry> entries_;
    std::vector<bool> used_;
    std::uint32_t first_free_ = 0;  // no free slot below this one
    int given_up_ = 0;
    std::uint64_t restarts_total_ = 0;
};

}  // namespace lvs::lvsd
