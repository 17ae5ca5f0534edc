// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd's records for the status table.
#include "lvsd/status_records.h"

#include <cstdio>
#include <cstring>
#include <map>
#include <optional>

namespace lvs::lvsd {
namespace {

// Everything dest_records looks up, indexed once per call (it runs after
// every reconcile, with thousands of servers): by service only, then a
// short walk over that service's few destinations.
struct Index {
    std::map<ipvs::ServiceKey, const DesiredService*> services;          // first wins
    std::map<ipvs::ServiceKey, const ipvs::ServiceWithDests*> observed;  // the kernel's
    std::map<ipvs::ServiceKey, const config::VirtualServer*> configured; // lvs.cf; last wins
};

Index make_index(const DesiredTable& desired, const std::vector<ipvs::ServiceWithDests>& observed,
                 const config::LvsConfig* cfg, const std::set<ipvs::ServiceKey>* only = nullptr) {
    auto wanted = [only](const ipvs::ServiceKey& k) { return !only || only->count(k) > 0; };
    Index ix;
    for (const auto& s : desired.services) ix.services.emplace(s.service.key, &s);
    for (const auto& o : observed)
        if (wanted(o.service.key)) ix.observed.emplace(o.service.key, &o);
    if (cfg)
        for (const auto& vs : cfg->virtuals)
            if (vs.active && wanted(service_key(vs))) ix.configured.insert_or_assign(service_key(vs), &vs);
    return ix;
}

const DesiredDest* desired_dest(const Index& ix, const ServerKey& key) {
    auto s = ix.services.find(key.first);
    if (s == ix.services.end()) return nullptr;
    for (const auto& d : s->second->dests)
        if (d.dest.key == key.second) return &d;
    return nullptr;
}

int kernel_weight(const Index& ix, const ServerKey& key) {
    const DesiredDest* d = desired_dest(ix, key);
    if (!d) return -1;
    if (d->presence == Presence::Present) return d->dest.weight;
    if (d->presence == Presence::Absent) return -1;
    auto o = ix.observed.find(key.first);
    if (o == ix.observed.end()) return -1;
    for (const auto& od : o->second->dests)
        if (od.key == key.second) return od.weight;
    return -1;
}

// The lvs.cf weight of a real server (the last active one with that address
// and port wins, as a later block would replace an earlier one).
std::optional<int> configured_weight(const Index& ix, const ServerKey& key) {
    auto v = ix.configured.find(key.first);
    if (v == ix.configured.end()) return std::nullopt;
    std::optional<int> w;
    for (const auto& rs : v->second->servers)
        if (rs.active && rs.port == key.second.port && rs.address == key.second.addr) w = rs.weight;
    return w;
}

}  // namespace

int kernel_weight(const DesiredTable& desired, const std::vector<ipvs::ServiceWithDests>& observed,
                  const ServerKey& key) {
    return kernel_weight(make_index(desired, observed, nullptr), key);
}

std::vector<std::pair<std::uint32_t, shm::DestRecord>> dest_records(
    const DesiredTable& desired, const std::vector<ipvs::ServiceWithDests>& observed,
    const std::vector<NannySupervisor::SlotInfo>& slots, const config::LvsConfig& cfg,
    const std::set<ipvs::ServiceKey>* only) {
    const Index ix = make_index(desired, observed, &cfg, only);
    std::vector<std::pair<std::uint32_t, shm::DestRecord>> out;
    out.reserve(only ? 0 : slots.size());
    for (const auto& si : slots) {
        if (only && !only->count(si.key.first)) continue;
        shm::DestRecord r{};
        r.in_use = 1;
        const auto& sk = si.key.first;
        r.protocol = sk.fwmark ? 0 : static_cast<std::uint8_t>(sk.protocol);
        r.fwmark = sk.fwmark;
        r.family = sk.af == IpAddress::Family::V6 ? 6 : 4;
        if (sk.addr.is_set()) std::memcpy(r.vip, sk.addr.bytes().data(), 16);
        r.vport = sk.port;
        r.kernel_weight = kernel_weight(ix, si.key);
        r.nanny_pid = si.pid;
        r.nanny_restarts = si.restarts;
        r.gave_up = si.gave_up ? 1 : 0;
        if (auto c = configured_weight(ix, si.key)) r.configured_weight = *c;
        if (auto s = ix.services.find(sk); s != ix.services.end())
            std::snprintf(r.vs_name, sizeof r.vs_name, "%s", s->second->name.c_str());
        if (const DesiredDest* d = desired_dest(ix, si.key)) {
            const auto fwd = d->dest.fwd;
            r.method = static_cast<std::uint8_t>(fwd == ipvs::Fwd::Nat ? 0 : fwd == ipvs::Fwd::Direct ? 1 : 2);
        }
        out.emplace_back(si.slot, r);
    }
    return out;
}

}  // namespace lvs::lvsd
