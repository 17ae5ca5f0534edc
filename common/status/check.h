// SPDX-License-Identifier: GPL-2.0-or-later
// The health verdict of a status snapshot (`lvsctl check`, the JSON "check"
// object, the lvs_check_status metric), in LVS mode from the real servers
// and in FOS mode from the failover services. Pure.
#pragma once

#include <string>
#include <vector>

#include "common/status/snapshot.h"

namespace lvs::status {

enum class Health : int { Ok = 0, Degraded = 1, Down = 2 };
const char* to_string(Health h);  // "ok", "degraded", "down"

struct Reason {
    Health health;     // what it alone makes the verdict
    std::string text;  // one line
};

struct Verdict {
    Health health = Health::Ok;
    std::vector<Reason> reasons;  // why not Ok, in the order found
};

Verdict evaluate(const Snapshot& s);

// pulse runs failover services (service = fos), not virtual servers.
bool fos_mode(const Snapshot& s);
// pulse runs redundancy = ecmp: no partner, addresses announced over BGP.
bool ecmp_mode(const Snapshot& s);

// What is counted as up: real servers up (or forced up), or in FOS mode
// failover services running (active router) or monitored (standby).
struct UpCount {
    std::string name;  // virtual server or failover service; empty for the whole router
    int up = 0;
    int total = 0;
};
// The whole router first, then one entry per virtual server or failover
// service, in name order (LVS) or file order (FOS).
std::vector<UpCount> up_counts(const Snapshot& s);

}  // namespace lvs::status
