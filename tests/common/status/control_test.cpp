// SPDX-License-Identifier: GPL-2.0-or-later
// The controls lvsctl and lvsweb share: which process, which signal, the
// log line, and the confirmation from a later snapshot.
#include "common/status/control.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>
#include <cstdio>

#include "common/log/logger.h"

namespace lvs::status {
namespace {

ServerView sv(std::uint32_t slot, const char* name, std::uint8_t last_octet, int pid) {
    ServerView v;
    v.slot = slot;
    v.rs.family = 4;
    v.rs.addr[0] = 10, v.rs.addr[1] = 0, v.rs.addr[2] = 1, v.rs.addr[3] = last_octet;
    v.rs.port = 80;
    v.rs.owner_pid = pid;
    v.rs.state = shm::RsState::Up;
    v.dest.kernel_weight = 1;
    std::snprintf(v.rs.name, sizeof v.rs.name, "%s", name);
    return v;
}

struct Sent {
    std::vector<std::pair<int, int>> signals;
    int fail_errno = 0;
    Signal fn() {
        return [this](int pid, int sig) {
            signals.emplace_back(pid, sig);
            if (fail_errno) return errno = fail_errno, -1;
            return 0;
        };
    }
};

struct LogCapture {
    std::vector<std::string> lines;
    LogCapture() {
        log::use_sink([this](log::Level, const std::string&, const std::string& m) { lines.push_back(m); });
    }
    ~LogCapture() { log::use_stderr(); }
};

Snapshot table() {
    Snapshot s;
    s.servers = {sv(0, "www/rs1", 21, 101), sv(1, "www/rs2", 22, 0), sv(2, "ftp/rs1", 21, 103)};
    s.router_present = true;
    s.router.pid = 500;
    s.router.active = 1;
    s.router.deadtime_ms = 6000;
    s.lvsd_present = true;
    s.lvsd.pid = 600;
    s.lvsd.reloads = 3;
    return s;
}

TEST(Control, DrainSignalsTheNannyAndLogsOnce) {
    LogCapture logs;
    Sent sent;
    auto s = table();
    auto p = request_control(Action::Drain, "www/rs1", s, "root (uid 0)", sent.fn());
    EXPECT_EQ(p.outcome, ControlOutcome::Requested);
    ASSERT_EQ(sent.signals.size(), 1u);
    EXPECT_EQ(sent.signals[0], std::make_pair(101, SIGUSR1));
    ASSERT_EQ(logs.lines.size(), 1u);
    EXPECT_EQ(logs.lines[0], "drain www/rs1 (nanny pid 101) by root (uid 0)");
    EXPECT_EQ(confirm(p, s), Confirmation::Pending);
    s.servers[0].rs.state = shm::RsState::Drained;
    s.servers[0].dest.kernel_weight = 0;
    EXPECT_EQ(confirm(p, s), Confirmation::Done);
    EXPECT_EQ(confirm_limit(p), std::chrono::milliseconds(3000));
}

TEST(Control, ServerRefusals) {
    LogCapture logs;
    Sent sent;
    const auto s = table();
    auto none = request_control(Action::Undrain, "nothing", s, "x", sent.fn());
    EXPECT_EQ(none.outcome, ControlOutcome::NoSuchServer);
    EXPECT_EQ(describe_failure(none), "no real server nothing");
    auto amb = request_control(Action::Drain, "rs1", s, "x", sent.fn());
    EXPECT_EQ(amb.outcome, ControlOutcome::Ambiguous);
    EXPECT_EQ(describe_failure(amb), "rs1 is ambiguous: www/rs1 ftp/rs1");
    auto dead = request_control(Action::Drain, "rs2", s, "x", sent.fn());
    EXPECT_EQ(dead.outcome, ControlOutcome::NoNanny);
    EXPECT_EQ(describe_failure(dead), "www/rs2 has no running nanny");
    EXPECT_TRUE(sent.signals.empty());
    EXPECT_TRUE(logs.lines.empty());
    sent.fail_errno = EPERM;
    auto eperm = request_control(Action::Undrain, "10.0.1.21:80", s, "x", sent.fn());
    EXPECT_EQ(eperm.outcome, ControlOutcome::Ambiguous);  // two servers share the address
    auto denied = request_control(Action::Undrain, "www/rs1", s, "x", sent.fn());
    EXPECT_EQ(denied.outcome, ControlOutcome::SignalFailed);
    EXPECT_EQ(describe_failure(denied), "www/rs1: Operation not permitted");
    EXPECT_EQ(sent.signals.back(), std::make_pair(101, SIGHUP));
}

TEST(Control, ReloadGoesToPulseElseLvsd) {
    LogCapture logs;
    Sent sent;
    auto s = table();
    auto p = request_control(Action::Reload, "", s, "web", sent.fn());
    EXPECT_EQ(p.outcome, ControlOutcome::Requested);
    EXPECT_EQ(sent.signals.back(), std::make_pair(500, SIGHUP));
    EXPECT_EQ(logs.lines.back(), "reload of pulse (pid 500) by web");
    EXPECT_EQ(confirm(p, s), Confirmation::Pending);
    auto later = s;
    later.lvsd.reload_failures = 1;
    EXPECT_EQ(confirm(p, later), Confirmation::Refused);
    later.lvsd.reloads = 4;
    EXPECT_EQ(confirm(p, later), Confirmation::Done);
    s.router_present = false;
    request_control(Action::Reload, "", s, "web", sent.fn());
    EXPECT_EQ(sent.signals.back(), std::make_pair(600, SIGHUP));
    s.lvsd_present = false;
    EXPECT_EQ(request_control(Action::Reload, "", s, "web", sent.fn()).outcome, ControlOutcome::NoDaemon);
}

TEST(Control, SwitchoverOnlyOnTheActiveRouter) {
    LogCapture logs;
    Sent sent;
    auto s = table();
    auto p = request_control(Action::Switchover, "", s, "web", sent.fn());
    EXPECT_EQ(p.outcome, ControlOutcome::Requested);
    EXPECT_EQ(sent.signals.back(), std::make_pair(500, SIGUSR1));
    EXPECT_EQ(logs.lines.back(), "switchover requested by web");
    EXPECT_EQ(confirm_limit(p), std::chrono::milliseconds(8000));
    auto short_deadtime = p;  // pulse waits 2 s at least for the partner
    short_deadtime.deadtime_ms = 500;
    EXPECT_EQ(confirm_limit(short_deadtime), std::chrono::milliseconds(4000));
    auto after = s;
    after.router.active = 0;
    EXPECT_EQ(confirm(p, after), Confirmation::Done);
    std::snprintf(s.router.partner, sizeof s.router.partner, "192.0.2.11");
    s.router.active = 0;
    auto standby = request_control(Action::Switchover, "", s, "web", sent.fn());
    EXPECT_EQ(standby.outcome, ControlOutcome::Standby);
    EXPECT_EQ(describe_failure(standby), "this router is standby; run switchover on the active router 192.0.2.11");
    s.router.ecmp = 1;  // every router active, none to switch over to
    auto ecmp = request_control(Action::Switchover, "", s, "web", sent.fn());
    EXPECT_EQ(ecmp.outcome, ControlOutcome::NoPartner);
    EXPECT_NE(describe_failure(ecmp).find("stop pulse on this router to withdraw its routes"), std::string::npos);
    s.router_present = false;
    EXPECT_EQ(request_control(Action::Switchover, "", s, "web", sent.fn()).outcome, ControlOutcome::NoPulse);
    EXPECT_EQ(sent.signals.size(), 1u);
}

}  // namespace
}  // namespace lvs::status
