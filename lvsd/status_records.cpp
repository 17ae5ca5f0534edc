// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd's records for the status table.
#include "lvsd/status_records.h"

#include <cstdio>
#include <cstring>
#include <map>

namespace lvs::lvsd {
namespace {

// Everything dest_records looks up, indexed once per call (it runs after
// every reconcile, with thousands of servers).
struct Index {
    std::map<ipvs::ServiceKey, const DesiredService*> services;  // first wins
    std::map<ServerKey, const DesiredDest*> dests;               // first wins
    std::map<ServerKey, int> observed;                           // kernel weight
    std::map<ServerKey, int> configured;                         // lvs.cf weight
};

Index make_index(const DesiredTable& desired, const std::vector<ipvs::ServiceWithDests>& observed,
                 const config::LvsConfig* cfg, const std::set<ipvs::ServiceKey>* only = nullptr) {
    auto wanted = [only](const ipvs::ServiceKey& k) { return !only || only->count(k) > 0; };
    Index ix;
    for (const auto& s : desired.services) {
        if (!ix.services.emplace(s.service.key, &s).second) continue;
        for (const auto& d : s.dests) ix.dests.emplace(ServerKey{s.service.key, d.dest.key}, &d);
    }
    for (const auto& o : observed)
        if (wanted(o.service.key))
            for (const auto& od : o.dests) ix.observed.emplace(ServerKey{o.service.key, od.key}, od.weight);
    if (cfg)
        for (const auto& vs : cfg->virtuals) {
            if (!vs.active) continue;
            const auto sk = service_key(vs);
            if (!wanted(sk)) continue;
            for (const auto& rs : vs.servers)
                if (rs.active) ix.configured.insert_or_assign(ServerKey{sk, to_destination(*cfg, rs).key}, rs.weight);
        }
    return ix;
}

int kernel_weight(const Index& ix, const ServerKey& key) {
    auto d = ix.dests.find(key);
    if (d == ix.dests.end()) return -1;
    if (d->second->presence == Presence::Present) return d->second->dest.weight;
    if (d->second->presence == Presence::Absent) return -1;
    auto o = ix.observed.find(key);
    return o == ix.observed.end() ? -1 : o->second;
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
        if (auto c = ix.configured.find(si.key); c != ix.configured.end()) r.configured_weight = c->second;
        if (auto s = ix.services.find(sk); s != ix.services.end())
            std::snprintf(r.vs_name, sizeof r.vs_name, "%s", s->second->name.c_str());
        if (auto d = ix.dests.find(si.key); d != ix.dests.end()) {
            const auto fwd = d->second->dest.fwd;
            r.method = static_cast<std::uint8_t>(fwd == ipvs::Fwd::Nat ? 0 : fwd == ipvs::Fwd::Direct ? 1 : 2);
        }
        out.emplace_back(si.slot, r);
    }
    return out;
}

}  // namespace lvs::lvsd
