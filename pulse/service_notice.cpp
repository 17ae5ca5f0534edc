// SPDX-License-Identifier: GPL-2.0-or-later
#include "pulse/service_notice.h"

namespace lvs::pulse {
namespace {

bool ready(const NoticeFacts& f) {
    if (!f.heartbeat_running) return false;
    if (!f.needs_lvsd) return true;
    // lvsd is up once its table is programmed; later reasons (a real server
    // not checked yet, another lvs.cf on the partner) do not hold a start.
    return f.warmth != hb::Warmth::Starting && f.warmth != hb::Warmth::Failed;
}

const char* partner_text(const NoticeFacts& f) {
    if (!f.has_partner) return "no partner";
    if (!f.partner_alive) return "partner silent";
    switch (f.partner_state) {
        case hb::State::Running: return "partner active";
        case hb::State::Releasing: return "partner releasing";
        case hb::State::Leaving: return "partner leaving";
        case hb::State::StopMe:
        case hb::State::Stopped: break;
    }
    return "partner standing by";
}

}  // namespace

std::string status_text(const NoticeFacts& f) {
    if (f.ecmp) {
        if (f.exiting) return "ecmp router, stopping: routes withdrawn, draining";
        std::string s = "ecmp router, announcing " + std::to_string(f.announced) + " of " + std::to_string(f.vips) + " VIPs";
        return f.held.empty() ? s : s + "; held: " + f.held;
    }
    std::string s = f.primary ? "primary router, " : "backup router, ";
    if (f.exiting) s += "stopping";
    else if (f.releasing) s += "active, releasing to the partner";
    else if (f.active) s += "active";
    else s += "standby";
    s += "; ";
    s += partner_text(f);
    if (f.warmth == hb::Warmth::Yielded) {
        s += "; yielded by a planned switchover";
    } else if (f.needs_lvsd && f.warmth != hb::Warmth::Warm) {
        s += "; not ready: ";
        s += hb::to_string(f.warmth);
    }
    return s;
}

std::string ServiceNotice::update(const NoticeFacts& f) {
    std::string msg;
    if (!ready_ && !f.exiting && ready(f)) {
        ready_ = true;
        msg += "READY=1\n";
    }
    if (f.exiting && !stopping_) {
        stopping_ = true;
        msg += "STOPPING=1\n";
    }
    std::string status = status_text(f);
    if (status != status_) {
        status_ = status;
        msg += "STATUS=" + status + "\n";
    }
    if (!msg.empty()) msg.pop_back();
    return msg;
}

}  // namespace lvs::pulse
