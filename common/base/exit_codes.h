// SPDX-License-Identifier: GPL-2.0-or-later
// The exit-code contract between every program of the suite and its parent:
// what each code means here, what the parent does with it in
// common/proc/restart_policy.h (pulse(8), SUPERVISION, for operators).
#pragma once

namespace lvs {

enum ExitCode : int {
    kExitOk = 0,          // clean stop
    kExitFailure = 1,     // transient failure or I/O error: restart with backoff
    kExitConfig = 2,      // configuration error: do not restart, escalate
    kExitPermission = 3,  // missing permission or capability: do not restart
    kExitUsage = 4,       // bad command line
};

}  // namespace lvs
