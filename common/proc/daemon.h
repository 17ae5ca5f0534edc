// SPDX-License-Identifier: GPL-2.0-or-later
// Daemonising and PID files, as Piranha's daemons did it: detach unless -n,
// one PID file per daemon, refused while its process lives.
#pragma once

#include <string>

#include "common/base/result.h"

namespace lvs::proc {

// Double fork (unless `fork_away` is false), setsid, chdir /, stdio to
// /dev/null. The original process exits 0 in the parent branch.
Status daemonize(bool fork_away);

// Writes the PID file; refuses when it names a live process other than us.
Status write_pidfile(const std::string& path);
void remove_pidfile(const std::string& path);

// SCHED_RR at `priority` (1..99) for this process, with SCHED_RESET_ON_FORK
// so that children run at normal priority. 0 does nothing.
Status set_realtime(int priority);
// Locks every page mapped now (code of the program and its libraries, data)
// into memory: a path run for the first time in hours, such as a takeover,
// then takes no page faults. Not inherited by children.
Status lock_memory();

}  // namespace lvs::proc
