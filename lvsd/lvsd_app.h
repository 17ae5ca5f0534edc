// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd's imperative shell: the libev loop, signals, the IPVS adapter. It
// feeds the pure cores (desired_state, reconcile) and executes their ops.
// Never flushes the table; only the services its configuration defines are
// touched.
#pragma once

#include <map>
#include <memory>
#include <set>

#include "common/config/lvs_config.h"
#include "common/ev/event_loop.h"
#include "common/ipvs/ipvs_client.h"
#include "common/shm/status_table.h"
#include "common/status/http_server.h"
#include "lvsd/desired_state.h"
#include "lvsd/nanny_supervisor.h"
#include "lvsd/options.h"

namespace lvs::lvsd {

class LvsdApp {
public:
    LvsdApp(Options opts, config::LvsConfig cfg, std::unique_ptr<ipvs::IpvsClient> ipvs,
            std::unique_ptr<shm::StatusTable> table, NannyContext nannies, std::string metrics_listen = {});
    // Runs until SIGTERM/SIGINT; returns the exit status.
    int run();

private:
    void reconcile(const char* why);
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
    NannySupervisor nannies_;
    std::vector<std::unique_ptr<ev::Timer>> timers_;
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
    bool segment_lost_ = false;
    bool leave_table_ = false;  // SIGUSR2: exit without deleting services
};

}  // namespace lvs::lvsd
