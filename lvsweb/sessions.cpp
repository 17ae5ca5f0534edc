// SPDX-License-Identifier: GPL-2.0-or-later
// The session store.
#include "lvsweb/sessions.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <vector>

namespace lvs::web {

namespace {
std::string hex(const unsigned char* p, std::size_t n) {
    static const char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        out += kDigits[p[i] >> 4];
        out += kDigits[p[i] & 15];
    }
    return out;
}
}  // namespace

Random system_random() {
    return [](unsigned char* out, std::size_t n) { return RAND_bytes(out, static_cast<int>(n)) == 1; };
}

Now system_now() {
    return [] { return Clock::now(); };
}

std::string sha256_hex(const std::string& s) {
    unsigned char d[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d);
    return hex(d, sizeof d);
}

bool csrf_matches(const std::string& expected, const std::string& presented) {
    if (presented.empty() || expected.size() != presented.size()) return false;
    return CRYPTO_memcmp(expected.data(), presented.data(), expected.size()) == 0;
}

SessionStore::SessionStore(std::chrono::seconds idle, Now now, Random random, std::size_t max_sessions)
    : idle_(idle), now_(std::move(now)), random_(std::move(random)), max_(max_sessions ? max_sessions : 1) {}

std::optional<std::string> SessionStore::random_hex(std::size_t bytes) {
    std::vector<unsigned char> b(bytes);
    if (!random_(b.data(), b.size())) return std::nullopt;
    return hex(b.data(), b.size());
}

std::optional<SessionStore::Created> SessionStore::create(const std::string& peer) {
    auto token = random_hex(32);
    auto csrf = random_hex(32);
    if (!token || !csrf) return std::nullopt;
    while (sessions_.size() >= max_) {
        auto lru = sessions_.begin();
        for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
            if (it->second.last_used < lru->second.last_used) lru = it;
        sessions_.erase(lru);
    }
    Session& s = sessions_[sha256_hex(*token)];
    s = Session{std::move(*csrf), peer, now_(), {}};
    return Created{std::move(*token), &s};
}

Session* SessionStore::find(const std::string& token, bool touch) {
    if (token.size() != 64) return nullptr;
    const auto it = sessions_.find(sha256_hex(token));
    if (it == sessions_.end()) return nullptr;
    const auto now = now_();
    if (now - it->second.last_used >= idle_) {
        sessions_.erase(it);
        return nullptr;
    }
    if (touch) it->second.last_used = now;
    return &it->second;
}

void SessionStore::end(const std::string& token) { sessions_.erase(sha256_hex(token)); }

}  // namespace lvs::web
