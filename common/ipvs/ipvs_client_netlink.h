// SPDX-License-Identifier: GPL-2.0-or-later
// NetlinkIpvsClient: IpvsClient over the kernel's "IPVS" generic netlink
// family (libnl-genl-3 socket; messages from ipvs_codec). Bulk changes are
// pipelined: up to kWindow requests in flight, batched into datagrams of up
// to kBatchBytes, every ACK checked.
#pragma once

#include <memory>

#include "common/ipvs/ipvs_client.h"

namespace lvs::ipvs {

class NetlinkIpvsClient final : public IpvsClient {
public:
    static constexpr std::size_t kWindow = 256;       // requests in flight
    static constexpr std::size_t kBatchBytes = 32768;  // requests per datagram, in bytes

    // Resolves the family once. NotFound if the ip_vs module is not loaded,
    // Permission without CAP_NET_ADMIN.
    static Result<std::unique_ptr<NetlinkIpvsClient>> open();
    ~NetlinkIpvsClient() override;
    NetlinkIpvsClient(const NetlinkIpvsClient&) = delete;
    NetlinkIpvsClient& operator=(const NetlinkIpvsClient&) = delete;

    Result<std::vector<ServiceWithDests>> dump() override;
    Result<std::vector<Status>> apply(std::span<const Op> ops) override;
    Result<Timeouts> get_timeouts() override;
    Status set_timeouts(const Timeouts& t) override;
    Result<std::vector<SyncDaemon>> list_daemons() override;
    Status start_daemon(const SyncDaemon& d) override;
    Status stop_daemon(SyncDaemon::State state) override;
    Status flush() override;

private:
    struct Impl;
    explicit NetlinkIpvsClient(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Maps a netlink errno to our error codes (EEXIST -> Exists, ...).
Error netlink_error(int err, const std::string& context);

}  // namespace lvs::ipvs
