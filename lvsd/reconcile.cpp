// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd, pure core: desired vs observed IPVS table -> ordered operations.
#include "lvsd/reconcile.h"

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

}  // namespace lvs::lvsd
