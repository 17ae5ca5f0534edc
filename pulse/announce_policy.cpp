// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp: the announce policy (see announce_policy.h).
#include "pulse/announce_policy.h"

#include <algorithm>

namespace lvs::pulse {

AnnounceParams announce_params(const config::LvsConfig& cfg) {
    AnnounceParams p;
    p.warmup = cfg.announce_warmup;
    p.drain = cfg.withdraw_drain;
    for (const auto& vs : cfg.virtuals) {
        if (!vs.active || vs.address.is_unspecified()) continue;
        p.services.push_back({vs.name, vs.address, vs.announce_min_servers.value_or(cfg.announce_min_servers)});
    }
    return p;
}

AnnouncePolicy::AnnouncePolicy(AnnounceParams params)
    : params_(std::move(params)), state_(params_.services.size()) {}

std::vector<IpAddress> AnnouncePolicy::vips() const {
    std::vector<IpAddress> out;
    for (const auto& s : params_.services)
        if (std::find(out.begin(), out.end(), s.vip) == out.end()) out.push_back(s.vip);
    return out;
}

AnnounceReason AnnouncePolicy::router_reason() const {
    if (stopping_) return AnnounceReason::Stopping;
    if (!lvsd_alive_) return AnnounceReason::LvsdDown;
    if (!programmed_) return AnnounceReason::TableNotProgrammed;
    if (!links_down_.empty()) return AnnounceReason::LinkDown;
    if (!warm_) return AnnounceReason::WarmingUp;
    return AnnounceReason::Announced;
}

AnnounceReason AnnouncePolicy::reason(const IpAddress& vip) const {
    if (const auto r = router_reason(); r != AnnounceReason::Announced) return r;
    bool known = false;
    for (std::size_t i = 0; i < params_.services.size(); ++i) {
        if (params_.services[i].vip != vip) continue;
        known = true;
        if (state_[i].up < params_.services[i].min_servers) return AnnounceReason::TooFewServers;
        if (state_[i].fell_short) return AnnounceReason::WarmingUp;
    }
    return known ? AnnounceReason::Announced : AnnounceReason::NotConfigured;
}

// Readiness is router-wide; warmth needs it without a break for the
// warm-up (or a warm-up-done event since it began). Losing it loses warmth:
// a returning router warms up again.
void AnnouncePolicy::update_readiness(TimePoint now) {
    const bool ready = !stopping_ && lvsd_alive_ && programmed_ && links_down_.empty();
    if (ready && !ready_) ready_since_ = now;
    if (!ready) {
        warm_ = false;
        warmup_done_ = false;
    }
    ready_ = ready;
    if (ready_ && !warm_ && (warmup_done_ || now - ready_since_ >= params_.warmup)) warm_ = true;
}

// A service whose servers fall short while the router is warm needs
// enough of them for the warm-up again; while the router is not warm, its
// own warm-up covers their return. A service that never had enough (a new
// one, or at start) is not held back beyond that.
void AnnouncePolicy::update_services(TimePoint now) {
    for (std::size_t i = 0; i < params_.services.size(); ++i) {
        ServiceState& st = state_[i];
        const bool enough = st.up >= params_.services[i].min_servers;
        if (!warm_ || !enough) {
            st.fell_short = warm_ && (st.fell_short || st.had_enough);
            st.enough_since.reset();
        } else if (st.fell_short) {
            if (!st.enough_since) st.enough_since = now;
            if (now - *st.enough_since >= params_.warmup) {
                st.fell_short = false;
                st.enough_since.reset();
            }
        }
        st.had_enough = enough;
    }
}

AnnouncePolicy::Actions AnnouncePolicy::evaluate(TimePoint now) {
    update_readiness(now);
    update_services(now);
    Actions out;
    for (const auto& vip : vips()) {
        const AnnounceReason r = reason(vip);
        const bool on = announced_.count(vip) != 0;
        if (r == AnnounceReason::Announced && !on) {
            announced_.insert(vip);
            out.push_back({AnnounceAction::Kind::Announce, vip, r, {}});
        } else if (r != AnnounceReason::Announced && on) {
            announced_.erase(vip);
            out.push_back({AnnounceAction::Kind::Withdraw, vip, r, {}});
        }
    }
    // Addresses no service has any more (after a reconfiguration).
    const auto current = vips();
    for (auto it = announced_.begin(); it != announced_.end();) {
        if (std::find(current.begin(), current.end(), *it) != current.end()) {
            ++it;
            continue;
        }
        out.push_back({AnnounceAction::Kind::Withdraw, *it, AnnounceReason::NotConfigured, {}});
        it = announced_.erase(it);
    }
    return out;
}

AnnouncePolicy::Actions AnnouncePolicy::on_table_programmed(bool yes, TimePoint now) {
    programmed_ = yes;
    return evaluate(now);
}

AnnouncePolicy::Actions AnnouncePolicy::on_servers_up(std::string_view service, int up, TimePoint now) {
    for (std::size_t i = 0; i < params_.services.size(); ++i)
        if (params_.services[i].name == service) state_[i].up = std::max(up, 0);
    return evaluate(now);
}

AnnouncePolicy::Actions AnnouncePolicy::on_link(std::string_view link, bool up, TimePoint now) {
    if (up) {
        if (auto it = links_down_.find(link); it != links_down_.end()) links_down_.erase(it);
    } else {
        links_down_.emplace(link);
    }
    return evaluate(now);
}

AnnouncePolicy::Actions AnnouncePolicy::on_lvsd(bool alive, TimePoint now) {
    lvsd_alive_ = alive;
    if (!alive) programmed_ = false;  // a new lvsd says so again once it has
    return evaluate(now);
}

AnnouncePolicy::Actions AnnouncePolicy::on_warmup_done(TimePoint now) {
    if (ready_) warmup_done_ = true;
    return evaluate(now);
}

AnnouncePolicy::Actions AnnouncePolicy::on_stop(TimePoint now) {
    const bool again = stopping_;
    const bool had_routes = !announced_.empty();
    stopping_ = true;
    Actions out = evaluate(now);
    const bool drain = !again && had_routes;
    out.push_back({AnnounceAction::Kind::StopAfter, {}, AnnounceReason::Stopping, drain ? now + params_.drain : now});
    return out;
}

AnnouncePolicy::Actions AnnouncePolicy::on_tick(TimePoint now) { return evaluate(now); }

AnnouncePolicy::Actions AnnouncePolicy::reconfigure(AnnounceParams params, TimePoint now) {
    std::vector<ServiceState> state(params.services.size());
    for (std::size_t i = 0; i < state.size(); ++i)
        for (std::size_t j = 0; j < params_.services.size(); ++j)
            if (params_.services[j].name == params.services[i].name) state[i] = state_[j];
    params_ = std::move(params);
    state_ = std::move(state);
    return evaluate(now);
}

std::optional<AnnouncePolicy::TimePoint> AnnouncePolicy::next_wakeup() const {
    if (ready_ && !warm_) return ready_since_ + params_.warmup;
    std::optional<TimePoint> next;
    for (const auto& st : state_)
        if (st.enough_since && (!next || *st.enough_since + params_.warmup < *next))
            next = *st.enough_since + params_.warmup;
    return next;
}

}  // namespace lvs::pulse
