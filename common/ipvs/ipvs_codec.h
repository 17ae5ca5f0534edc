// SPDX-License-Identifier: GPL-2.0-or-later
// IPVS generic-netlink message codec, apart from any socket: requests are
// built as bytes (golden-tested) and replies are parsed from bytes (fuzzed).
// The family id and sequence number are parameters.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/base/result.h"
#include "common/ipvs/ipvs_ops.h"
#include "common/ipvs/ipvs_types.h"

namespace lvs::ipvs::codec {

using Bytes = std::vector<std::uint8_t>;

// Requests that change state carry NLM_F_ACK; dumps carry NLM_F_DUMP.
Bytes encode_op(std::uint16_t family, std::uint32_t seq, const Op& op);
Bytes encode_dump_services(std::uint16_t family, std::uint32_t seq);
Bytes encode_dump_dests(std::uint16_t family, std::uint32_t seq, const ServiceKey& key);
Bytes encode_get_timeouts(std::uint16_t family, std::uint32_t seq);
Bytes encode_set_timeouts(std::uint16_t family, std::uint32_t seq, const Timeouts& t);
Bytes encode_dump_daemons(std::uint16_t family, std::uint32_t seq);
Bytes encode_new_daemon(std::uint16_t family, std::uint32_t seq, const SyncDaemon& d);
Bytes encode_del_daemon(std::uint16_t family, std::uint32_t seq, SyncDaemon::State state);
Bytes encode_flush(std::uint16_t family, std::uint32_t seq);

// One netlink message of a received buffer.
struct Reply {
    std::uint16_t type = 0;
    std::uint16_t flags = 0;
    std::uint32_t seq = 0;
    bool is_error = false;  // NLMSG_ERROR: an ACK when error == 0
    bool is_done = false;   // NLMSG_DONE: end of a dump
    int error = 0;          // positive errno for NLMSG_ERROR, else 0
    std::span<const std::uint8_t> payload;  // after the nlmsghdr
};

// Splits a buffer from recv() into messages; Protocol error if malformed.
Result<std::vector<Reply>> split(std::span<const std::uint8_t> buffer);

// Decoders of one genetlink payload (genlmsghdr + attributes).
Result<Service> decode_service(std::span<const std::uint8_t> payload);
Result<Destination> decode_dest(std::span<const std::uint8_t> payload, DestStats* stats);
Result<Timeouts> decode_timeouts(std::span<const std::uint8_t> payload);
Result<SyncDaemon> decode_daemon(std::span<const std::uint8_t> payload);

}  // namespace lvs::ipvs::codec
