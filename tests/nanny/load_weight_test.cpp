// SPDX-License-Identifier: GPL-2.0-or-later
// load_monitor (command line, parser, weight rule) and WeightPlan (slow
// start ramp): pure, with time as an input.
#include <gtest/gtest.h>

#include "nanny/load_monitor.h"
#include "nanny/weight_plan.h"

namespace lvs::nanny {
namespace {

using Argv = std::vector<std::string>;
using shm::RsState;
using std::chrono::milliseconds;

TEST(LoadCommand, BuildsTheArgvFromTheLoadMonitorValue) {
    struct Case {
        const char* name;
        const char* cmd;
        std::optional<Argv> want;
    };
    const Case cases[] = {
        {.name = "none", .cmd = "none", .want = std::nullopt},
        {.name = "empty", .cmd = "", .want = std::nullopt},
        {.name = "rsh", .cmd = "rsh", .want = Argv{"rsh", "10.0.1.21", "uptime"}},
        {.name = "ssh path (Piranha forgot uptime)", .cmd = "/usr/bin/ssh", .want = Argv{"/usr/bin/ssh", "10.0.1.21", "uptime"}},
        {.name = "ssh with options", .cmd = "ssh -o BatchMode=yes", .want = Argv{"ssh", "-o", "BatchMode=yes", "10.0.1.21", "uptime"}},
        {.name = "rup", .cmd = "rup", .want = Argv{"rup", "10.0.1.21"}},
        {.name = "ruptime", .cmd = "ruptime", .want = Argv{"ruptime", "10.0.1.21"}},
        {.name = "template", .cmd = "/bin/load --host %h", .want = Argv{"/bin/load", "--host", "10.0.1.21"}},
        {.name = "not a remote shell", .cmd = "/usr/bin/sshpass", .want = Argv{"/usr/bin/sshpass", "10.0.1.21"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(load_command_argv(c.cmd, "10.0.1.21"), c.want);
    }
}

TEST(LoadAverage, ParsesUptimeRupAndRuptime) {
    struct Case {
        const char* name;
        const char* out;
        std::optional<double> want;
    };
    const Case cases[] = {
        {.name = "procps uptime", .out = " 10:01:02 up 3 days,  2:03,  1 user,  load average: 0.15, 0.10, 0.05\n", .want = 0.15},
        {.name = "uptime, no users", .out = " 10:01:02 up 2 min,  0 users,  load average: 2.50, 0.10, 0.05", .want = 2.5},
        {.name = "bsd uptime", .out = "10:01  up 3 days, 2:03, 2 users, load averages: 1.23 1.10 1.05", .want = 1.23},
        {.name = "rup", .out = "web1.example.com    up  2 days, 18:54,  load average: 0.00, 0.01, 0.05\n", .want = 0.0},
        {.name = "ruptime", .out = "web1          up  2+18:54,     3 users,  load 0.42, 0.30, 0.21\n", .want = 0.42},
        {.name = "host named load*", .out = "loadbal1      up  2+18:54,     3 users,  load 0.42, 0.30, 0.21", .want = 0.42},
        {.name = "integer load", .out = "load average: 3, 2, 1", .want = 3.0},
        {.name = "no space after colon", .out = "load average:0.50, 0.1", .want = 0.5},
        {.name = "number at the end", .out = "load average: 0.75", .want = 0.75},
        {.name = "empty", .out = "", .want = std::nullopt},
        {.name = "error text", .out = "ssh: connect to host 10.0.1.21 port 22: Connection refused", .want = std::nullopt},
        {.name = "no number", .out = "load average: n/a", .want = std::nullopt},
        {.name = "two dots", .out = "load average: 1.2.3, 1", .want = std::nullopt},
        {.name = "glued text", .out = "load average: 0.5x, 1", .want = std::nullopt},
        {.name = "huge", .out = "load average: 99999999, 1", .want = std::nullopt},
        {.name = "bare word", .out = "load", .want = std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(parse_load_average(c.out), c.want);
    }
}

TEST(LoadWeight, RaisesLightServersWithinBoundsAndKeepsSmallSteps) {
    struct Case {
        const char* name;
        int last, w, scale;
        double load;
        int want;
    };
    const Case cases[] = {
        {.name = "idle raises by w/2", .last = 10, .w = 10, .scale = 10, .load = 0.0, .want = 15},
        {.name = "capped at scale*w", .last = 98, .w = 10, .scale = 10, .load = 0.0, .want = 100},
        {.name = "load 1 keeps", .last = 40, .w = 10, .scale = 10, .load = 1.0, .want = 40},
        {.name = "busy lowers", .last = 40, .w = 10, .scale = 10, .load = 9.0, .want = 30},
        {.name = "never below w", .last = 12, .w = 10, .scale = 10, .load = 28.0, .want = 10},
        {.name = "step under w/4 ignored", .last = 10, .w = 10, .scale = 10, .load = 0.999, .want = 10},
        {.name = "weight 1 moves by less than 1", .last = 1, .w = 1, .scale = 10, .load = 0.0, .want = 1},
        {.name = "weight 2 moves by 1", .last = 2, .w = 2, .scale = 10, .load = 0.0, .want = 3},
        {.name = "weight 0 stays", .last = 0, .w = 0, .scale = 10, .load = 0.0, .want = 0},
        {.name = "16-bit cap", .last = 60000, .w = 20000, .scale = 10, .load = 0.0, .want = 65535},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(load_adjusted_weight(c.last, c.w, c.scale, c.load), c.want);
    }
}

class WeightPlanTest : public ::testing::Test {
protected:
    using TP = WeightPlan::TimePoint;
    TP at(int ms) const { return t0 + milliseconds(ms); }
    TP t0 = TP{} + std::chrono::hours(1);
};

TEST_F(WeightPlanTest, RampsLinearlyAfterARecovery) {
    WeightPlan p({.configured = 20, .scale = 10, .slow_start = milliseconds(10000)});
    p.on_transition(RsState::Unknown, RsState::Up, at(0));
    EXPECT_EQ(p.weight(at(0)), 20);  // start-up: no ramp
    EXPECT_FALSE(p.next_step(at(0)));
    p.on_transition(RsState::Up, RsState::Down, at(100));
    p.on_transition(RsState::Down, RsState::Up, at(1000));
    EXPECT_EQ(p.weight(at(1000)), 1);
    EXPECT_EQ(p.weight(at(3500)), 5);   // 25 %
    EXPECT_EQ(p.weight(at(6000)), 10);  // 50 %
    EXPECT_EQ(p.weight(at(10999)), 19);
    EXPECT_EQ(p.weight(at(11000)), 20);
    EXPECT_EQ(p.weight(at(50000)), 20);
    EXPECT_EQ(p.next_step(at(1000)), at(2000));    // 1 s steps
    EXPECT_EQ(p.next_step(at(10500)), at(11000));  // ends exactly at slow_start
    EXPECT_FALSE(p.next_step(at(11000)));
}

TEST_F(WeightPlanTest, OffByDefaultAndEndedByAFailureOrForcedUp) {
    WeightPlan off({.configured = 20, .scale = 10, .slow_start = milliseconds(0)});
    off.on_transition(RsState::Down, RsState::Up, at(0));
    EXPECT_EQ(off.weight(at(0)), 20);
    EXPECT_FALSE(off.next_step(at(0)));

    WeightPlan p({.configured = 20, .scale = 10, .slow_start = milliseconds(2000)});
    p.on_transition(RsState::Down, RsState::Up, at(0));
    EXPECT_EQ(p.next_step(at(0)), at(200));  // slow_start / 10
    p.on_transition(RsState::Up, RsState::Down, at(500));
    EXPECT_FALSE(p.next_step(at(500)));
    p.on_transition(RsState::Down, RsState::ForcedUp, at(600));
    EXPECT_EQ(p.weight(at(600)), 20);
}

TEST_F(WeightPlanTest, RampTargetsTheLoadAdaptedWeight) {
    WeightPlan p({.configured = 10, .scale = 10, .slow_start = milliseconds(4000)});
    EXPECT_TRUE(p.on_load(0.0));
    EXPECT_EQ(p.base(), 15);
    EXPECT_FALSE(p.on_load(1.0));
    p.on_transition(RsState::Down, RsState::Up, at(0));
    EXPECT_EQ(p.weight(at(2000)), 7);
    EXPECT_EQ(p.weight(at(4000)), 15);
    EXPECT_TRUE(p.on_load(5.0));
    EXPECT_EQ(p.weight(at(5000)), 10);
}

TEST_F(WeightPlanTest, WeightOneAndZeroDoNotRamp) {
    WeightPlan one({.configured = 1, .scale = 10, .slow_start = milliseconds(5000)});
    one.on_transition(RsState::Down, RsState::Up, at(0));
    EXPECT_EQ(one.weight(at(0)), 1);
    EXPECT_FALSE(one.next_step(at(0)));
    WeightPlan zero({.configured = 0, .scale = 10, .slow_start = milliseconds(5000)});
    zero.on_transition(RsState::Down, RsState::Up, at(0));
    EXPECT_EQ(zero.weight(at(0)), 0);
}

}  // namespace
}  // namespace lvs::nanny
