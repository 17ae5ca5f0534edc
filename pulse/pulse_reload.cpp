// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's SIGHUP: every lvs.cf change is applied without a restart, or the
// file is refused whole and the running configuration stays (pulse(8),
// RELOAD). The heartbeats carry the new file's digest at once.
#include "common/base/file.h"
#include "common/config/parser.h"
#include "common/log/logger.h"
#include "pulse/pulse_app.h"

namespace lvs::pulse {

// What decides which daemons run and what this router is cannot change
// under a running pulse: the service mode (lvsd or fos), whether there is a
// backup (a heartbeat or none), the redundancy (a pair or ecmp), and which
// router this is.
const char* PulseApp::refused_live_change(const config::LvsConfig& next) const {
    if (next.service != cfg_.service) return "service";
    if (next.backup_active != cfg_.backup_active) return "backup_active";
    if (next.redundancy != cfg_.redundancy) return "redundancy";
    if (!(next.primary == cfg_.primary) && is_local_address(next.primary) != (role_ == hb::Role::Primary))
        return "primary";
    return nullptr;
}

void PulseApp::reload() {
    const auto refuse = [this](const char* why) {
        LVS_LOG_ERROR("configuration %s not reloaded: %s; the running configuration stays in force",
                      opts_.config.c_str(), why);
    };
    const auto text = read_file(opts_.config);
    if (!text.ok()) return refuse(text.error().message().c_str());
    auto loaded = config::load_config_text(*text, opts_.config, config::system_parse_options());
    if (!loaded.ok()) {
        for (const auto& d : loaded.diagnostics) LVS_LOG_ERROR("%s", d.format().c_str());
        return refuse("the file has errors");
    }
    config::LvsConfig& next = loaded.config;
    if (const char* key = refused_live_change(next)) {
        const std::string why = std::string(key) + " changed, which takes a restart of pulse";
        return refuse(why.c_str());
    }
    // The new peer link first: if it cannot be opened nothing has changed.
    if (next.backup_active && !(peer_paths(next, role_) == peer_paths(cfg_, role_))) {
        auto link = make_peer_link(next);
        if (!link.ok()) return refuse(link.error().message().c_str());
        link_ = std::move(*link);
        LVS_LOG_NOTICE("heartbeats now on port %u", static_cast<unsigned>(next.heartbeat_port));
    }
    const auto digest = hb::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text->data()), text->size()));
    if (!opts_.norun && takeover_.reload(cfg_, next, fsm_.active()))
        arm_announcements(takeover_.restart_announcements(next, true));
    cfg_ = std::move(next);
    digest_ = digest;
    intake_.reconfigure(partner_addresses(cfg_, role_), hb::PeerFreshness::echo_window(cfg_.keepalive, cfg_.deadtime));
    if (partner_digest_) note_partner_digest(*partner_digest_);
    watch_links();
    supervision_->reload();
    LVS_LOG_NOTICE("configuration reloaded (lvs.cf sha256 %s)", hb::to_hex(digest_).c_str());
    if (!exiting_) execute(fsm_.reconfigure(fsm_config(cfg_, role_, opts_.force_active), Clock::now()));
}

// Both routers warn within a heartbeat of a change (a reload sends one at
// once), and say so when the files match again.
void PulseApp::note_partner_digest(const hb::Digest& theirs) {
    partner_digest_ = theirs;
    const bool differs = theirs != digest_;
    if (differs == digest_mismatch_) return;
    digest_mismatch_ = differs;
    if (differs)
        LVS_LOG_WARN("WARNING: lvs.cf differs from the partner's: ours sha256 %s, the partner's %s (%s): run lvsctl sync "
                     "(or lvsweb's Synchronize) to copy it to the partner",
                     hb::to_hex(digest_).c_str(), hb::to_hex(theirs).c_str(), opts_.config.c_str());
    else
        LVS_LOG_NOTICE("lvs.cf matches the partner's again (sha256 %s)", hb::to_hex(digest_).c_str());
}

}  // namespace lvs::pulse
