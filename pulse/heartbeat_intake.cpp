// SPDX-License-Identifier: GPL-2.0-or-later
// HeartbeatIntake: source, authentication, mode, role and freshness checks.
#include "pulse/heartbeat_intake.h"

#include <algorithm>

namespace lvs::pulse {

namespace {

hb::Reject reject_of(hb::PeerFreshness::Verdict v) {
    return v == hb::PeerFreshness::Verdict::StaleEcho ? hb::Reject::StaleEcho : hb::Reject::Replayed;
}

}  // namespace

HeartbeatIntake::Result HeartbeatIntake::accept(std::span<const std::uint8_t> bytes, const IpAddress& from,
                                                std::uint64_t own_seq) {
    Result r;
    if (std::find(partner_.begin(), partner_.end(), from) == partner_.end()) {
        ++n_.unexpected_source;
        r.outcome = Outcome::UnexpectedSource;
        return r;
    }
    auto d = hb::decode(bytes, key_);
    if (d.ok && d.hb.mode != mode_) {
        d.ok = false;
        d.reject = hb::Reject::WrongMode;
    }
    if (d.ok && d.hb.role == role_) {
        d.ok = false;
        d.reject = hb::Reject::BadField;
    }
    if (d.ok) {
        const auto j = fresh_.judge(d.hb, own_seq);
        r.answer = j.answer;
        r.fresh = j.verdict;
        if (j.verdict == Verdict::Duplicate) {
            ++n_.duplicates;
            r.outcome = Outcome::Duplicate;
            return r;
        }
        if (!j.accepted()) {
            d.ok = false;
            d.reject = reject_of(j.verdict);
        }
    }
    if (!d.ok) {
        const auto i = static_cast<std::size_t>(d.reject);
        if (i < n_.rejected.size()) ++n_.rejected[i];
        r.reject = d.reject;
        return r;
    }
    ++n_.received;
    r.outcome = Outcome::Accepted;
    r.hb = d.hb;
    return r;
}

}  // namespace lvs::pulse
