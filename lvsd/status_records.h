// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd, pure: what lvsd tells the status table about each supervised real
// server (its service, its weight in the kernel, its nanny) — the part of
// `lvsctl status` that nannies cannot know.
#pragma once

#include <set>
#include <utility>
#include <vector>

#include "common/ipvs/ipvs_types.h"
#include "common/shm/status_layout.h"
#include "lvsd/desired_state.h"
#include "lvsd/nanny_supervisor.h"

namespace lvs::lvsd {

// The kernel's weight for `key` once the reconciler's operations are
// applied: the desired weight for Present, -1 for Absent, the observed
// weight (or -1) for KeepAsIs.
int kernel_weight(const DesiredTable& desired, const std::vector<ipvs::ServiceWithDests>& observed,
                  const ServerKey& key);

// One record per supervised nanny, by slot. `cfg` gives the lvs.cf weight
// of a real server. With `only`, just the nannies of those services.
std::vector<std::pair<std::uint32_t, shm::DestRecord>> dest_records(
    const DesiredTable& desired, const std::vector<ipvs::ServiceWithDests>& observed,
    const std::vector<NannySupervisor::SlotInfo>& slots, const config::LvsConfig& cfg,
    const std::set<ipvs::ServiceKey>* only = nullptr);

}  // namespace lvs::lvsd
