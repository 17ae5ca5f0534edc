// SPDX-License-Identifier: GPL-2.0-or-later
// The one restart policy: exit codes, backoff, cap, stable-run reset.
#include "common/proc/restart_policy.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>

#include "common/base/exit_codes.h"

namespace lvs::proc {
namespace {

constexpr int exited(int code) { return code << 8; }  // a wait status
constexpr int killed(int sig) { return sig; }
const Clock::time_point t0 = Clock::time_point{} + std::chrono::hours(1);

TEST(RestartPolicy, ClassifiesWaitStatuses) {
    EXPECT_EQ(classify(exited(0)).kind, ExitKind::Clean);
    EXPECT_EQ(classify(exited(1)).kind, ExitKind::Failure);
    EXPECT_EQ(classify(exited(2)).kind, ExitKind::Config);
    EXPECT_EQ(classify(exited(3)).kind, ExitKind::Permission);
    EXPECT_EQ(classify(exited(4)).kind, ExitKind::Usage);
    EXPECT_EQ(classify(exited(70)).kind, ExitKind::Failure);
    const auto s = classify(killed(SIGSEGV));
    EXPECT_EQ(s.kind, ExitKind::Signal);
    EXPECT_EQ(s.code, 128 + SIGSEGV);
    EXPECT_EQ(s.signal, SIGSEGV);
}

TEST(RestartPolicy, DelayDoublesToTheCap) {
    RestartParams p;
    EXPECT_EQ(restart_delay(p, 1), Millis{100});
    EXPECT_EQ(restart_delay(p, 2), Millis{200});
    EXPECT_EQ(restart_delay(p, 9), Millis{25600});
    EXPECT_EQ(restart_delay(p, 10), Millis{30000});
    EXPECT_EQ(restart_delay(p, 1000), Millis{30000});  // no overflow
}

TEST(RestartPolicy, ConfigPermissionAndUsageAreNeverRetried) {
    for (int code : {kExitConfig, kExitPermission, kExitUsage}) {
        RestartHistory h;
        note_start(h, t0);
        RestartParams p;
        EXPECT_EQ(decide(p, h, exited(code), t0 + Millis{5}).kind, Decision::Kind::GiveUp) << code;
        p.escalate = true;
        EXPECT_EQ(decide(p, h, exited(code), t0 + Millis{5}).kind, Decision::Kind::Escalate) << code;
        EXPECT_EQ(h.restarts, 0u);
    }
}

// Runs a child `runs` times, each run lasting `run` before it crashes;
// every decision but the last must be a restart with the policy's delay.
Decision crash_loop(const RestartParams& p, RestartHistory& h, int runs, Clock::duration run) {
    auto now = t0;
    Decision d;
    for (int i = 1; i <= runs; ++i) {
        note_start(h, now);
        now += run;
        d = decide(p, h, killed(SIGKILL), now);
        if (i < runs) {
            EXPECT_EQ(d.kind, Decision::Kind::Restart) << i;
        }
        if (d.kind == Decision::Kind::Restart) {
            EXPECT_EQ(d.after, restart_delay(p, h.streak));
        }
        now += d.after;
    }
    return d;
}

TEST(RestartPolicy, GivesUpAfterMaxStreakInARow) {
    RestartParams p;
    p.max_streak = 5;
    RestartHistory h;
    const auto d = crash_loop(p, h, 6, Millis{10});
    EXPECT_EQ(d.kind, Decision::Kind::GiveUp);
    EXPECT_TRUE(d.too_many);
    EXPECT_EQ(h.restarts, 5u);
}

TEST(RestartPolicy, AStableRunClearsTheStreak) {
    // A child that crashes once a day is restarted for ever, and its
    // backoff starts over each time.
    RestartParams p;
    p.max_streak = 2;
    RestartHistory h;
    const auto d = crash_loop(p, h, 10, std::chrono::hours(24));
    EXPECT_EQ(d.kind, Decision::Kind::Restart);
    EXPECT_EQ(d.after, Millis{100});
    EXPECT_EQ(h.restarts, 10u);
}

TEST(RestartPolicy, CleanExitIsDoneWhenTheOwnerSaysSo) {
    RestartParams p;
    RestartHistory h;
    note_start(h, t0);
    EXPECT_EQ(decide(p, h, exited(0), t0 + Millis{1}).kind, Decision::Kind::Restart);
    p.restart_clean_exit = false;
    EXPECT_EQ(decide(p, h, exited(0), t0 + Millis{1}).kind, Decision::Kind::Done);
}

}  // namespace
}  // namespace lvs::proc
