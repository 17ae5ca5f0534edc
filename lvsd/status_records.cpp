// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd's records for the status table.
#include "lvsd/status_records.h"

#include <cstdio>
#include <cstring>

namespace lvs::lvsd {

int kernel_weight(const DesiredTable& desired, const std::vector<ipvs::ServiceWithDests>& observed,
                  const ServerKey& key) {
    for (const auto& s : desired.services) {
        if (!(s.service.key == key.first)) continue;
        for (const auto& d : s.dests) {
            if (!(d.dest.key == key.second)) continue;
            if (d.presence == Presence::Present) return d.dest.weight;
            if (d.presence == Presence::Absent) return -1;
            for (const auto& o : observed)
                if (o.service.key == key.first)
                    for (const auto& od : o.dests)
                        if (od.key == key.second) return od.weight;
            return -1;
        }
    }
    return -1;
}

std::vector<std::pair<std::uint32_t, shm::DestRecord>> dest_records(
    const DesiredTable& desired, const std::vector<ipvs::ServiceWithDests>& observed,
    const std::vector<NannySupervisor::SlotInfo>& slots, const config::LvsConfig& cfg) {
    std::vector<std::pair<std::uint32_t, shm::DestRecord>> out;
    for (const auto& si : slots) {
        shm::DestRecord r{};
        r.in_use = 1;
        const auto& sk = si.key.first;
        r.protocol = sk.fwmark ? 0 : static_cast<std::uint8_t>(sk.protocol);
        r.fwmark = sk.fwmark;
        r.family = sk.af == IpAddress::Family::V6 ? 6 : 4;
        if (sk.addr.is_set()) std::memcpy(r.vip, sk.addr.bytes().data(), 16);
        r.vport = sk.port;
        r.kernel_weight = kernel_weight(desired, observed, si.key);
        r.nanny_pid = si.pid;
        r.nanny_restarts = si.restarts;
        r.gave_up = si.gave_up ? 1 : 0;
        for (const auto& vs : cfg.virtuals)
            if (vs.active && service_key(vs) == sk)
                for (const auto& rs : vs.servers)
                    if (rs.active && to_destination(cfg, rs).key == si.key.second)
                        r.configured_weight = rs.weight;
        for (const auto& s : desired.services) {
            if (!(s.service.key == sk)) continue;
            std::snprintf(r.vs_name, sizeof r.vs_name, "%s", s.name.c_str());
            for (const auto& d : s.dests)
                if (d.dest.key == si.key.second)
                    r.method = static_cast<std::uint8_t>(d.dest.fwd == ipvs::Fwd::Nat ? 0
                                                         : d.dest.fwd == ipvs::Fwd::Direct ? 1 : 2);
        }
        out.emplace_back(si.slot, r);
    }
    return out;
}

}  // namespace lvs::lvsd
