// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's failover state machine, scripted with times (no sleeps).
#include "pulse/failover_fsm.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace lvs::pulse {
namespace {

using hb::Role;
using hb::State;
using Kind = Action::Kind;
using std::chrono::milliseconds;

const Clock::time_point t0{};

hb::Heartbeat beat(State s, Role r) {
    hb::Heartbeat h;
    h.state = s;
    h.role = r;
    return h;
}

bool has(const std::vector<Action>& a, Kind k) {
    for (const auto& x : a)
        if (x.kind == k) return true;
    return false;
}

FsmConfig cfg(Role r) { return FsmConfig{.role = r, .keepalive = milliseconds(100), .deadtime = milliseconds(300)}; }

TEST(FailoverFsm, BackupTakesOverWhenThePrimaryGoesSilent) {
    FailoverFsm f(cfg(Role::Backup));
    (void)f.start(t0);
    (void)f.on_heartbeat(beat(State::Running, Role::Primary), t0 + milliseconds(50));
    EXPECT_FALSE(f.active());
    EXPECT_FALSE(has(f.on_tick(t0 + milliseconds(349)), Kind::Activate));
    auto a = f.on_tick(t0 + milliseconds(351));
    EXPECT_TRUE(has(a, Kind::Activate));
    EXPECT_TRUE(f.active());
    ASSERT_FALSE(a.empty());
    EXPECT_EQ(a[0].reason, "partner dead: activating lvs (no heartbeat for 301 ms)");
}

std::size_t sends(const std::vector<Action>& a) {
    return static_cast<std::size_t>(std::count_if(a.begin(), a.end(), [](const Action& x) { return x.kind == Kind::SendHeartbeat; }));
}

TEST(FailoverFsm, AnAnswerGoesAtOnceThenAtMostOneEarlyHeartbeatPerHalfKeepalive) {
    FailoverFsm f(cfg(Role::Backup));
    ASSERT_EQ(sends(f.start(t0)), 1u);
    EXPECT_EQ(sends(f.on_answer_wanted(t0 + milliseconds(20))), 1u);  // at once, 20 ms after the last
    EXPECT_EQ(sends(f.on_answer_wanted(t0 + milliseconds(30))), 0u);
    EXPECT_EQ(f.next_deadline(), t0 + milliseconds(70));  // deferred to the end of the half keepalive, not dropped
    EXPECT_EQ(sends(f.on_tick(t0 + milliseconds(70))), 1u);
    EXPECT_EQ(f.next_deadline(), t0 + milliseconds(170));  // the keepalive pace from there
    // A flood of packets that ask for answers: two heartbeats a keepalive.
    std::size_t n = 0;
    for (int ms = 71; ms < 300; ++ms) {
        const auto now = t0 + milliseconds(ms);
        n += sends(f.on_answer_wanted(now));
        if (now >= f.next_deadline()) n += sends(f.on_tick(now));
    }
    EXPECT_EQ(n, 4u);  // at 120, 170, 220 and 270
    // Early heartbeats are rationed, not regular ones.
    FailoverFsm g(cfg(Role::Backup));
    (void)g.start(t0);
    EXPECT_EQ(sends(g.on_answer_wanted(t0 + milliseconds(60))), 1u);
    EXPECT_EQ(sends(g.on_answer_wanted(t0 + milliseconds(150))), 1u);  // 90 ms after the last early one
    EXPECT_EQ(sends(g.on_answer_wanted(t0 + milliseconds(160))), 0u);  // brought forward to 200
    EXPECT_EQ(sends(g.on_answer_wanted(t0 + milliseconds(170))), 0u);  // the one at 200 will do
    EXPECT_EQ(g.next_deadline(), t0 + milliseconds(200));
    FailoverFsm lone(FsmConfig{.has_partner = false});
    (void)lone.start(t0);
    EXPECT_EQ(sends(lone.on_answer_wanted(t0 + milliseconds(500))), 0u);
}

TEST(FailoverFsm, FosModeNamesTheFailoverServices) {
    auto c = cfg(Role::Backup);
    c.fos = true;
    FailoverFsm f(c);
    (void)f.start(t0);
    (void)f.on_heartbeat(beat(State::Running, Role::Primary), t0 + milliseconds(50));
    auto a = f.on_tick(t0 + milliseconds(400));
    ASSERT_FALSE(a.empty());
    EXPECT_EQ(a[0].reason, "partner dead: activating failover services (no heartbeat for 350 ms)");
    a = f.on_heartbeat(beat(State::Running, Role::Primary), t0 + milliseconds(450));
    bool named = false;
    for (const auto& x : a) named |= x.kind == Kind::Deactivate && x.reason == "partner active: deactivating FOS";
    EXPECT_TRUE(named);
}

TEST(FailoverFsm, ThePrimaryTakesAnIdlePairTheBackupWaits) {
    FailoverFsm p(cfg(Role::Primary)), b(cfg(Role::Backup));
    (void)p.start(t0);
    (void)b.start(t0);
    EXPECT_TRUE(has(p.on_heartbeat(beat(State::Stopped, Role::Backup), t0 + milliseconds(1)), Kind::Activate));
    EXPECT_FALSE(has(b.on_heartbeat(beat(State::Stopped, Role::Primary), t0 + milliseconds(1)), Kind::Activate));
    EXPECT_FALSE(b.active());
}

TEST(FailoverFsm, NoAutomaticFailBack) {
    FailoverFsm b(cfg(Role::Backup));
    (void)b.start(t0);
    (void)b.on_tick(t0 + milliseconds(400));  // primary dead: backup active
    ASSERT_TRUE(b.active());
    // The repaired primary comes back Stopped: the backup keeps the service.
    EXPECT_FALSE(has(b.on_heartbeat(beat(State::Stopped, Role::Primary), t0 + milliseconds(500)), Kind::Deactivate));
    FailoverFsm p(cfg(Role::Primary));
    (void)p.start(t0 + milliseconds(500));
    EXPECT_FALSE(has(p.on_heartbeat(beat(State::Running, Role::Backup), t0 + milliseconds(510)), Kind::Activate));
    EXPECT_FALSE(p.active());
}

TEST(FailoverFsm, SplitBrainThePrimaryKeepsTheAddresses) {
    FailoverFsm p(cfg(Role::Primary)), b(cfg(Role::Backup));
    (void)p.start(t0);
    (void)b.start(t0);
    (void)p.on_tick(t0 + milliseconds(400));
    (void)b.on_tick(t0 + milliseconds(400));
    ASSERT_TRUE(p.active() && b.active());
    auto ab = b.on_heartbeat(beat(State::Running, Role::Primary), t0 + milliseconds(500));
    EXPECT_TRUE(has(ab, Kind::Deactivate));
    EXPECT_TRUE(has(ab, Kind::SendHeartbeat));
    EXPECT_TRUE(has(p.on_heartbeat(beat(State::Running, Role::Backup), t0 + milliseconds(500)), Kind::Reannounce));
    EXPECT_TRUE(p.active());
}

TEST(FailoverFsm, TerminateHandsOverBeforeLettingGo) {
    FailoverFsm p(cfg(Role::Primary)), b(cfg(Role::Backup));
    (void)p.start(t0);
    (void)b.start(t0);
    (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t0);
    auto a = p.on_terminate(t0 + milliseconds(10));
    ASSERT_TRUE(has(a, Kind::SendHeartbeat));
    EXPECT_EQ(a.back().state, State::Releasing);
    EXPECT_FALSE(has(a, Kind::Deactivate));  // still serving
    EXPECT_FALSE(has(a, Kind::Exit));
    EXPECT_TRUE(p.active());
    EXPECT_TRUE(has(b.on_heartbeat(beat(State::Releasing, Role::Primary), t0 + milliseconds(11)), Kind::Activate));
    auto ap = p.on_heartbeat(beat(State::Running, Role::Backup), t0 + milliseconds(12));
    EXPECT_TRUE(has(ap, Kind::Deactivate));
    EXPECT_TRUE(has(ap, Kind::Exit));
}

TEST(FailoverFsm, TerminateLetsGoAfterDeadtimeOrASecondRequest) {
    FailoverFsm p(cfg(Role::Primary));
    (void)p.start(t0);
    (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t0);
    (void)p.on_terminate(t0 + milliseconds(10));
    (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t0 + milliseconds(100));
    EXPECT_FALSE(has(p.on_tick(t0 + milliseconds(200)), Kind::Exit));
    // The partner fell silent at 100 ms: dead after deadtime (300 ms), and
    // a dead partner takes nothing over, so this router lets go then.
    EXPECT_FALSE(has(p.on_tick(t0 + milliseconds(399)), Kind::Exit));
    auto a = p.on_tick(t0 + milliseconds(401));
    EXPECT_TRUE(has(a, Kind::Deactivate));
    EXPECT_TRUE(has(a, Kind::Exit));

    // Alive but standing by: it has 2 s (hb::kMinReleaseWindow).
    FailoverFsm r(cfg(Role::Primary));
    (void)r.start(t0);
    (void)r.on_heartbeat(beat(State::Stopped, Role::Backup), t0);
    (void)r.on_terminate(t0 + milliseconds(10));
    for (auto t = t0 + milliseconds(100); t < t0 + milliseconds(2000); t += milliseconds(100)) {
        (void)r.on_heartbeat(beat(State::Stopped, Role::Backup), t);
        ASSERT_FALSE(has(r.on_tick(t + milliseconds(1)), Kind::Exit)) << (t - t0).count();
    }
    EXPECT_TRUE(has(r.on_tick(t0 + milliseconds(2011)), Kind::Exit));

    FailoverFsm q(cfg(Role::Primary));
    (void)q.start(t0);
    (void)q.on_heartbeat(beat(State::Stopped, Role::Backup), t0);
    (void)q.on_terminate(t0 + milliseconds(10));
    auto b = q.on_terminate(t0 + milliseconds(20));
    EXPECT_TRUE(has(b, Kind::Deactivate));
    EXPECT_TRUE(has(b, Kind::Exit));
}

TEST(FailoverFsm, TerminateWithoutAPartnerLetsGoAtOnce) {
    FailoverFsm p(cfg(Role::Primary));
    (void)p.start(t0);
    auto a = p.on_terminate(t0 + milliseconds(10));
    EXPECT_TRUE(has(a, Kind::Exit));
    FailoverFsm b(cfg(Role::Backup));
    (void)b.start(t0);
    (void)b.on_heartbeat(beat(State::Running, Role::Primary), t0);
    EXPECT_TRUE(has(b.on_terminate(t0 + milliseconds(10)), Kind::Exit));  // standby: nothing to hand over
}

TEST(FailoverFsm, SwitchoverKeepsServingUntilThePartnerRuns) {
    FailoverFsm p(cfg(Role::Primary)), b(cfg(Role::Backup));
    (void)p.start(t0);
    (void)b.start(t0);
    EXPECT_EQ(b.on_switchover(t0).first, Switchover::NotActive);
    (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t0);
    ASSERT_TRUE(p.active());
    auto [outcome, a] = p.on_switchover(t0 + milliseconds(10));
    EXPECT_EQ(outcome, Switchover::Started);
    ASSERT_FALSE(a.empty());
    EXPECT_EQ(a[0].state, State::Releasing);
    EXPECT_FALSE(has(a, Kind::Deactivate));  // still serving
    EXPECT_TRUE(p.active());
    EXPECT_EQ(p.on_switchover(t0 + milliseconds(11)).first, Switchover::AlreadyUnderWay);
    auto ab = b.on_heartbeat(beat(State::Releasing, Role::Primary), t0 + milliseconds(12));
    EXPECT_TRUE(has(ab, Kind::Activate));
    auto ap = p.on_heartbeat(beat(State::Running, Role::Backup), t0 + milliseconds(13));
    EXPECT_TRUE(has(ap, Kind::Deactivate));
    EXPECT_FALSE(p.active());
    EXPECT_FALSE(p.releasing());
    // No fail-back afterwards: the primary stays standby.
    EXPECT_FALSE(has(p.on_heartbeat(beat(State::Running, Role::Backup), t0 + milliseconds(120)), Kind::Activate));
    EXPECT_FALSE(has(b.on_heartbeat(beat(State::Stopped, Role::Primary), t0 + milliseconds(120)), Kind::Deactivate));
}

// With the sync daemon, a router that lets go to a running partner first
// hands it its connections: before and after it says Releasing, every 5 ms
// while the partner takes over, and again just before it drops its
// addresses (connections made in between).
TEST(FailoverFsm, SwitchoverHandsOverConnectionsFirst) {
    auto c = cfg(Role::Primary);
    c.hand_over_connections = true;
    FailoverFsm p(c);
    (void)p.start(t0);
    (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t0);
    auto [outcome, a] = p.on_switchover(t0 + milliseconds(10));
    ASSERT_EQ(outcome, Switchover::Started);
    ASSERT_EQ(a.size(), 3u);
    EXPECT_EQ(a[0].kind, Kind::HandOver);
    EXPECT_EQ(a[1].kind, Kind::SendHeartbeat);
    EXPECT_EQ(a[2].kind, Kind::HandOver);
    EXPECT_EQ(a[0].reason, "first");
    EXPECT_EQ(a[2].reason, "");  // periodic: logged at debug level
    // While the partner takes over: a pass every hand_over_period.
    EXPECT_EQ(p.next_deadline(), t0 + milliseconds(15));
    EXPECT_FALSE(has(p.on_tick(t0 + milliseconds(14)), Kind::HandOver));
    EXPECT_TRUE(has(p.on_tick(t0 + milliseconds(15)), Kind::HandOver));
    EXPECT_EQ(p.next_deadline(), t0 + milliseconds(20));
    auto d = p.on_heartbeat(beat(State::Running, Role::Backup), t0 + milliseconds(18));
    ASSERT_GE(d.size(), 2u);
    EXPECT_EQ(d[0].kind, Kind::HandOver);
    EXPECT_EQ(d[0].reason, "final");
    EXPECT_EQ(d[1].kind, Kind::Deactivate);
    EXPECT_FALSE(has(p.on_tick(t0 + milliseconds(25)), Kind::HandOver));
    // Standby: nothing to hand over; without the option, never.
    EXPECT_FALSE(has(p.on_heartbeat(beat(State::Running, Role::Backup), t0 + milliseconds(120)), Kind::HandOver));
    FailoverFsm q(cfg(Role::Primary));
    (void)q.start(t0);
    (void)q.on_heartbeat(beat(State::Stopped, Role::Backup), t0);
    EXPECT_FALSE(has(q.on_switchover(t0 + milliseconds(10)).second, Kind::HandOver));
    EXPECT_FALSE(has(q.on_heartbeat(beat(State::Running, Role::Backup), t0 + milliseconds(13)), Kind::HandOver));
}

TEST(FailoverFsm, TerminateAndSplitBrainHandOverConnections) {
    auto c = cfg(Role::Primary);
    c.hand_over_connections = true;
    FailoverFsm p(c);
    (void)p.start(t0);
    (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t0);
    auto a = p.on_terminate(t0 + milliseconds(5));
    EXPECT_TRUE(has(a, Kind::HandOver));
    EXPECT_FALSE(has(a, Kind::Deactivate));
    // The backup of a split brain lets go to the primary.
    auto cb = cfg(Role::Backup);
    cb.hand_over_connections = true;
    FailoverFsm b(cb);
    (void)b.start(t0);
    (void)b.on_tick(t0 + milliseconds(400));
    ASSERT_TRUE(b.active());
    auto d = b.on_heartbeat(beat(State::Running, Role::Primary), t0 + milliseconds(500));
    ASSERT_GE(d.size(), 2u);
    EXPECT_EQ(d[0].kind, Kind::HandOver);
    EXPECT_EQ(d[1].kind, Kind::Deactivate);
}

TEST(FailoverFsm, SwitchoverIsAbandonedWhenThePartnerDoesNotTakeOver) {
    FailoverFsm p(cfg(Role::Primary));
    (void)p.start(t0);
    EXPECT_EQ(p.on_switchover(t0).first, Switchover::NotActive);
    (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t0);
    ASSERT_EQ(p.on_switchover(t0 + milliseconds(1)).first, Switchover::Started);
    // The partner, alive, keeps saying Stopped. It has deadtime (300 ms),
    // and at least hb::kMinReleaseWindow (2 s), to take over; this router serves
    // meanwhile and keeps saying Releasing.
    auto t = t0 + milliseconds(100);
    for (; t < t0 + milliseconds(2000); t += milliseconds(100)) {
        (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t);
        ASSERT_FALSE(has(p.on_tick(t + milliseconds(1)), Kind::Notice)) << (t - t0).count();
        ASSERT_EQ(p.advertised(), State::Releasing);
    }
    auto a = p.on_tick(t0 + milliseconds(2002));
    EXPECT_TRUE(has(a, Kind::Notice));
    EXPECT_TRUE(p.active());
    EXPECT_EQ(p.advertised(), State::Running);
    // An inhibited partner (Releasing) cannot take over.
    (void)p.on_heartbeat(beat(State::Releasing, Role::Backup), t0 + milliseconds(2010));
    EXPECT_EQ(p.on_switchover(t0 + milliseconds(2011)).first, Switchover::PartnerNotReady);
    FailoverFsm lone(FsmConfig{.role = Role::Primary, .has_partner = false});
    (void)lone.start(t0);
    EXPECT_EQ(lone.on_switchover(t0).first, Switchover::NoPartner);
}

TEST(FailoverFsm, ASlowPartnerStillCompletesTheSwitchover) {
    FailoverFsm p(cfg(Role::Primary));
    (void)p.start(t0);
    (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t0);
    ASSERT_EQ(p.on_switchover(t0 + milliseconds(1)).first, Switchover::Started);
    // Its addresses took 1.2 s to add (four deadtimes): not abandoned.
    for (auto t = t0 + milliseconds(100); t < t0 + milliseconds(1200); t += milliseconds(100)) {
        (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t);
        (void)p.on_tick(t + milliseconds(1));
    }
    auto a = p.on_heartbeat(beat(State::Running, Role::Backup), t0 + milliseconds(1250));
    EXPECT_TRUE(has(a, Kind::Deactivate));
    EXPECT_FALSE(p.active());
}

// A router without a partner sends nothing, yet ticks once a keepalive:
// its deadline never stays in the past (the loop would spin on it).
TEST(FailoverFsm, ALoneRouterTicksAtKeepaliveWithoutHeartbeats) {
    FsmConfig c = cfg(Role::Primary);
    c.has_partner = false;
    FailoverFsm p(c);
    EXPECT_FALSE(has(p.start(t0), Kind::SendHeartbeat));
    EXPECT_EQ(p.next_deadline(), t0 + milliseconds(100));
    EXPECT_FALSE(has(p.on_tick(t0 + milliseconds(100)), Kind::SendHeartbeat));
    EXPECT_EQ(p.next_deadline(), t0 + milliseconds(200));
}

TEST(FailoverFsm, LinkFailureHandsOverAndInhibits) {
    FailoverFsm p(cfg(Role::Primary));
    (void)p.start(t0);
    (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t0);
    ASSERT_TRUE(p.active());
    auto a = p.on_link(false, t0 + milliseconds(5));
    EXPECT_TRUE(has(a, Kind::Deactivate));
    EXPECT_EQ(p.advertised(), State::Releasing);
    EXPECT_FALSE(has(p.on_tick(t0 + milliseconds(1000)), Kind::Activate));  // inhibited
    (void)p.on_link(true, t0 + milliseconds(1001));
    EXPECT_FALSE(p.inhibited());
}

TEST(FailoverFsm, LvsdFailureHandsOverAndALoneRouterRecovers) {
    FsmConfig c = cfg(Role::Primary);
    c.has_partner = false;
    FailoverFsm p(c);
    EXPECT_TRUE(has(p.start(t0), Kind::Activate));
    EXPECT_TRUE(has(p.on_lvsd_failed(true, t0 + milliseconds(1)), Kind::Deactivate));
    EXPECT_TRUE(has(p.on_lvsd_failed(false, t0 + milliseconds(2)), Kind::Activate));
}

TEST(FailoverFsm, ForceActiveAndHeartbeatTiming) {
    FsmConfig c = cfg(Role::Backup);
    c.force_active = true;
    FailoverFsm b(c);
    auto a = b.start(t0);
    EXPECT_TRUE(has(a, Kind::Activate));
    EXPECT_TRUE(has(a, Kind::SendHeartbeat));
    EXPECT_EQ(b.next_deadline(), t0 + milliseconds(100));
    EXPECT_TRUE(has(b.on_tick(t0 + milliseconds(100)), Kind::SendHeartbeat));
}

}  // namespace
}  // namespace lvs::pulse
