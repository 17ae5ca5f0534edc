// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp, pure: the status segment's EcmpRecord from the
// announce policy, the BIRD announcer and the last birdc status request,
// and the lines pulse logs when a BGP or BFD session changes state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/shm/status_layout.h"
#include "pulse/announce_policy.h"
#include "pulse/bird_announcer.h"
#include "pulse/bird_status.h"

namespace lvs::pulse {

// pulse's status requests to BIRD (birdc show ..., about once a second).
struct BirdPolls {
    std::uint64_t polls = 0, failures = 0;
    bool answered = false;               // the last request was answered
    std::int64_t last_answer_real_s = 0;
    std::string error;                   // why the last one failed
    BirdStatus last;                     // its answer (empty after a failure)
};

struct EcmpStatusInputs {
    const AnnouncePolicy& policy;
    const BirdAnnouncer& announcer;
    const BirdPolls& bird;
    std::optional<AnnounceClock::time_point> drain_until;  // stopping: when lvsd stops
    int min_servers = 1;
    AnnounceClock::time_point now;
};

shm::EcmpRecord ecmp_record(const EcmpStatusInputs& in, std::int32_t pid);

// The BIRD route of an address: 198.51.100.80/32, 2001:db8::80/128.
std::string vip_route(const IpAddress& vip);

// One line per BGP session whose BGP state changed, or BFD session whose
// state changed, between two answers ("BGP session lvs_bgp_192_0_2_1:
// Established (was Active)"; a session that appeared or went says so).
std::vector<std::string> session_changes(const BirdStatus& before, const BirdStatus& after);

}  // namespace lvs::pulse
