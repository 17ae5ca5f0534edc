// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd: one nanny per active real server of every active virtual server.
// Keeps them running by the suite's restart policy (common/proc: backoff,
// no retry of a configuration error, a stable run clears the count), maps
// each to its shared-memory slot, and turns the slots into the health the
// reconciler reads.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/config/lvs_config.h"
#include "common/log/logger.h"
#include "common/proc/child_set.h"
#include "common/shm/status_table.h"
#include "lvsd/desired_state.h"

namespace lvs::lvsd {

struct NannyContext {
    std::string shm_name;
    std::string nanny_path = "/usr/sbin/nanny";  // replaces the default client_monitor
    bool foreground = false;  // lvsd -n: nannies log to stderr too
    bool verbose = false;
    std::string log_facility = "daemon";      // lvs.ini [log], passed to every nanny
    log::Level log_level = log::Level::Info;
    std::int64_t shm_gid = -1;  // [shm] group, for a segment lvsd creates
};

// What changed in the nannies' slots since the last refresh().
struct HealthDelta {
    bool rebuilt = false;                 // servers came or went: treat everything as changed
    std::set<ipvs::ServiceKey> services;  // services with a server whose health or weight changed
    std::int64_t oldest_verdict_ns = 0;   // oldest verdict not seen before (0: none)
};

class NannySupervisor {
public:
    // `ports` start and signal the nannies and ring on_alarm() for restarts.
    NannySupervisor(shm::StatusTable& table, NannyContext ctx, proc::ChildPorts& ports);

    // Starts, stops and restarts nannies so that exactly the wanted ones run
    // with their current arguments. Unchanged nannies are not touched.
    // Returns false (nothing changed) if the slots would not suffice.
    // With `defer`, new nannies are only created, and start_pending()
    // starts them (lvsd programs the table first); it must get the same
    // configuration, unchanged.
    bool sync(const config::LvsConfig& cfg, bool defer = false);
    void start_pending(const config::LvsConfig& cfg);
    // A child exited. Returns true if it was one of ours.
    bool on_exit(pid_t pid, int status) { return set_.on_exit(pid, status); }
    void on_alarm() { set_.on_alarm(); }
    // SIGTERM to every nanny; lvsd does not wait for them (each also dies
    // with its parent).
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
    std::uint64_t restarts_total() const { return set_.restarts_total(); }

private:
    struct Entry {
        proc::ChildId id = 0;
        std::uint32_t slot = 0;
        bool gave_up = false;
        bool weighted = false;  // nanny_drives_weight()
        bool assume_up = false; // initial_state = up: up until the first nanny's first verdict
        bool pending = false;   // created by sync(cfg, true), not started yet
        std::size_t vs_index = 0, rs_index = 0;  // its blocks in that configuration
    };
    void add(const ServerKey& key, Entry e, std::vector<std::string> argv, bool start_now);
    void on_started(proc::ChildId id, pid_t pid);
    void on_exited(proc::ChildId id, const proc::Decision& d, const Error* spawn_error);
    Entry* entry_of(proc::ChildId id, const ServerKey** key);
    ServerHealth read_health(const Entry& e) const;
    void reset_slot(std::uint32_t slot);
    void publish_down(std::uint32_t slot);

    shm::StatusTable* table_;
    NannyContext ctx_;
    proc::ChildSet set_;
    std::map<ServerKey, Entry> entries_;
    std::unordered_map<proc::ChildId, ServerKey> keys_;
    std::vector<bool> used_;
    std::uint32_t first_free_ = 0;  // no free slot below this one
    int given_up_ = 0;
};

}  // namespace lvs::lvsd
