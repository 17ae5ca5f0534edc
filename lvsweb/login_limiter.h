// SPDX-License-Identifier: GPL-2.0-or-later
// Login attempts, rate-limited: per source address, failures beyond a few
// free ones wait an exponentially growing delay (capped); for all addresses
// together, too many failures in a minute stop every login for the rest of
// that minute, so that many addresses gain nothing. A success clears its
// address. Pure: the caller passes the time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>

namespace lvs::web {

class LoginLimiter {
public:
    using Clock = std::chrono::steady_clock;
    struct Limits {
        int free_failures = 3;                       // per address, before any delay
        std::chrono::seconds base_delay{2};          // after the first delayed failure
        std::chrono::seconds max_delay{300};
        int global_failures_per_minute = 20;
        std::size_t max_addresses = 4096;            // addresses tracked (oldest dropped)
    };
    enum class Verdict : std::uint8_t { Allowed, AddressBackoff, GlobalLimit };

    LoginLimiter() = default;
    explicit LoginLimiter(Limits l) : limits_(l) {}

    // May `peer` try now? `retry_after` gets the wait when not.
    Verdict check(const std::string& peer, Clock::time_point now, std::chrono::seconds* retry_after = nullptr);
    void failed(const std::string& peer, Clock::time_point now);
    void succeeded(const std::string& peer);
    int failures(const std::string& peer) const;

private:
    struct Entry {
        int failures = 0;
        Clock::time_point last{};
        Clock::time_point next_allowed{};
    };
    void forget_oldest();

    Limits limits_;
    std::map<std::string, Entry> peers_;
    std::deque<Clock::time_point> recent_;  // failures in the last minute, oldest first
};

const char* to_string(LoginLimiter::Verdict v);

}  // namespace lvs::web
