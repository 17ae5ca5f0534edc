// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp: policy actions to BIRD (see bird_announcer.h).
#include "pulse/bird_announcer.h"

#include <algorithm>

namespace lvs::pulse {

void BirdAnnouncer::apply(const std::vector<AnnounceAction>& actions) {
    bool changed = false;
    for (const auto& a : actions) {
        const auto it = std::find(wanted_.begin(), wanted_.end(), a.vip);
        if (a.kind == AnnounceAction::Kind::Announce && it == wanted_.end()) {
            wanted_.push_back(a.vip);
            changed = true;
        } else if (a.kind == AnnounceAction::Kind::Withdraw && it != wanted_.end()) {
            wanted_.erase(it);
            changed = true;
        }
    }
    dirty_ = dirty_ || changed;
    // After a failure, only a change goes out before the retry.
    if (dirty_ && (changed || !failed_)) send();
}

void BirdAnnouncer::retry() {
    if (failed_) send();
}

void BirdAnnouncer::set_params(BirdParams params) {
    params_ = std::move(params);
    dirty_ = true;
    send();
}

void BirdAnnouncer::send() {
    if (busy_) return;  // on_applied sends what changed meanwhile
    dirty_ = false;
    busy_ = true;
    ++applies_;
    const std::vector<IpAddress> sent = wanted_;
    bird_.apply(bird_fragment(params_, sent), [this, sent](Result<void> r) { on_applied(sent, r); });
}

void BirdAnnouncer::on_applied(const std::vector<IpAddress>& sent, const Result<void>& r) {
    busy_ = false;
    failed_ = !r.ok();
    if (r.ok()) {
        confirmed_ = sent;
        last_error_.clear();
    } else {
        ++failures_;
        dirty_ = true;
        last_error_ = r.error().message();
    }
    if (settled_) settled_(r);
    if (r.ok() && dirty_) send();
}

}  // namespace lvs::pulse
