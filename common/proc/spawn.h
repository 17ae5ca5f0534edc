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
    bool die_with_parent = true;     // PR_SET_PDEATHSIG
    int parent_death_signal = 15;    // SIGTERM; lvsd under pulse gets SIGUSR2
    bool new_process_group = false;  // setpgid(0, 0): kill(-pid) reaches the whole group
    bool search_path = false;        // execvp instead of execv (a bare name is looked up in PATH)
    int stdout_fd = -1;              // >= 0: the child's stdout; stdin and stderr become /dev/null
};

// Returns once the child has exec'd (or failed to: NotFound with its errno).
Result<pid_t> spawn(const std::vector<std::string>& argv, const SpawnOptions& opts = {});

}  // namespace lvs::proc
