// SPDX-License-Identifier: GPL-2.0-or-later
// What pulse tells its service manager (systemd's sd_notify protocol, with
// Type=notify): READY=1 once, when the heartbeat runs (ecmp: at once) and
// lvsd has programmed its table (FOS mode and --norun: when the heartbeat
// runs);
// STATUS= with the role whenever it changes; STOPPING=1 once a stop begins.
// Pure: the shell gives the facts after every event and sends what
// ServiceNotice returns (nothing when nothing changed).
#pragma once

#include <string>

#include "common/hb/heartbeat.h"

namespace lvs::pulse {

struct NoticeFacts {
    bool primary = true;           // this router's role in lvs.cf
    bool has_partner = true;       // backup_active
    bool heartbeat_running = false;  // the first heartbeat went out (or there is no partner)
    bool needs_lvsd = true;        // LVS mode with lvsd run by pulse
    hb::Warmth warmth = hb::Warmth::Starting;  // as the last tick found it
    bool active = false;
    bool releasing = false;
    bool partner_alive = false;
    hb::State partner_state = hb::State::Stopped;
    bool exiting = false;
    // redundancy = ecmp: no partner; STATUS= counts the addresses announced
    // and says what holds them all back ("" when nothing router-wide does).
    bool ecmp = false;
    int announced = 0;
    int vips = 0;
    std::string held{};
};

// "active", "standby, partner active", ... (the STATUS= text).
std::string status_text(const NoticeFacts& f);

class ServiceNotice {
public:
    // The sd_notify message for these facts, or "" when nothing is news.
    std::string update(const NoticeFacts& f);
    bool ready_sent() const { return ready_; }

private:
    bool ready_ = false;
    bool stopping_ = false;
    std::string status_;
};

}  // namespace lvs::pulse
