// SPDX-License-Identifier: GPL-2.0-or-later
// HeartbeatIntake: which datagrams on the heartbeat port are the partner's
// heartbeats. Pure: the bytes and their source go in; a heartbeat, or the
// reason it was dropped, comes out, and every drop is counted by reason.
// Checks, in order: the source is the partner's public or private address;
// the packet decodes and authenticates; it is of our mode (LVS or FOS); it
// comes from the other role; it is fresh (hb::PeerFreshness: it echoes this
// boot of pulse, it is not a replay, nor the same heartbeat on the second
// path). The shell supplies its own sequence and stamps its heartbeats with
// echo().
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/base/ip_address.h"
#include "common/hb/freshness.h"
#include "common/hb/heartbeat.h"

namespace lvs::pulse {

struct IntakeCounters {
    std::uint64_t received = 0;
    std::uint64_t unexpected_source = 0;
    std::uint64_t duplicates = 0;  // the same heartbeat on the second path, or a replay inside the window
    std::array<std::uint64_t, hb::kRejectCount> rejected{};
};

class HeartbeatIntake {
public:
    enum class Outcome : std::uint8_t { Accepted, UnexpectedSource, Rejected, Duplicate };
    using Verdict = hb::PeerFreshness::Verdict;
    struct Result {
        Outcome outcome = Outcome::Rejected;
        hb::Reject reject = hb::Reject::Truncated;  // Rejected
        hb::Heartbeat hb;                           // Accepted
        Verdict fresh = Verdict::Fresh;             // Accepted: FirstBoot, NewBoot (the partner restarted)
        bool answer = false;                        // the partner should hear from us soon
    };

    HeartbeatIntake(hb::Role own_role, hb::Mode mode, std::vector<std::uint8_t> key, std::vector<IpAddress> partner,
                    hb::PeerFreshness freshness)
        : role_(own_role), mode_(mode), key_(std::move(key)), partner_(std::move(partner)), fresh_(freshness) {}

    // own_seq: the sequence of the last heartbeat this pulse sent.
    Result accept(std::span<const std::uint8_t> bytes, const IpAddress& from, std::uint64_t own_seq);
    // A reload: the partner's addresses, the echo window.
    void reconfigure(std::vector<IpAddress> partner, std::uint64_t window) {
        partner_ = std::move(partner);
        fresh_.set_window(window);
    }
    // What this pulse's next heartbeat echoes.
    hb::Boot echo() const { return fresh_.echo(); }
    const hb::PeerFreshness& freshness() const { return fresh_; }
    const IntakeCounters& counters() const { return n_; }

private:
    hb::Role role_;
    hb::Mode mode_;
    std::vector<std::uint8_t> key_;
    std::vector<IpAddress> partner_;  // public, then private if any
    hb::PeerFreshness fresh_;
    IntakeCounters n_;
};

}  // namespace lvs::pulse
