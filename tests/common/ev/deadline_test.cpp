// SPDX-License-Identifier: GPL-2.0-or-later
// ev::Deadline: fires once at (never before) its instant, re-arms, and a
// stopped or re-armed deadline does not fire at its old instant.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "common/ev/event_loop.h"

namespace lvs::ev {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

TEST(Deadline, FiresOnceNotBeforeItsInstant) {
    auto& loop = Loop::instance();
    int fired = 0;
    Steady::time_point at;
    auto d = loop.deadline([&] { ++fired; at = Steady::now(); });
    auto guard = loop.timer([&] { loop.stop(); });
    const auto want = Steady::now() + 3ms;
    d->at(want);
    guard->start(50ms, 0ms);
    loop.run();
    EXPECT_EQ(fired, 1);
    EXPECT_GE(at, want);
}

TEST(Deadline, PastInstantFiresAtOnceAndRearmMovesIt) {
    auto& loop = Loop::instance();
    int fired = 0;
    std::unique_ptr<Deadline> d;
    d = loop.deadline([&] {
        if (++fired == 2) loop.stop();
        else d->at(Steady::now() + 1ms);  // re-armed from its own callback
    });
    d->at(Steady::time_point{});  // long past
    auto guard = loop.timer([&] { loop.stop(); });
    guard->start(1000ms, 0ms);
    loop.run();
    EXPECT_EQ(fired, 2);
}

TEST(Deadline, StoppedOrMovedAwayDoesNotFire) {
    auto& loop = Loop::instance();
    int fired = 0;
    auto stopped = loop.deadline([&] { ++fired; });
    auto moved = loop.deadline([&] { ++fired; });
    stopped->at(Steady::now() + 2ms);
    stopped->stop();
    moved->at(Steady::now() + 2ms);
    moved->at(Steady::time_point::max());  // far away: clamped, never here
    auto guard = loop.timer([&] { loop.stop(); });
    guard->start(30ms, 0ms);
    loop.run();
    EXPECT_EQ(fired, 0);
}

}  // namespace
}  // namespace lvs::ev
