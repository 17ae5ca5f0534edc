// SPDX-License-Identifier: GPL-2.0-or-later
#include "tests/fakes/fake_ipvs_client.h"

#include <algorithm>

namespace lvs::ipvs {

Result<std::vector<ServiceWithDests>> FakeIpvsClient::dump() {
    ++dumps;
    std::vector<ServiceWithDests> out;
    for (const auto& [k, v] : table) out.push_back(v);
    return out;
}

Status FakeIpvsClient::one(const Op& op) {
    ++changes_;
    if (changes_ == fail_at) return make_error(fail_code, "injected failure");
    auto svc = table.find(op.service.key);
    if (op.kind == Op::Kind::AddService) {
        if (svc != table.end()) return make_error(ErrorCode::Exists, "service exists");
        table[op.service.key] = ServiceWithDests{op.service, {}, {}};
        return ok_status();
    }
    if (svc == table.end()) return make_error(ErrorCode::NotFound, "no such service");
    auto& dests = svc->second.dests;
    auto d = std::find_if(dests.begin(), dests.end(), [&](const Destination& x) { return x.key == op.dest.key; });
    switch (op.kind) {
        case Op::Kind::UpdateService: svc->second.service = op.service; break;
        case Op::Kind::DeleteService: table.erase(svc); break;
        case Op::Kind::AddDest:
            if (d != dests.end()) return make_error(ErrorCode::Exists, "destination exists");
            dests.push_back(op.dest);
            break;
        case Op::Kind::UpdateDest:
            if (d == dests.end()) return make_error(ErrorCode::NotFound, "no such destination");
            *d = op.dest;
            break;
        case Op::Kind::DeleteDest:
            if (d == dests.end()) return make_error(ErrorCode::NotFound, "no such destination");
            dests.erase(d);
            break;
        case Op::Kind::AddService: break;
    }
    return ok_status();
}

Result<std::vector<Status>> FakeIpvsClient::apply(std::span<const Op> ops) {
    std::vector<Status> out;
    for (const auto& op : ops) {
        log.push_back(to_string(op));
        out.push_back(one(op));
    }
    return out;
}

Status FakeIpvsClient::set_timeouts(const Timeouts& t) {
    log.push_back("set-timeouts " + std::to_string(t.tcp) + " " + std::to_string(t.tcp_fin) + " " +
                  std::to_string(t.udp));
    timeouts = t;
    return ok_status();
}

Status FakeIpvsClient::start_daemon(const SyncDaemon& d) {
    log.push_back("start-daemon " + std::string(d.state == SyncDaemon::State::Master ? "master" : "backup") +
                  " " + d.mcast_ifn + " " + std::to_string(d.syncid));
    daemons.push_back(d);
    return ok_status();
}

Status FakeIpvsClient::stop_daemon(SyncDaemon::State state) {
    log.push_back(std::string("stop-daemon ") + (state == SyncDaemon::State::Master ? "master" : "backup"));
    std::erase_if(daemons, [&](const SyncDaemon& d) { return d.state == state; });
    return ok_status();
}

Status FakeIpvsClient::flush() {
    log.push_back("flush");
    table.clear();
    return ok_status();
}

}  // namespace lvs::ipvs
