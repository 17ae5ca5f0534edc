// SPDX-License-Identifier: GPL-2.0-or-later
// HeartbeatIntake: which datagrams on the heartbeat port are the partner's
// heartbeats. Pure: the bytes and their source go in; a heartbeat, or the
// reason it was dropped, comes out, and every drop is counted by reason.
// Checks, in order: the source is the partner's public or private address;
// the packet decodes and authenticates; it is of our mode (LVS or FOS); it
// comes from the other role; it is not a replay (nor the same heartbeat on
// the second path).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/base/ip_address.h"
#include "common/hb/heartbeat.h"

namespace lvs::pulse {

struct IntakeCounters {
    std::uint64_t received = 0;
    std::uint64_t unexpected_source = 0;
    std::uint64_t duplicates = 0;  // the same heartbeat on the second path, or a replay
    std::array<std::uint64_t, hb::kRejectCount> rejected{};
};

class HeartbeatIntake {
public:
    enum class Outcome : std::uint8_t { Accepted, UnexpectedSource, Rejected, Duplicate };
    struct Result {
        Outcome outcome = Outcome::Rejected;
        hb::Reject reject = hb::Reject::Truncated;  // Rejected
        hb::Heartbeat hb;                           // Accepted
        bool digest_differs = false;                // Accepted: the partner's lvs.cf is not ours
    };

    HeartbeatIntake(hb::Role own_role, hb::Mode mode, std::vector<std::uint8_t> key, hb::Digest digest,
                    std::vector<IpAddress> partner)
        : role_(own_role), mode_(mode), key_(std::move(key)), digest_(digest), partner_(std::move(partner)) {}

    Result accept(std::span<const std::uint8_t> bytes, const IpAddress& from);
    const IntakeCounters& counters() const { return n_; }

private:
    hb::Role role_;
    hb::Mode mode_;
    std::vector<std::uint8_t> key_;
    hb::Digest digest_;
    std::vector<IpAddress> partner_;  // public, then private if any
    hb::ReplayWindow window_;
    IntakeCounters n_;
};

}  // namespace lvs::pulse
