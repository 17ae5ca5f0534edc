// SPDX-License-Identifier: GPL-2.0-or-later
// The login rate limiter.
#include "lvsweb/login_limiter.h"

#include <algorithm>

namespace lvs::web {

namespace {
constexpr std::chrono::seconds kWindow{60};

std::chrono::seconds ceil_seconds(LoginLimiter::Clock::duration d) {
    return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(d));
}
}  // namespace

const char* to_string(LoginLimiter::Verdict v) {
    switch (v) {
        case LoginLimiter::Verdict::Allowed: return "allowed";
        case LoginLimiter::Verdict::AddressBackoff: return "too many failures from this address";
        case LoginLimiter::Verdict::GlobalLimit: return "too many failures from all addresses";
    }
    return "?";
}

LoginLimiter::Verdict LoginLimiter::check(const std::string& peer, Clock::time_point now, std::chrono::seconds* retry_after) {
    while (!recent_.empty() && now - recent_.front() >= kWindow) recent_.pop_front();
    if (static_cast<int>(recent_.size()) >= limits_.global_failures_per_minute) {
        if (retry_after) *retry_after = ceil_seconds(recent_.front() + kWindow - now);
        return Verdict::GlobalLimit;
    }
    const auto it = peers_.find(peer);
    if (it != peers_.end() && now < it->second.next_allowed) {
        if (retry_after) *retry_after = ceil_seconds(it->second.next_allowed - now);
        return Verdict::AddressBackoff;
    }
    return Verdict::Allowed;
}

void LoginLimiter::failed(const std::string& peer, Clock::time_point now) {
    recent_.push_back(now);
    while (static_cast<int>(recent_.size()) > limits_.global_failures_per_minute) recent_.pop_front();
    if (peers_.find(peer) == peers_.end() && peers_.size() >= limits_.max_addresses) forget_oldest();
    Entry& e = peers_[peer];
    ++e.failures;
    e.last = now;
    const int over = e.failures - limits_.free_failures;
    if (over <= 0) return;
    // base * 2^(over-1), capped; the shift is bounded before it can overflow.
    const auto delay = over > 20 ? limits_.max_delay : std::min(limits_.max_delay, limits_.base_delay * (1L << (over - 1)));
    e.next_allowed = now + delay;
}

void LoginLimiter::succeeded(const std::string& peer) { peers_.erase(peer); }

int LoginLimiter::failures(const std::string& peer) const {
    const auto it = peers_.find(peer);
    return it == peers_.end() ? 0 : it->second.failures;
}

void LoginLimiter::forget_oldest() {
    auto oldest = peers_.begin();
    for (auto it = peers_.begin(); it != peers_.end(); ++it)
        if (it->second.last < oldest->second.last) oldest = it;
    if (oldest != peers_.end()) peers_.erase(oldest);
}

}  // namespace lvs::web
