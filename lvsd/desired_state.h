// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd, pure core: the IPVS table lvsd wants, from lvs.cf plus the health
// the nannies report. No kernel access, no clock, no logging.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/config/lvs_config.h"
#include "common/ipvs/ipvs_types.h"
#include "common/shm/status_layout.h"

namespace lvs::lvsd {

struct ServerHealth {
    shm::RsState health = shm::RsState::Unknown;  // what the nanny last said about its real server
    int weight = -1;  // current weight (slow start, load monitor); -1 = configured
    std::uint64_t verdict_seq = 0;    // the nanny's count of state changes
    std::int64_t verdict_mono_ns = 0; // CLOCK_MONOTONIC time of the last one
};

// A real server is identified across reloads by its service and address:port
// (as Piranha matched a virtual server by VIP/proto/port and a real server
// by RIP/port).
using ServerKey = std::pair<ipvs::ServiceKey, ipvs::DestKey>;
using HealthMap = std::map<ServerKey, ServerHealth>;

// How a destination should be treated by the reconciler.
enum class Presence : std::uint8_t {
    Present,   // must be in the table with exactly these attributes
    Absent,    // must not be in the table
    KeepAsIs,  // health unknown yet: adopt whatever the kernel has
    // redundancy = ecmp, health unknown yet: adopt the kernel's entry, or add
    // it at weight 0 (every router holds the servers in the file's order)
    KeepOrIdle,
};

struct DesiredDest {
    ipvs::Destination dest;
    Presence presence = Presence::Present;
    bool is_sorry = false;
};

struct DesiredService {
    std::string name;  // virtual server name, for logs
    ipvs::Service service;
    std::vector<DesiredDest> dests;
    int up = 0;      // real servers counted as up
    int down = 0;    // real servers counted as down (incl. drained)
    bool sorry_active = false;
};

struct DesiredTable {
    std::vector<DesiredService> services;  // file order, active virtual servers only
};

// The IPVS identity and attributes of a virtual server.
ipvs::ServiceKey service_key(const config::VirtualServer& vs);
ipvs::Service to_service(const config::VirtualServer& vs);
ipvs::Destination to_destination(const config::LvsConfig& cfg, const config::RealServer& rs);
ipvs::Fwd to_fwd(config::Forwarding f);

// The desired table. Rules:
// - only active virtual servers of an LVS-mode config, and their active real servers;
// - Up/ForcedUp -> present at the nanny's current weight (configured when -1);
// - Down/Drained -> absent, or present at weight 0 with quiesce_server;
// - Unknown -> KeepAsIs (a restarted lvsd adopts the kernel's entry untouched);
// - sorry_server present while no real server is up and none is unknown,
//   also for a virtual server without active real servers.
// With `only`, just the services whose keys it holds (a nanny's verdict
// touches one service; the others are left as they are).
DesiredTable desired_table(const config::LvsConfig& cfg, const HealthMap& health,
                           const std::set<ipvs::ServiceKey>* only = nullptr);

}  // namespace lvs::lvsd
