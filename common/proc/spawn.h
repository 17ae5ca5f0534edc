// SPDX-License-Identifier: GPL-2.0-or-later
// fork + execv with an explicit argument vector: never a shell. The child
// gets default signal dispositions, an empty signal mask and, optionally,
// SIGTERM when its parent dies. An exec failure is reported to the caller.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "common/base/result.h"

namespace lvs::proc {

struct SpawnOptions {
    bool die_with_parent = true;  // PR_SET_PDEATHSIG
    int parent_death_signal = 15; // SIGTERM; lvsd under pulse gets SIGUSR2
    bool new_process_group = false;
};

Result<pid_t> spawn(const std::vector<std::string>& argv, const SpawnOptions& opts = {});

}  // namespace lvs::proc
