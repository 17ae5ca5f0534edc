// SPDX-License-Identifier: GPL-2.0-or-later
// What pulse tells systemd: READY=1 once the heartbeat runs and lvsd is up,
// STATUS= when the role changes, STOPPING=1 once, nothing twice.
#include "pulse/service_notice.h"

#include <gtest/gtest.h>

namespace lvs::pulse {
namespace {

NoticeFacts backup_starting() {
    NoticeFacts f;
    f.primary = false;
    f.partner_alive = true;
    f.partner_state = hb::State::Running;
    return f;
}

TEST(ServiceNotice, ReadyWaitsForTheHeartbeatAndForLvsd) {
    ServiceNotice n;
    NoticeFacts f = backup_starting();
    EXPECT_EQ(n.update(f), "STATUS=backup router, standby; partner active; not ready: lvsd has not programmed the table yet");
    f.heartbeat_running = true;
    EXPECT_EQ(n.update(f), "");  // lvsd not up yet: nothing new
    EXPECT_FALSE(n.ready_sent());
    f.warmth = hb::Warmth::Unchecked;  // lvsd is up; its nannies have not spoken yet
    EXPECT_EQ(n.update(f), "READY=1\nSTATUS=backup router, standby; partner active; not ready: real servers not checked yet");
    f.warmth = hb::Warmth::Warm;
    EXPECT_EQ(n.update(f), "STATUS=backup router, standby; partner active");
    EXPECT_EQ(n.update(f), "");
}

TEST(ServiceNotice, FailedLvsdNeverReportsReady) {
    ServiceNotice n;
    NoticeFacts f = backup_starting();
    f.heartbeat_running = true;
    f.warmth = hb::Warmth::Failed;
    EXPECT_EQ(n.update(f).find("READY=1"), std::string::npos);
}

TEST(ServiceNotice, FosAndNorunAreReadyWithTheHeartbeat) {
    ServiceNotice n;
    NoticeFacts f = backup_starting();
    f.needs_lvsd = false;
    EXPECT_EQ(n.update(f), "STATUS=backup router, standby; partner active");
    f.heartbeat_running = true;
    EXPECT_EQ(n.update(f), "READY=1");
}

TEST(ServiceNotice, RoleChangesAndTheStop) {
    ServiceNotice n;
    NoticeFacts f;
    f.has_partner = true;
    f.heartbeat_running = true;
    f.warmth = hb::Warmth::Warm;
    EXPECT_EQ(n.update(f), "READY=1\nSTATUS=primary router, standby; partner silent");
    f.active = true;
    EXPECT_EQ(n.update(f), "STATUS=primary router, active; partner silent");
    f.partner_alive = true;
    f.releasing = true;
    EXPECT_EQ(n.update(f), "STATUS=primary router, active, releasing to the partner; partner standing by");
    f.exiting = true;
    EXPECT_EQ(n.update(f), "STOPPING=1\nSTATUS=primary router, stopping; partner standing by");
    EXPECT_EQ(n.update(f), "");
    f.warmth = hb::Warmth::Yielded;
    f.exiting = false;
    f.releasing = false;
    f.active = false;
    EXPECT_EQ(n.update(f), "STATUS=primary router, standby; partner standing by; yielded by a planned switchover");
}

TEST(ServiceNotice, AStopBeforeReadyNeverSaysReady) {
    ServiceNotice n;
    NoticeFacts f;
    f.heartbeat_running = true;
    f.warmth = hb::Warmth::Warm;
    f.exiting = true;
    EXPECT_EQ(n.update(f), "STOPPING=1\nSTATUS=primary router, stopping; partner silent");
    EXPECT_FALSE(n.ready_sent());
}

}  // namespace
}  // namespace lvs::pulse
