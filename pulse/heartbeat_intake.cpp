// SPDX-License-Identifier: GPL-2.0-or-later
// HeartbeatIntake: source, authentication, mode, role and replay checks.
#include "pulse/heartbeat_intake.h"

#include <algorithm>

namespace lvs::pulse {

HeartbeatIntake::Result HeartbeatIntake::accept(std::span<const std::uint8_t> bytes, const IpAddress& from) {
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
    if (!d.ok) {
        const auto i = static_cast<std::size_t>(d.reject);
        if (i < n_.rejected.size()) ++n_.rejected[i];
        r.reject = d.reject;
        return r;
    }
    if (!window_.accept(d.hb.seq)) {
        ++n_.duplicates;
        r.outcome = Outcome::Duplicate;
        return r;
    }
    ++n_.received;
    r.outcome = Outcome::Accepted;
    r.hb = d.hb;
    r.digest_differs = d.hb.config_digest != digest_;
    return r;
}

}  // namespace lvs::pulse
