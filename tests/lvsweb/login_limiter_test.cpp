// SPDX-License-Identifier: GPL-2.0-or-later
#include "lvsweb/login_limiter.h"

#include <gtest/gtest.h>

namespace lvs::web {
namespace {

using std::chrono::seconds;
using V = LoginLimiter::Verdict;

TEST(LoginLimiter, FreeFailuresThenGrowingDelays) {
    LoginLimiter l;  // 3 free, 2 s, doubling, at most 300 s
    LoginLimiter::Clock::time_point t{};
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(l.check("192.0.2.1", t), V::Allowed);
        l.failed("192.0.2.1", t);
    }
    EXPECT_EQ(l.check("192.0.2.1", t), V::Allowed);  // the third was still free
    l.failed("192.0.2.1", t);                         // fourth: 2 s
    seconds wait{0};
    EXPECT_EQ(l.check("192.0.2.1", t, &wait), V::AddressBackoff);
    EXPECT_EQ(wait, seconds(2));
    EXPECT_EQ(l.check("192.0.2.2", t), V::Allowed);  // another address is not held back
    t += seconds(2);
    EXPECT_EQ(l.check("192.0.2.1", t), V::Allowed);
    l.failed("192.0.2.1", t);  // fifth: 4 s
    EXPECT_EQ(l.check("192.0.2.1", t + seconds(3), &wait), V::AddressBackoff);
    EXPECT_EQ(wait, seconds(1));
    for (int i = 0; i < 30; ++i) l.failed("192.0.2.1", t);
    EXPECT_EQ(l.check("192.0.2.1", t + seconds(299)), V::AddressBackoff);
    l.succeeded("192.0.2.1");
    EXPECT_EQ(l.failures("192.0.2.1"), 0);
}

TEST(LoginLimiter, GlobalLimitAcrossAddresses) {
    LoginLimiter::Limits lim;
    lim.global_failures_per_minute = 5;
    LoginLimiter l(lim);
    LoginLimiter::Clock::time_point t{};
    for (int i = 0; i < 5; ++i) l.failed("198.51.100." + std::to_string(i), t + seconds(i));
    seconds wait{0};
    EXPECT_EQ(l.check("203.0.113.9", t + seconds(10), &wait), V::GlobalLimit);
    EXPECT_EQ(wait, seconds(50));  // until the first failure is a minute old
    EXPECT_EQ(l.check("203.0.113.9", t + seconds(60)), V::Allowed);
    EXPECT_STREQ(to_string(V::GlobalLimit), "too many failures from all addresses");
}

TEST(LoginLimiter, TracksBoundedAddresses) {
    LoginLimiter::Limits lim;
    lim.max_addresses = 3;
    lim.global_failures_per_minute = 1000;
    LoginLimiter l(lim);
    LoginLimiter::Clock::time_point t{};
    for (int i = 0; i < 10; ++i) l.failed("a" + std::to_string(i), t + seconds(i));
    EXPECT_EQ(l.failures("a0"), 0);  // forgotten, the oldest
    EXPECT_EQ(l.failures("a9"), 1);
}

}  // namespace
}  // namespace lvs::web
