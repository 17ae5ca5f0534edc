// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp: policy actions to BIRD (see bird_announcer.h).
#include "pulse/bird_announcer.h"

#include <algorithm>

namespace lvs::pulse {

Result<void> BirdAnnouncer::apply(const std::vector<AnnounceAction>& actions) {
    for (const auto& a : actions) {
        const auto it = std::find(announced_.begin(), announced_.end(), a.vip);
        if (a.kind == AnnounceAction::Kind::Announce && it == announced_.end()) {
            announced_.push_back(a.vip);
            dirty_ = true;
        } else if (a.kind == AnnounceAction::Kind::Withdraw && it != announced_.end()) {
            announced_.erase(it);
            dirty_ = true;
        }
    }
    if (!dirty_) return {};
    return retry();
}

Result<void> BirdAnnouncer::retry() {
    dirty_ = true;
    auto r = bird_.apply(bird_fragment(params_, announced_));
    if (r.ok()) dirty_ = false;
    return r;
}

}  // namespace lvs::pulse
