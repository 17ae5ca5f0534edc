// SPDX-License-Identifier: GPL-2.0-or-later
// fos's shell: children (commands in their own process groups, nanny
// monitors), the deadline timer, signals and reload. Decisions are FosCore's.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <vector>

#include "common/config/lvs_config.h"
#include "common/ev/event_loop.h"
#include "fos/fos_core.h"
#include "fos/fos_status.h"
#include "fos/options.h"

namespace lvs::fos {

// The partner of this node: `backup` if `primary` is a local address,
// otherwise `primary`, as in Piranha.
IpAddress partner_of(const config::LvsConfig& cfg);

class FosApp {
public:
    // `shm_name`: pulse's status segment, where fos writes its services' state.
    FosApp(Options opts, const config::LvsConfig& cfg, MonitorContext ctx, std::string shm_name);
    int run();

private:
    void execute(std::vector<Action> actions);
    void perform(const Action& a, std::vector<Action>& more);
    void on_child(int pid, int status);
    void reload();
    void arm();

    Options opts_;
    MonitorContext ctx_;
    FosCore core_;
    std::unique_ptr<ev::Timer> timer_;
    FosStatus status_;
    std::unique_ptr<ev::Timer> status_timer_;  // every second: FosStatus::check
    struct Child {
        pid_t pid = -1;
        bool monitor = false;
    };
    std::map<std::uint64_t, Child> children_;  // by token
    int exit_code_ = 0;
};

}  // namespace lvs::fos
