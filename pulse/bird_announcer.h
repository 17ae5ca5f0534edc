// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp: carries the announce policy's Announce and Withdraw
// actions to BIRD: the set of announced VIPs changes, and one fragment
// per batch goes out through the BirdControl adapter. A failed apply is
// retried by the next apply() or retry() (the set is kept).
#pragma once

#include <vector>

#include "common/base/ip_address.h"
#include "common/base/result.h"
#include "pulse/announce_policy.h"
#include "pulse/bird_config.h"
#include "pulse/bird_control.h"

namespace lvs::pulse {

class BirdAnnouncer {
public:
    BirdAnnouncer(BirdControl& bird, BirdParams params) : bird_(bird), params_(std::move(params)) {}

    // Announce and Withdraw change the set (StopAfter is not ours); BIRD is
    // told when the set changed or the last apply failed.
    Result<void> apply(const std::vector<AnnounceAction>& actions);
    // Writes the current set again (a failed apply, new peers after a reload).
    Result<void> retry();
    void set_params(BirdParams params) {
        params_ = std::move(params);
        dirty_ = true;
    }
    // Announced, in the order they were announced.
    const std::vector<IpAddress>& announced() const { return announced_; }
    bool pending() const { return dirty_; }

private:
    BirdControl& bird_;
    BirdParams params_;
    std::vector<IpAddress> announced_;
    bool dirty_ = true;  // BIRD has not had the current set yet
};

}  // namespace lvs::pulse
