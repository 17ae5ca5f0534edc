// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's fail-back, readiness and reloaded timers, scripted with times.
#include <gtest/gtest.h>

#include "pulse/failover_fsm.h"

namespace lvs::pulse {
namespace {

using hb::Role;
using hb::State;
using hb::Warmth;
using Kind = Action::Kind;
using std::chrono::milliseconds;
using std::chrono::seconds;

const Clock::time_point t0{};

hb::Heartbeat beat(State s, Role r, Warmth w = Warmth::Warm) {
    hb::Heartbeat h;
    h.state = s;
    h.role = r;
    h.warmth = w;
    return h;
}

const Action* find(const std::vector<Action>& a, Kind k) {
    for (const auto& x : a)
        if (x.kind == k) return &x;
    return nullptr;
}

FsmConfig cfg(Role r, bool fos = false) {
    return FsmConfig{.role = r, .keepalive = milliseconds(100), .deadtime = milliseconds(300), .hand_over_connections = !fos,
                     .fos = fos, .failback = true, .failback_delay = seconds(5)};
}

// A backup that took over from a dead primary, at t0 + 400 ms.
FailoverFsm active_backup(bool fos = false) {
    FailoverFsm f(cfg(Role::Backup, fos));
    (void)f.start(t0);
    (void)f.on_heartbeat(beat(State::Running, Role::Primary), t0 + milliseconds(50));
    EXPECT_NE(find(f.on_tick(t0 + milliseconds(400)), Kind::Activate), nullptr);
    return f;
}

// The primary's heartbeats every 100 ms from `from` to `to`.
std::vector<Action> primary_beats(FailoverFsm& f, Clock::time_point from, Clock::time_point to, Warmth w = Warmth::Warm) {
    std::vector<Action> all;
    for (auto t = from; t < to; t += milliseconds(100)) {
        for (auto& a : f.on_heartbeat(beat(State::Stopped, Role::Primary, w), t)) all.push_back(a);
        for (auto& a : f.on_tick(t + milliseconds(1))) all.push_back(a);
    }
    return all;
}

TEST(Failback, TheBackupHandsTheServiceBackAfterTheDelayByThePlannedPath) {
    auto f = active_backup();
    const auto back = t0 + seconds(10);
    EXPECT_EQ(find(primary_beats(f, back, back + milliseconds(4950)), Kind::HandOver), nullptr);
    EXPECT_TRUE(f.active());
    EXPECT_EQ(f.failback(back + milliseconds(4950)).kind, FailbackView::Kind::Counting);
    EXPECT_EQ(f.failback(back + seconds(4)).left, seconds(1));
    EXPECT_EQ(f.next_deadline(), back + seconds(5));
    auto a = f.on_tick(back + seconds(5));
    ASSERT_NE(find(a, Kind::Notice), nullptr);
    EXPECT_EQ(find(a, Kind::Notice)->reason, "fail-back: the primary has been ready for 5.0 s: handing the service back");
    EXPECT_NE(find(a, Kind::HandOver), nullptr);
    EXPECT_EQ(find(a, Kind::SendHeartbeat)->state, State::Releasing);
    EXPECT_TRUE(f.active());  // serving until the primary runs
    EXPECT_EQ(f.failback(back + seconds(5)).kind, FailbackView::Kind::UnderWay);
    a = f.on_heartbeat(beat(State::Running, Role::Primary), back + milliseconds(5020));
    ASSERT_NE(find(a, Kind::Deactivate), nullptr);
    EXPECT_EQ(find(a, Kind::Deactivate)->reason, "partner took over: fail-back complete");
    EXPECT_FALSE(f.active());
    EXPECT_FALSE(f.yielded());
}

TEST(Failback, APrimaryThatDiesDuringTheDelayMovesNothing) {
    auto f = active_backup();
    const auto back = t0 + seconds(10);
    (void)primary_beats(f, back, back + seconds(3));
    for (auto t = back + seconds(3); t < back + seconds(20); t += milliseconds(50)) {
        auto a = f.on_tick(t);
        EXPECT_EQ(find(a, Kind::HandOver), nullptr);
        EXPECT_EQ(find(a, Kind::Deactivate), nullptr);
    }
    EXPECT_TRUE(f.active());
    EXPECT_FALSE(f.partner_alive());
    // It returns: the delay starts again from its first warm heartbeat.
    (void)primary_beats(f, back + seconds(20), back + seconds(24));
    EXPECT_TRUE(f.active());
    EXPECT_EQ(f.failback(back + seconds(24)).left, milliseconds(1000));
}

TEST(Failback, WaitsWhileThePrimaryIsNotWarmAndABreakRestartsTheDelay) {
    auto f = active_backup();
    const auto back = t0 + seconds(10);
    EXPECT_EQ(find(primary_beats(f, back, back + seconds(8), Warmth::Unchecked), Kind::HandOver), nullptr);
    auto v = f.failback(back + seconds(8));
    EXPECT_EQ(v.kind, FailbackView::Kind::Waiting);
    EXPECT_EQ(v.why, Warmth::Unchecked);
    (void)primary_beats(f, back + seconds(8), back + seconds(11));
    (void)primary_beats(f, back + seconds(11), back + milliseconds(11100), Warmth::LinkDown);
    (void)primary_beats(f, back + milliseconds(11100), back + seconds(16));
    EXPECT_TRUE(f.active());  // warm again only since 11.1 s
    EXPECT_NE(find(f.on_tick(back + milliseconds(16100)), Kind::HandOver), nullptr);
}

TEST(Failback, NotWhenTheFilesDifferNorWhenSwitchedOff) {
    auto f = active_backup();
    const auto back = t0 + seconds(10);
    for (auto t = back; t < back + seconds(10); t += milliseconds(100)) {
        (void)f.on_heartbeat(beat(State::Stopped, Role::Primary), t, /*digest_differs=*/true);
        EXPECT_EQ(find(f.on_tick(t), Kind::HandOver), nullptr);
    }
    EXPECT_EQ(f.failback(back + seconds(10)).why, Warmth::DigestDiffers);
    auto off = cfg(Role::Backup);
    off.failback = false;
    (void)f.reconfigure(off, back + seconds(10));
    EXPECT_EQ(find(primary_beats(f, back + seconds(10), back + seconds(30)), Kind::HandOver), nullptr);
    EXPECT_EQ(f.failback(back + seconds(30)).kind, FailbackView::Kind::None);
}

TEST(Failback, AnAbandonedHandBackWaitsAnotherDelay) {
    auto f = active_backup();
    const auto back = t0 + seconds(10);
    (void)primary_beats(f, back, back + seconds(5));
    EXPECT_NE(find(f.on_tick(back + seconds(5)), Kind::HandOver), nullptr);
    // The primary keeps saying Stopped and never takes over.
    std::vector<Action> a;
    // It has 2 s (hb::kMinReleaseWindow; deadtime is 300 ms here).
    for (auto t = back + seconds(5); t < back + milliseconds(7100); t += milliseconds(10)) {
        if ((t - back) % milliseconds(100) == milliseconds(0))
            for (auto& x : f.on_heartbeat(beat(State::Stopped, Role::Primary), t)) a.push_back(x);
        for (auto& x : f.on_tick(t)) a.push_back(x);
    }
    const Action* n = find(a, Kind::Notice);
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(n->reason, "fail-back abandoned: the primary did not take over");
    EXPECT_TRUE(f.active());
    EXPECT_FALSE(f.releasing());
    EXPECT_GE(f.next_deadline(), back + milliseconds(7000));
    EXPECT_EQ(f.failback(back + seconds(8)).kind, FailbackView::Kind::Counting);
}

TEST(Failback, FosStopsTheBackupsServicesBeforeThePrimaryStartsItsOwn) {
    auto f = active_backup(/*fos=*/true);
    const auto back = t0 + seconds(10);
    (void)primary_beats(f, back, back + seconds(5));
    auto a = f.on_tick(back + seconds(5));
    EXPECT_NE(find(a, Kind::Deactivate), nullptr);
    EXPECT_EQ(find(a, Kind::HandOver), nullptr);
    EXPECT_EQ(find(a, Kind::SendHeartbeat)->state, State::Leaving);
    EXPECT_TRUE(f.leaving());
    EXPECT_EQ(f.advertised(), State::Leaving);
    a = f.on_services_stopped(back + seconds(7));
    EXPECT_EQ(find(a, Kind::SendHeartbeat)->state, State::Stopped);
    EXPECT_FALSE(f.leaving());
    // The primary: a partner Leaving is not yet a partner that let go.
    FailoverFsm p(cfg(Role::Primary, true));
    (void)p.start(t0);
    EXPECT_EQ(find(p.on_heartbeat(beat(State::Leaving, Role::Backup), t0 + milliseconds(10)), Kind::Activate), nullptr);
    EXPECT_NE(find(p.on_heartbeat(beat(State::Stopped, Role::Backup), t0 + milliseconds(20)), Kind::Activate), nullptr);
}

TEST(Failback, ThePrimaryCountsItsOwnWarmthAndAPlannedSwitchoverYields) {
    FailoverFsm p(cfg(Role::Primary));
    (void)p.start(t0);
    (void)p.on_heartbeat(beat(State::Running, Role::Backup), t0 + milliseconds(10));
    EXPECT_EQ(p.failback(t0 + milliseconds(10)).why, Warmth::Starting);
    p.set_warmth(Warmth::Warm, t0 + seconds(1));
    EXPECT_EQ(p.warmth(), Warmth::Warm);
    EXPECT_EQ(p.failback(t0 + seconds(2)).left, seconds(4));
    // Serving, then handing over by lvsctl switchover: no fail-back after it.
    (void)p.on_heartbeat(beat(State::Releasing, Role::Backup), t0 + seconds(3));
    ASSERT_TRUE(p.active());
    (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t0 + seconds(4));
    EXPECT_EQ(p.on_switchover(t0 + seconds(4)).first, Switchover::Started);
    (void)p.on_heartbeat(beat(State::Running, Role::Backup), t0 + seconds(5));
    EXPECT_FALSE(p.active());
    EXPECT_TRUE(p.yielded());
    EXPECT_EQ(p.warmth(), Warmth::Yielded);
    EXPECT_EQ(p.failback(t0 + seconds(5)).why, Warmth::Yielded);
}

TEST(Failback, AReloadedDeadtimeCountsFromTheLastHeartbeat) {
    FailoverFsm f(cfg(Role::Backup));
    (void)f.start(t0);
    auto c = cfg(Role::Backup);
    c.deadtime = seconds(1);
    (void)f.reconfigure(c, t0);
    (void)f.on_heartbeat(beat(State::Running, Role::Primary), t0 + milliseconds(100));
    EXPECT_EQ(f.next_deadline(), t0 + milliseconds(100));  // the reconfigure's heartbeat was sent at t0
    (void)f.on_tick(t0 + milliseconds(100));
    c.deadtime = milliseconds(300);
    c.keepalive = milliseconds(50);
    auto a = f.reconfigure(c, t0 + milliseconds(150));
    EXPECT_NE(find(a, Kind::SendHeartbeat), nullptr);  // the new digest at once
    EXPECT_EQ(f.next_deadline(), t0 + milliseconds(200));  // a new keepalive away
    EXPECT_EQ(find(f.on_tick(t0 + milliseconds(399)), Kind::Activate), nullptr);
    EXPECT_NE(find(f.on_tick(t0 + milliseconds(400)), Kind::Activate), nullptr);
}

}  // namespace
}  // namespace lvs::pulse
