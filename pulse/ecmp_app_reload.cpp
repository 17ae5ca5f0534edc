// SPDX-License-Identifier: GPL-2.0-or-later
// pulse with redundancy = ecmp: SIGHUP applies a new lvs.cf or refuses it
// whole (pulse(8), RELOAD), and monitor_links' interfaces (ecmp_app.h).
#include <algorithm>

#include "common/base/file.h"
#include "common/config/parser.h"
#include "common/log/logger.h"
#include "pulse/ecmp_app.h"

namespace lvs::pulse {

// What decides which daemons run cannot change under a running pulse.
const char* EcmpApp::refused_live_change(const config::LvsConfig& next) const {
    if (next.service != cfg_.service) return "service";
    if (next.backup_active != cfg_.backup_active) return "backup_active";
    if (next.redundancy != cfg_.redundancy) return "redundancy";
    return nullptr;
}

void EcmpApp::reload() {
    const auto refuse = [this](const std::string& why) {
        LVS_LOG_ERROR("configuration %s not reloaded: %s; the running configuration stays in force",
                      opts_.config.c_str(), why.c_str());
    };
    if (exiting_ || policy_.stopping()) return refuse("pulse is stopping");
    const auto text = read_file(opts_.config);
    if (!text.ok()) return refuse(text.error().message());
    auto loaded = config::load_config_text(*text, opts_.config, config::system_parse_options());
    if (!loaded.ok()) {
        for (const auto& d : loaded.diagnostics) LVS_LOG_ERROR("%s", d.format().c_str());
        return refuse("the file has errors");
    }
    config::LvsConfig& next = loaded.config;
    if (const char* key = refused_live_change(next)) return refuse(std::string(key) + " changed, which takes a restart of pulse");
    if (!opts_.norun) {
        (void)takeover_.reload(cfg_, next, true);  // never announced by ARP: BGP routes them
        const bool sync_changed = next.syncdaemon != cfg_.syncdaemon || next.syncd_iface != cfg_.syncd_iface ||
                                  next.syncd_id != cfg_.syncd_id;
        if (sync_changed && next.syncdaemon) handover_.set_both(next);
        else if (sync_changed) handover_.stop_both();
    }
    bird_->set_paths(bird_paths(next));
    const auto params = bird_params(next);
    cfg_ = std::move(next);
    digest_ = hb::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text->data()), text->size()));
    announcer_->set_params(params);  // new peers or BFD timers: BIRD reads the fragment again
    carry_out(policy_.reconfigure(announce_params(cfg_), AnnounceClock::now()));
    watch_links();
    supervision_->reload();
    LVS_LOG_NOTICE("configuration reloaded (lvs.cf sha256 %s)", hb::to_hex(digest_).c_str());
    evaluate(AnnounceClock::now());
}

void EcmpApp::open_links() {
    links_ = open_link_events(opts_, ports_, [this](const std::string& ifname, bool up) { on_link_event(ifname, up); },
                               [this](const IpAddress& a) { on_address_removed(a); });
    if (!links_) return;
    link_io_ = ev::Loop::instance().io([this](int) { links_->dispatch(); });
    if (links_->fd() >= 0) link_io_->start(links_->fd(), ev::Io::kRead);
    watch_links();
}

// The interfaces of the BGP peers' and real servers' subnets (ecmp_links),
// at start and after a reload; their state now decides at once.
void EcmpApp::watch_links() {
    if (!links_) return;
    auto want = ecmp_links(cfg_, ports_.interfaces ? ports_.interfaces() : std::vector<net::InterfaceAddress>{});
    if (want == watched_) return;
    const auto now = AnnounceClock::now();
    for (const auto& w : watched_) {
        if (std::find_if(want.begin(), want.end(), [&](const EcmpLink& l) { return l.ifname == w.ifname; }) != want.end())
            continue;
        // No longer watched: a failure of it fails nothing.
        links_down_.erase(std::remove(links_down_.begin(), links_down_.end(), w.ifname), links_down_.end());
        carry_out(policy_.on_link(w.ifname, true, now));
    }
    watched_ = std::move(want);
    for (const auto& w : watched_) {
        LVS_LOG_INFO("monitoring link %s (%s)", w.ifname.c_str(), w.what.c_str());
        on_link_event(w.ifname, links_->is_up(w.ifname));
    }
}

void EcmpApp::on_link_event(const std::string& ifname, bool up) {
    const auto w = std::find_if(watched_.begin(), watched_.end(), [&](const EcmpLink& l) { return l.ifname == ifname; });
    if (w == watched_.end()) return;
    const auto down = std::find(links_down_.begin(), links_down_.end(), ifname);
    if (up == (down == links_down_.end())) return;  // no change
    if (up) {
        links_down_.erase(down);
        LVS_LOG_NOTICE("link up: %s (%s)", ifname.c_str(), w->what.c_str());
    } else {
        links_down_.push_back(ifname);
        LVS_LOG_ERROR("link down: %s (%s): every route is withdrawn", ifname.c_str(), w->what.c_str());
    }
    if (exiting_) return;
    carry_out(policy_.on_link(ifname, up, AnnounceClock::now()));
    publish_status();
}

// Every router holds its addresses all the time: one removed by hand comes back.
void EcmpApp::on_address_removed(const IpAddress& addr) {
    if (!exiting_) (void)takeover_.repair(addr);
}

}  // namespace lvs::pulse
