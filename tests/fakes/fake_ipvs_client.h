// SPDX-License-Identifier: GPL-2.0-or-later
// FakeIpvsClient: an in-memory IPVS table with the kernel's EEXIST/ENOENT
// semantics, an ordered log of every change, and error injection.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/ipvs/ipvs_client.h"

namespace lvs::ipvs {

class FakeIpvsClient final : public IpvsClient {
public:
    Result<std::vector<ServiceWithDests>> dump() override;
    Result<std::vector<Status>> apply(std::span<const Op> ops) override;
    Result<Timeouts> get_timeouts() override { return timeouts; }
    Status set_timeouts(const Timeouts& t) override;
    Result<std::vector<SyncDaemon>> list_daemons() override { return daemons; }
    Status start_daemon(const SyncDaemon& d) override;
    Status stop_daemon(SyncDaemon::State state) override;
    Status flush() override;

    // One line per change, in order (to_string of each Op, plus
    // "set-timeouts", "start-daemon", "stop-daemon", "flush").
    std::vector<std::string> log;
    // The Nth change (1-based, counting every op) fails with this error.
    int fail_at = 0;
    ErrorCode fail_code = ErrorCode::Netlink;
    int dumps = 0;

    Timeouts timeouts;
    std::vector<SyncDaemon> daemons;
    std::map<ServiceKey, ServiceWithDests> table;

private:
    Status one(const Op& op);
    int changes_ = 0;
};

}  // namespace lvs::ipvs
