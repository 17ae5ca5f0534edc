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
// Keeps the allocator from holding on to large transient buffers (a
// handover reads the whole connection table: hundreds of KiB): every
// allocation from 64 KiB up gets its own mapping, returned to the kernel
// when freed, and free memory above 128 KiB at the heap's top is trimmed.
// Fixed values turn off glibc's sliding threshold, which after the first
// such free would keep later ones in the heap for good.
void return_large_buffers();

}  // namespace lvs::proc
