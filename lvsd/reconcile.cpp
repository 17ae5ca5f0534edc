// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd, pure core: desired vs observed IPVS table -> ordered operations.
#include "lvsd/reconcile.h"

#include <algorithm>
#include <map>

namespace lvs::lvsd {
namespace {

bool same_service_attrs(const ipvs::Service& want, const ipvs::Service& have) {
    return want.scheduler == have.scheduler &&
           (want.flags & ~kSvcFlagsIgnored) == (have.flags & ~kSvcFlagsIgnored) &&
           want.timeout_s == have.timeout_s && want.netmask == have.netmask;
}

bool same_dest_attrs(const ipvs::Destination& want, const ipvs::Destination& have) {
    return want.fwd == have.fwd && want.weight == have.weight &&
           want.u_threshold == have.u_threshold && want.l_threshold == have.l_threshold;
}

void reconcile_dests(const DesiredService& ds, const ipvs::ServiceWithDests& have,
                     std::vector<ipvs::Op>& ops) {
    const ipvs::ServiceKey& key = ds.service.key;
    std::map<ipvs::DestKey, const ipvs::Destination*> in_kernel;
    for (const auto& d : have.dests) in_kernel.emplace(d.key, &d);

    std::map<ipvs::DestKey, bool> wanted;  // dest key -> must stay
    std::vector<ipvs::Op> deletes;
    for (const auto& dd : ds.dests) {
        if (!wanted.emplace(dd.dest.key, dd.presence != Presence::Absent).second) continue;
        auto it = in_kernel.find(dd.dest.key);
        const bool present = it != in_kernel.end();
        switch (dd.presence) {
            case Presence::KeepAsIs:
                break;
            case Presence::KeepOrIdle:
                if (!present) ops.push_back(ipvs::Op::add_dest(key, dd.dest));
                break;
            case Presence::Present:
                if (!present) ops.push_back(ipvs::Op::add_dest(key, dd.dest));
                else if (!same_dest_attrs(dd.dest, *it->second))
                    ops.push_back(ipvs::Op::update_dest(key, dd.dest));
                break;
            case Presence::Absent:
                if (present) deletes.push_back(ipvs::Op::delete_dest(key, dd.dest.key));
                break;
        }
    }
    for (const auto& d : have.dests)
        if (!wanted.count(d.key)) deletes.push_back(ipvs::Op::delete_dest(key, d.key));
    ops.insert(ops.end(), deletes.begin(), deletes.end());
}

}  // namespace

std::set<ipvs::ServiceKey> service_keys(const DesiredTable& desired) {
    std::set<ipvs::ServiceKey> keys;
    for (const auto& s : desired.services) keys.insert(s.service.key);
    return keys;
}

std::vector<ipvs::Op> reconcile(const DesiredTable& desired,
                                const std::vector<ipvs::ServiceWithDests>& observed,
                                const std::set<ipvs::ServiceKey>& retired) {
    std::vector<ipvs::Op> ops;
    std::map<ipvs::ServiceKey, const ipvs::ServiceWithDests*> by_key;
    for (const auto& s : observed) by_key.emplace(s.service.key, &s);
    const std::set<ipvs::ServiceKey> wanted = service_keys(desired);

    for (const auto& key : retired)
        if (by_key.count(key) && !wanted.count(key)) ops.push_back(ipvs::Op::delete_service(key));

    std::set<ipvs::ServiceKey> done;
    for (const auto& ds : desired.services) {
        if (!done.insert(ds.service.key).second) continue;  // duplicate: first wins
        auto it = by_key.find(ds.service.key);
        if (it == by_key.end()) {
            ops.push_back(ipvs::Op::add_service(ds.service));
            reconcile_dests(ds, ipvs::ServiceWithDests{ds.service, {}, {}}, ops);
            continue;
        }
        if (!same_service_attrs(ds.service, it->second->service))
            ops.push_back(ipvs::Op::update_service(ds.service));
        reconcile_dests(ds, *it->second, ops);
    }
    return ops;
}

void apply_to_observed(std::vector<ipvs::ServiceWithDests>& table, const std::vector<ipvs::Op>& ops,
                       const std::vector<bool>& done) {
    using Kind = ipvs::Op::Kind;
    std::map<ipvs::ServiceKey, ipvs::ServiceWithDests> by_key;
    for (auto& s : table) by_key.emplace(s.service.key, std::move(s));
    for (std::size_t i = 0; i < ops.size() && i < done.size(); ++i) {
        if (!done[i]) continue;
        const ipvs::Op& op = ops[i];
        auto s = by_key.find(op.service.key);
        switch (op.kind) {
            case Kind::AddService: by_key.emplace(op.service.key, ipvs::ServiceWithDests{op.service, {}, {}}); continue;
            case Kind::UpdateService:
                if (s != by_key.end()) s->second.service = op.service;
                continue;
            case Kind::DeleteService:
                if (s != by_key.end()) by_key.erase(s);
                continue;
            default: break;
        }
        if (s == by_key.end()) continue;
        auto& dests = s->second.dests;
        auto& stats = s->second.stats;
        if (stats.size() != dests.size()) stats.resize(dests.size());
        auto d = std::find_if(dests.begin(), dests.end(), [&](const auto& x) { return x.key == op.dest.key; });
        const auto at = d - dests.begin();
        if (op.kind == Kind::AddDest && d == dests.end()) {
            dests.push_back(op.dest);
            stats.emplace_back();
        } else if (op.kind == Kind::UpdateDest && d != dests.end()) {
            *d = op.dest;
        } else if (op.kind == Kind::DeleteDest && d != dests.end()) {
            dests.erase(d);
            stats.erase(stats.begin() + at);
        }
    }
    table.clear();
    for (auto& [k, s] : by_key) table.push_back(std::move(s));
}

bool only_verdicts(const std::vector<ipvs::Op>& ops, const std::set<ipvs::ServiceKey>& verdict_services) {
    return std::all_of(ops.begin(), ops.end(), [&](const ipvs::Op& op) {
        const bool dest = op.kind == ipvs::Op::Kind::AddDest || op.kind == ipvs::Op::Kind::UpdateDest ||
                          op.kind == ipvs::Op::Kind::DeleteDest;
        return dest && verdict_services.count(op.service.key) > 0;
    });
}

}  // namespace lvs::lvsd
