// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd, pure core: desired table vs a kernel dump -> the minimal ordered list
// of IPVS operations. Never flushes; touches only services lvsd manages.
#pragma once

#include <set>
#include <vector>

#include "common/ipvs/ipvs_ops.h"
#include "common/ipvs/ipvs_types.h"
#include "lvsd/desired_state.h"

namespace lvs::lvsd {

// Kernel-maintained service flag bits ignored when comparing.
inline constexpr std::uint32_t kSvcFlagsIgnored = ipvs::kFlagHashed;

// `retired`: keys of services lvsd used to manage (a previous configuration)
// that the desired table no longer has; they are deleted if present.
// Services that are neither desired nor retired are foreign and left alone.
//
// Order: retired services are deleted first; then, per desired service in
// file order: add or update the service, add/update destinations, and only
// then delete destinations (a sorry server goes in before the last real
// server goes out).
std::vector<ipvs::Op> reconcile(const DesiredTable& desired,
                                const std::vector<ipvs::ServiceWithDests>& observed,
                                const std::set<ipvs::ServiceKey>& retired);

// The table as it is after `ops` (those whose `done` flag is set) were
// applied to `table`: lvsd keeps the kernel's table this way between dumps,
// so a nanny's verdict costs no dump. Statistics of new entries are zero.
void apply_to_observed(std::vector<ipvs::ServiceWithDests>& table, const std::vector<ipvs::Op>& ops,
                       const std::vector<bool>& done);

// Keys of every service in a desired table.
std::set<ipvs::ServiceKey> service_keys(const DesiredTable& desired);

// A periodic run's operations repair drift (the kernel changed behind
// lvsd's back) unless they only carry out verdicts the run picked up itself:
// real-server changes of the services whose health changed since the last
// run (a verdict that arrived just before its doorbell was handled).
bool only_verdicts(const std::vector<ipvs::Op>& ops, const std::set<ipvs::ServiceKey>& verdict_services);

}  // namespace lvs::lvsd
