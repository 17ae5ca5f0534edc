// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's pure cores: the expect matcher and the health state machine.
#include <gtest/gtest.h>

#include "nanny/expect_match.h"
#include "nanny/health_fsm.h"

namespace lvs::nanny {
namespace {

using shm::RsState;

TEST(ExpectRule, MatchesPrefixAnyAndRegexAcrossSegments) {
    struct Case {
        const char* name;
        const char* expect;
        bool regex;
        const char* got;
        bool eof;
        Match want;
    };
    const Case cases[] = {
        {.name = "prefix complete", .expect = "HTTP", .regex = false, .got = "HTTP/1.0 200", .eof = false, .want = Match::Yes},
        {.name = "prefix partial", .expect = "HTTP", .regex = false, .got = "HT", .eof = false, .want = Match::NeedMore},
        {.name = "prefix short at eof", .expect = "HTTP", .regex = false, .got = "HT", .eof = true, .want = Match::No},
        {.name = "prefix wrong", .expect = "220", .regex = false, .got = "554 no", .eof = false, .want = Match::No},
        {.name = "prefix wrong early", .expect = "220", .regex = false, .got = "5", .eof = false, .want = Match::No},
        {.name = "case-sensitive", .expect = "http", .regex = false, .got = "HTTP", .eof = false, .want = Match::No},
        {.name = "any byte", .expect = "*", .regex = false, .got = "x", .eof = false, .want = Match::Yes},
        {.name = "any needs a byte", .expect = "*", .regex = false, .got = "", .eof = true, .want = Match::No},
        {.name = "any waits", .expect = "*", .regex = false, .got = "", .eof = false, .want = Match::NeedMore},
        {.name = "regex anywhere", .expect = "HTTP/1\\.[01] 200", .regex = true, .got = "xx HTTP/1.1 200 OK", .eof = false, .want = Match::Yes},
        {.name = "regex waits", .expect = "200 OK$", .regex = true, .got = "HTTP/1.1 200", .eof = false, .want = Match::NeedMore},
        {.name = "regex fails at eof", .expect = "200 OK$", .regex = true, .got = "HTTP/1.1 404", .eof = true, .want = Match::No},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto rule = ExpectRule::make(c.expect, c.regex);
        ASSERT_TRUE(rule.ok());
        EXPECT_EQ(rule->match(c.got, c.eof), c.want);
    }
}

TEST(ExpectRule, BadRegexIsAnError) {
    auto r = ExpectRule::make("a(", true);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Config);
}

TEST(HealthFsm, FirstGoodCheckAddsAtOnce) {
    HealthFsm f({.rise = 3, .fall = 1});
    auto t = f.on_check(true);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->to, RsState::Up);
}

TEST(HealthFsm, FallAndRise) {
    HealthFsm f({.rise = 2, .fall = 2});
    (void)f.on_check(true);
    EXPECT_FALSE(f.on_check(false));  // 1 of 2
    auto down = f.on_check(false);
    ASSERT_TRUE(down);
    EXPECT_EQ(down->to, RsState::Down);
    EXPECT_FALSE(f.on_check(true));   // 1 of 2
    EXPECT_FALSE(f.on_check(false));  // run broken
    EXPECT_FALSE(f.on_check(true));
    auto up = f.on_check(true);
    ASSERT_TRUE(up);
    EXPECT_EQ(up->to, RsState::Up);
}

TEST(HealthFsm, AFlappingServerMakesOneTransitionWithFall) {
    HealthFsm f({.rise = 3, .fall = 3});
    (void)f.on_check(true);
    int transitions = 0;
    for (int i = 0; i < 10; ++i) transitions += f.on_check(i % 2 == 0).has_value();
    EXPECT_EQ(transitions, 0);
    EXPECT_EQ(f.state(), RsState::Up);
}

TEST(HealthFsm, StartsDownAfterFallFailures) {
    HealthFsm f({.rise = 5, .fall = 1});
    auto t = f.on_check(false);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->to, RsState::Down);
    for (int i = 0; i < 4; ++i) EXPECT_FALSE(f.on_check(true));
    EXPECT_TRUE(f.on_check(true));  // rise = 5 after a failure (Piranha's reentry)
}

TEST(HealthFsm, DrainForceUpAndResume) {
    HealthFsm f({.rise = 3, .fall = 1});
    (void)f.on_check(true);
    EXPECT_EQ(f.drain()->to, RsState::Drained);
    EXPECT_FALSE(f.on_check(true));  // frozen
    EXPECT_EQ(f.force_up()->to, RsState::ForcedUp);
    EXPECT_FALSE(f.on_check(false));  // frozen
    EXPECT_EQ(f.resume()->to, RsState::Unknown);
    EXPECT_EQ(f.on_check(true)->to, RsState::Up);  // resume re-adds at once
}

}  // namespace
}  // namespace lvs::nanny
