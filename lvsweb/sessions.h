// SPDX-License-Identifier: GPL-2.0-or-later
// Login sessions: a random token (the cookie) per session, a CSRF token per
// session (every POST must carry it), an idle expiry. Tokens are kept only
// as their SHA-256, so a lookup's timing tells nothing about a live token;
// CSRF tokens are compared in constant time. Pure: the clock and the random
// bytes are the caller's (tests pass fakes).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace lvs::web {

using Clock = std::chrono::steady_clock;
using Now = std::function<Clock::time_point()>;
// Fills `n` bytes; false when no good random bytes can be had.
using Random = std::function<bool(unsigned char* out, std::size_t n)>;

Random system_random();  // RAND_bytes(3)
Now system_now();        // the monotonic clock

struct Session {
    std::string csrf;     // 64 hex digits
    std::string peer;     // the address that logged in
    Clock::time_point last_used{};
    std::string notice;   // one message for the next page (the last action's outcome)
};

class SessionStore {
public:
    SessionStore(std::chrono::seconds idle, Now now, Random random, std::size_t max_sessions = 64);

    struct Created {
        std::string token;  // 64 hex digits, for the cookie
        Session* session;
    };
    // nullopt when the random bytes fail. Beyond max_sessions, the one
    // used least recently ends.
    std::optional<Created> create(const std::string& peer);
    // The live session of `token`, its idle clock restarted unless `touch`
    // is false (the page's own status polling is no sign of a person);
    // nullptr when unknown or expired (an expired one ends).
    Session* find(const std::string& token, bool touch = true);
    void end(const std::string& token);
    std::size_t size() const { return sessions_.size(); }
    std::chrono::seconds idle() const { return idle_; }

private:
    std::optional<std::string> random_hex(std::size_t bytes);

    std::chrono::seconds idle_;
    Now now_;
    Random random_;
    std::size_t max_;
    std::map<std::string, Session> sessions_;  // SHA-256 of the token -> session
};

// The CSRF check: equal lengths and equal bytes, in constant time for a
// given length. An empty `presented` never matches.
bool csrf_matches(const std::string& expected, const std::string& presented);

// SHA-256 as 64 hex digits.
std::string sha256_hex(const std::string& s);

}  // namespace lvs::web
