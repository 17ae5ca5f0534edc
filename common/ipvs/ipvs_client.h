// SPDX-License-Identifier: GPL-2.0-or-later
// IpvsClient: the kernel's IPVS table in domain terms. Implemented over
// generic netlink (NetlinkIpvsClient) and by FakeIpvsClient in tests.
// Errors: ErrorCode::Exists (EEXIST), NotFound (ENOENT/ESRCH), Permission,
// Netlink (anything else), Protocol (malformed reply).
#pragma once

#include <span>
#include <vector>

#include "common/base/result.h"
#include "common/ipvs/ipvs_ops.h"
#include "common/ipvs/ipvs_types.h"

namespace lvs::ipvs {

class IpvsClient {
public:
    virtual ~IpvsClient() = default;

    // Every service with its destinations.
    virtual Result<std::vector<ServiceWithDests>> dump() = 0;
    // Runs the operations in order, pipelined; one Status per operation.
    // The outer Result fails only when the transport itself fails.
    virtual Result<std::vector<Status>> apply(std::span<const Op> ops) = 0;
    virtual Result<Timeouts> get_timeouts() = 0;
    virtual Status set_timeouts(const Timeouts& t) = 0;
    virtual Result<std::vector<SyncDaemon>> list_daemons() = 0;
    virtual Status start_daemon(const SyncDaemon& d) = 0;
    virtual Status stop_daemon(SyncDaemon::State state) = 0;
    // Deletes every service. lvsd never calls it (it never flushes).
    virtual Status flush() = 0;
};

}  // namespace lvs::ipvs
