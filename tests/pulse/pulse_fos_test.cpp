// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's FOS mode: StopMe take-over from a failed partner and the fos
// child each router runs, scripted with times.
#include "pulse/pulse_fos.h"

#include <gtest/gtest.h>

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
    h.mode = hb::Mode::Fos;
    return h;
}

bool has(const std::vector<Action>& a, Kind k) {
    for (const auto& x : a)
        if (x.kind == k) return true;
    return false;
}

State sent(const std::vector<Action>& a) {
    for (const auto& x : a)
        if (x.kind == Kind::SendHeartbeat) return x.state;
    return State::Stopped;
}

FsmConfig cfg(Role r) { return FsmConfig{.role = r, .keepalive = milliseconds(100), .deadtime = milliseconds(300)}; }

TEST(PulseFos, StandbyMonitorsOnlyWhileThePartnerServes) {
    FailoverFsm b(cfg(Role::Backup));
    (void)b.start(t0);
    EXPECT_EQ(wanted_fos(b), FosRole::None);  // nothing to watch yet
    (void)b.on_heartbeat(beat(State::Running, Role::Primary), t0 + milliseconds(10));
    EXPECT_EQ(wanted_fos(b), FosRole::Monitor);
    (void)b.on_tick(t0 + milliseconds(400));  // partner dead: take over
    EXPECT_EQ(wanted_fos(b), FosRole::Active);
    (void)b.on_terminate(t0 + milliseconds(500));
    EXPECT_EQ(wanted_fos(b), FosRole::None);
}

TEST(PulseFos, BackupTakesOverFromAFailedPrimaryWithStopMe) {
    FailoverFsm p(cfg(Role::Primary)), b(cfg(Role::Backup));
    (void)p.start(t0);
    (void)b.start(t0);
    (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t0 + milliseconds(1));
    ASSERT_TRUE(p.active());
    (void)b.on_heartbeat(beat(State::Running, Role::Primary), t0 + milliseconds(2));
    // The backup's monitor saw the primary's service fail.
    auto a = b.on_partner_service_failed(t0 + milliseconds(50));
    EXPECT_TRUE(has(a, Kind::Activate));
    EXPECT_EQ(sent(a), State::StopMe);
    EXPECT_EQ(wanted_fos(b), FosRole::Active);
    // The primary's Running does not make the backup step down.
    auto keep = b.on_heartbeat(beat(State::Running, Role::Primary), t0 + milliseconds(60));
    EXPECT_FALSE(has(keep, Kind::Deactivate));
    EXPECT_TRUE(b.active());
    // The primary obeys StopMe, answers Stopped and monitors the backup.
    auto stop = p.on_heartbeat(beat(State::StopMe, Role::Backup), t0 + milliseconds(61));
    EXPECT_TRUE(has(stop, Kind::Deactivate));
    EXPECT_EQ(sent(stop), State::Stopped);
    EXPECT_EQ(wanted_fos(p), FosRole::Monitor);
    // Stopped clears the flag: the backup advertises Running again.
    auto clear = b.on_heartbeat(beat(State::Stopped, Role::Primary), t0 + milliseconds(62));
    EXPECT_EQ(sent(clear), State::Running);
    EXPECT_FALSE(b.fail_partner());
    // And the primary, inactive, does not take the service back.
    EXPECT_FALSE(has(p.on_heartbeat(beat(State::Running, Role::Backup), t0 + milliseconds(70)), Kind::Activate));
    EXPECT_FALSE(p.active());
}

TEST(PulseFos, PrimaryTakesBackFromAFailedBackup) {
    FailoverFsm p(cfg(Role::Primary));
    (void)p.start(t0);
    (void)p.on_heartbeat(beat(State::Running, Role::Backup), t0 + milliseconds(1));
    ASSERT_FALSE(p.active());
    auto a = p.on_partner_service_failed(t0 + milliseconds(10));
    EXPECT_TRUE(p.active());
    EXPECT_EQ(sent(a), State::StopMe);
    // A running backup normally makes... nothing here: we want control.
    EXPECT_FALSE(has(p.on_heartbeat(beat(State::Running, Role::Backup), t0 + milliseconds(20)), Kind::Deactivate));
    EXPECT_EQ(p.advertised(), State::StopMe);
}

TEST(PulseFos, NoTakeOverWhileInhibitedOrAlreadyActive) {
    FailoverFsm p(cfg(Role::Primary));
    (void)p.start(t0);
    (void)p.on_heartbeat(beat(State::Stopped, Role::Backup), t0 + milliseconds(1));
    ASSERT_TRUE(p.active());
    EXPECT_TRUE(p.on_partner_service_failed(t0 + milliseconds(2)).empty());
    FailoverFsm b(cfg(Role::Backup));
    (void)b.start(t0);
    (void)b.on_link(false, t0 + milliseconds(1));
    EXPECT_TRUE(b.on_partner_service_failed(t0 + milliseconds(2)).empty());
    EXPECT_FALSE(b.fail_partner());
}

}  // namespace
}  // namespace lvs::pulse
