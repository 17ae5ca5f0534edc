// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp: carries the announce policy's Announce and Withdraw
// actions to BIRD through the BirdControl adapter, one fragment per change
// of the set of announced VIPs. One apply is under way at a time: a change
// meanwhile goes out when it ends. A failed apply keeps the set; the next
// change, or retry() (the shell's retry timer), sends it again.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/base/ip_address.h"
#include "common/base/result.h"
#include "pulse/announce_policy.h"
#include "pulse/bird_config.h"
#include "pulse/bird_control.h"

namespace lvs::pulse {

class BirdAnnouncer {
public:
    // Runs after every apply that ended, with its outcome.
    using Settled = std::function<void(const Result<void>&)>;

    BirdAnnouncer(BirdControl& bird, BirdParams params, Settled settled = {})
        : bird_(bird), params_(std::move(params)), settled_(std::move(settled)) {}

    // Announce and Withdraw change the set (StopAfter is not ours). The
    // first call tells BIRD even an empty set (its BGP sessions start).
    void apply(const std::vector<AnnounceAction>& actions);
    // Sends the current set again after a failed apply (nothing to do
    // otherwise, or while one is under way).
    void retry();
    // New peers or BFD timers (a reload): sent at once.
    void set_params(BirdParams params);

    // The set BIRD should have, in the order announced.
    const std::vector<IpAddress>& announced() const { return wanted_; }
    // The set of the last apply BIRD took.
    const std::vector<IpAddress>& confirmed() const { return confirmed_; }
    // BIRD does not have the current set yet (under way, or failed).
    bool pending() const { return dirty_ || busy_; }
    bool busy() const { return busy_; }
    bool failed() const { return failed_; }
    std::uint64_t applies() const { return applies_; }
    std::uint64_t failures() const { return failures_; }
    const std::string& last_error() const { return last_error_; }

private:
    void send();
    void on_applied(const std::vector<IpAddress>& sent, const Result<void>& r);

    BirdControl& bird_;
    BirdParams params_;
    Settled settled_;
    std::vector<IpAddress> wanted_;
    std::vector<IpAddress> confirmed_;
    bool dirty_ = true;  // BIRD has not been sent the current set yet
    bool busy_ = false;
    bool failed_ = false;
    std::uint64_t applies_ = 0, failures_ = 0;
    std::string last_error_;
};

}  // namespace lvs::pulse
