// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp, pure: what the announce policy is fed each tick, read
// from the status segment (lvsd's record and the real servers' slots) and
// the child pulse runs, and the links monitor_links watches in this mode.
#pragma once

#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

#include "common/config/lvs_config.h"
#include "common/net/link_monitor.h"
#include "common/status/snapshot.h"
#include "pulse/announce_policy.h"

namespace lvs::pulse {

struct EcmpFacts {
    bool lvsd_alive = false;  // pulse's lvsd runs
    bool programmed = false;  // ... and has written its record with its table programmed
    // Real servers up per active virtual service with an address, in file
    // order: nanny says up (or forced up) and IPVS has it at a weight above 0.
    std::vector<std::pair<std::string, int>> servers_up;
    bool operator==(const EcmpFacts&) const = default;
};

// The facts in `s` about lvsd `lvsd_pid` (-1: none runs) and `cfg`'s services.
EcmpFacts ecmp_facts(const config::LvsConfig& cfg, const status::Snapshot& s, pid_t lvsd_pid);

// Feeds the facts to the policy (lvsd, its table, each service's servers)
// and returns its actions, in that order.
AnnouncePolicy::Actions feed(AnnouncePolicy& policy, const EcmpFacts& facts, AnnouncePolicy::TimePoint now);

// One link monitor_links watches in ecmp mode.
struct EcmpLink {
    std::string ifname;
    std::string what;  // "BGP peer 192.0.2.1", "real server 10.0.1.21"
    bool operator==(const EcmpLink&) const = default;
};
// With monitor_links: the interfaces on whose connected subnets the BGP
// peers and the active real servers are (longest prefix; the loopback
// never), each once, peers first. A peer or server on no connected subnet
// adds nothing.
std::vector<EcmpLink> ecmp_links(const config::LvsConfig& cfg, const std::vector<net::InterfaceAddress>& local);

// True when `addr` is in `net`/`prefix` (same family).
bool in_subnet(const IpAddress& addr, const IpAddress& net, int prefix);

}  // namespace lvs::pulse
