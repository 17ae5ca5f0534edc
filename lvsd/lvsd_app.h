// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd's imperative shell: the libev loop, signals, the IPVS adapter. It
// feeds the pure cores (desired_state, reconcile) and executes their ops.
// Never flushes the table; only the services its configuration defines are
// touched.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "common/config/lvs_config.h"
#include "common/ev/event_loop.h"
#include "common/ipvs/ipvs_client.h"
#include "common/shm/status_table.h"
#include "common/status/http_server.h"
#include "lvsd/desired_state.h"
#include "lvsd/nanny_supervisor.h"
#include "lvsd/options.h"

namespace lvs::lvsd {

// What set off a reconcile run. It decides where the observed table comes
// from and what is counted; to_string() is its label in the log.
enum class Trigger : std::uint8_t {
    Start,      // "start": the first table, before the nannies run
    Reload,     // "reload": SIGHUP, a new configuration
    Health,     // "health": a nanny's verdict (SIGUSR1)
    NannyExit,  // "nanny": a nanny exited
    Periodic,   // "periodic": the reconcile_interval timer
    Drift,      // "drift": the kernel refused a change made against lvsd's copy of its table
};
const char* to_string(Trigger t);

class LvsdApp {
public:
    LvsdApp(Options opts, config::LvsConfig cfg, std::unique_ptr<ipvs::IpvsClient> ipvs,
            std::unique_ptr<shm::StatusTable> table, NannyContext nannies, std::string metrics_listen = {});
    // Runs until SIGTERM/SIGINT; returns the exit status.
    int run();

private:
    // What one pass wants: the health changes it saw, the desired table (or
    // the services a verdict changed) and the operations to get there.
    struct Plan {
        HealthDelta delta;
        bool partial = false;  // just the services in delta.services
        DesiredTable desired;
        std::vector<ipvs::Op> ops;
        const std::set<ipvs::ServiceKey>* only() const { return partial ? &delta.services : nullptr; }
    };
    enum class PassResult : std::uint8_t { Done, RefusedOnCache };

    // Reconciling (lvsd/lvsd_reconcile.cpp). reconcile() runs a pass, and a
    // second one (Drift) that reads the kernel when the first had a change
    // refused against the cached table.
    void reconcile(Trigger why);
    PassResult reconcile_pass(Trigger why);
    bool uses_cache(Trigger why) const;
    static bool recompute_partially(Trigger why, bool from_cache, const HealthDelta& delta);
    bool read_kernel();  // false (logged, counted) when the dump failed
    std::optional<Plan> make_plan(Trigger why, bool from_cache);  // none: a verdict changed nothing
    // Carries the operations out, logs each, keeps the cached table in
    // step. The number the kernel refused; none when the request failed.
    std::optional<std::size_t> apply_ops(const std::vector<ipvs::Op>& ops);
    // drift: a periodic run found the kernel changed behind lvsd's back.
    void report(Trigger why, bool drift, std::size_t ops, std::size_t failed, std::int64_t verdict_ns,
                std::chrono::steady_clock::time_point t0);
    void mark_ready();  // logs "ready" and publishes the time from start
    void forget_retired();

    void apply_timeouts();
    void reload();
    void shutdown(int signum);
    void on_child(int pid, int status);
    void check_segment();
    void publish_status(const DesiredTable& part, const std::set<ipvs::ServiceKey>* only);

    Options opts_;
    config::LvsConfig cfg_;
    std::unique_ptr<ipvs::IpvsClient> ipvs_;
    std::unique_ptr<shm::StatusTable> table_;
    std::unique_ptr<proc::ChildPorts> child_ports_;  // the nannies' processes and restart alarm
    NannySupervisor nannies_;
    std::set<ipvs::ServiceKey> retired_;
    HealthMap health_;        // the nannies' slots as of the last run
    DesiredTable desired_;    // what the last runs wanted, for the status table
    std::vector<ipvs::ServiceWithDests> cache_;  // the kernel's table as of the last run
    bool cache_valid_ = false;
    std::unique_ptr<ev::Timer> periodic_;
    int exit_status_ = 0;
    std::string metrics_listen_;
    std::unique_ptr<status::HttpServer> metrics_;
    shm::LvsdRecord rec_{};
    std::vector<std::uint32_t> published_;  // destination slots written last time
    std::string shm_name_;
    std::int64_t shm_gid_ = -1;
    bool segment_lost_ = false;
    bool leave_table_ = false;  // SIGUSR2: exit without deleting services
};

}  // namespace lvs::lvsd
