// SPDX-License-Identifier: GPL-2.0-or-later
#include "lvsweb/sessions.h"

#include <gtest/gtest.h>

namespace lvs::web {
namespace {

struct Fakes {
    Clock::time_point t{};
    unsigned char next = 0;
    bool random_ok = true;
    Now now() {
        return [this] { return t; };
    }
    Random random() {
        return [this](unsigned char* out, std::size_t n) {
            for (std::size_t i = 0; i < n; ++i) out[i] = next++;
            return random_ok;
        };
    }
};

TEST(Sessions, CreateFindExpire) {
    Fakes f;
    SessionStore store(std::chrono::seconds(900), f.now(), f.random());
    auto c = store.create("192.0.2.1");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->token.size(), 64u);
    EXPECT_EQ(c->session->csrf.size(), 64u);
    EXPECT_NE(c->token, c->session->csrf);
    EXPECT_EQ(c->session->peer, "192.0.2.1");
    f.t += std::chrono::seconds(899);
    Session* s = store.find(c->token);
    ASSERT_NE(s, nullptr);  // and its idle clock restarts
    f.t += std::chrono::seconds(899);
    EXPECT_NE(store.find(c->token), nullptr);
    f.t += std::chrono::seconds(900);
    EXPECT_EQ(store.find(c->token), nullptr);  // idle too long: gone
    EXPECT_EQ(store.size(), 0u);
}

TEST(Sessions, PollingIsNoActivity) {
    Fakes f;
    SessionStore store(std::chrono::seconds(60), f.now(), f.random());
    auto c = store.create("192.0.2.1");
    ASSERT_TRUE(c);
    for (int i = 0; i < 29; ++i) {
        f.t += std::chrono::seconds(2);
        ASSERT_NE(store.find(c->token, false), nullptr);
    }
    f.t += std::chrono::seconds(2);
    EXPECT_EQ(store.find(c->token, false), nullptr);  // a minute without a person
}

TEST(Sessions, UnknownTokensAndLogout) {
    Fakes f;
    SessionStore store(std::chrono::seconds(60), f.now(), f.random());
    auto c = store.create("192.0.2.1");
    ASSERT_TRUE(c);
    EXPECT_EQ(store.find(""), nullptr);
    EXPECT_EQ(store.find("short"), nullptr);
    std::string other = c->token;
    other[0] = other[0] == 'a' ? 'b' : 'a';
    EXPECT_EQ(store.find(other), nullptr);
    store.end(c->token);
    EXPECT_EQ(store.find(c->token), nullptr);
}

TEST(Sessions, BoundedAndNeedsRandomBytes) {
    Fakes f;
    SessionStore store(std::chrono::seconds(60), f.now(), f.random(), 2);
    auto a = store.create("a");
    f.t += std::chrono::seconds(1);
    auto b = store.create("b");
    f.t += std::chrono::seconds(1);
    ASSERT_NE(store.find(a->token), nullptr);  // a is now the more recent
    auto c = store.create("c");
    EXPECT_EQ(store.size(), 2u);
    EXPECT_EQ(store.find(b->token), nullptr);  // the least recently used ended
    EXPECT_NE(store.find(a->token), nullptr);
    EXPECT_NE(store.find(c->token), nullptr);
    f.random_ok = false;
    EXPECT_FALSE(store.create("d"));
}

TEST(Sessions, CsrfComparison) {
    const std::string t(64, 'a');
    EXPECT_TRUE(csrf_matches(t, t));
    EXPECT_FALSE(csrf_matches(t, ""));
    EXPECT_FALSE(csrf_matches(t, std::string(63, 'a')));
    EXPECT_FALSE(csrf_matches(t, std::string(63, 'a') + "b"));
    EXPECT_FALSE(csrf_matches("", ""));
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace lvs::web
