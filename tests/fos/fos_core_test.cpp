// SPDX-License-Identifier: GPL-2.0-or-later
// fos's core, scripted with times and a recording fake of the process
// adapter (no fork, no sleeps).
#include "fos/fos_core.h"
#include "tests/support/sample_configs.h"

#include <gtest/gtest.h>

#include <map>

namespace lvs::fos {
namespace {

using Kind = Action::Kind;
using std::chrono::milliseconds;

const Clock::time_point t0{};
constexpr int kOk = 0;
constexpr int kFail = 1 << 8;  // exit status 1

Service svc(const std::string& name, const std::string& vip = "192.0.2.80") {
    Service s;
    s.name = name;
    s.target = vip + ":80";
    s.start_cmd = {"/etc/fos/" + name, "start"};
    s.stop_cmd = {"/etc/fos/" + name, "stop"};
    s.monitor = {"/usr/sbin/nanny", "--nofork", "-h", vip, "--fos"};
    s.cmd_timeout = milliseconds(1000);
    return s;
}

// Records what the core asked for, as the shell would carry it out.
struct Recorder {
    std::vector<std::string> log;         // "run ARGV0 ARGV1", "kill", "monitor", "stop-monitor", "exit N"
    std::map<std::uint64_t, std::string> live;  // token -> what
    std::vector<std::uint64_t> order;     // tokens in spawn order
    bool exited = false;
    int code = -1;

    void take(const std::vector<Action>& actions) {
        for (const auto& a : actions) {
            switch (a.kind) {
                case Kind::Run:
                    log.push_back("run " + a.argv[0] + " " + a.argv[1]);
                    live[a.token] = a.argv[1];
                    order.push_back(a.token);
                    break;
                case Kind::Kill: log.push_back("kill " + live[a.token]); break;
                case Kind::StartMonitor:
                    log.push_back("monitor " + a.argv[3]);
                    live[a.token] = "monitor";
                    order.push_back(a.token);
                    break;
                case Kind::StopMonitor: log.push_back("stop-monitor"); break;
                case Kind::Exit: exited = true; code = a.code; log.push_back("exit " + std::to_string(a.code)); break;
                case Kind::Log: break;
            }
        }
    }
    std::uint64_t last() const { return order.back(); }
};

std::vector<std::string> runs(const Recorder& r) { return r.log; }

TEST(FosServices, PiranhaShapedMonitorAndCommandsWithoutAShell) {
    config::VirtualServer fs = testing::web_failover();
    MonitorContext ctx{"/opt/nanny", "192.0.2.11", true, true, "local2", log::Level::Notice};
    config::LvsConfig c;
    c.failovers.push_back(fs);
    fs.name = "off";
    fs.active = false;
    c.failovers.push_back(fs);
    c.failovers[0].start_cmd = "/etc/fos/web  start";
    c.failovers[0].cmd_timeout = milliseconds(5000);
    const auto s = services_of(c, ctx);
    ASSERT_EQ(s.size(), 1u);  // inactive blocks are neither started nor monitored
    EXPECT_EQ(s[0].monitor,
              (std::vector<std::string>{"/opt/nanny", "--nofork", "-h", "192.0.2.80", "-V", "192.0.2.11", "-p", "8080",
                                        "-v", "-s", "GET / HTTP/1.0\\r\\n\\r\\n", "-x", "HTTP", "-t", "2",
                                        "--nodaemon", "--grace", "5", "--fos", "--name", "web", "--log-facility",
                                        "local2", "--log-level", "notice"}));
    EXPECT_EQ(s[0].start_cmd, (std::vector<std::string>{"/etc/fos/web", "start"}));
    EXPECT_TRUE(s[0].stop_cmd.empty());
    EXPECT_EQ(s[0].target, "192.0.2.80:8080");
    EXPECT_EQ(s[0].cmd_timeout, milliseconds(5000));
}

TEST(FosCore, ActiveRunsStopThenStartThenStopOnTerminate) {
    FosCore c(Mode::Active, {svc("web")});
    Recorder r;
    r.take(c.start(t0));
    EXPECT_EQ(runs(r), (std::vector<std::string>{"run /etc/fos/web stop"}));
    r.take(c.on_command_exit(r.last(), kOk, t0 + milliseconds(10)));
    EXPECT_EQ(r.log.back(), "run /etc/fos/web start");
    EXPECT_TRUE(c.running().empty());
    r.take(c.on_command_exit(r.last(), kOk, t0 + milliseconds(20)));
    EXPECT_EQ(c.running(), (std::vector<std::string>{"web"}));
    EXPECT_EQ(c.next_deadline(), Clock::time_point::max());
    r.take(c.on_terminate(15, t0 + milliseconds(30)));
    EXPECT_EQ(r.log.back(), "run /etc/fos/web stop");
    EXPECT_FALSE(r.exited);  // waits for stop_cmd
    r.take(c.on_command_exit(r.last(), kOk, t0 + milliseconds(40)));
    EXPECT_TRUE(r.exited);
    EXPECT_EQ(r.code, 0);
    EXPECT_TRUE(c.running().empty());
}

TEST(FosCore, FailedStartIsLoggedAndTheOthersGoOn) {
    FosCore c(Mode::Active, {svc("web"), svc("ftp", "192.0.2.81")});
    Recorder r;
    auto a = c.start(t0);
    r.take(a);
    ASSERT_EQ(r.order.size(), 2u);  // both services' stop_cmd run side by side
    r.take(c.on_command_exit(r.order[0], kOk, t0));
    r.take(c.on_command_exit(r.order[1], kOk, t0));
    auto failed = c.on_command_exit(r.order[2], kFail, t0);
    bool logged = false;
    for (const auto& x : failed)
        logged |= x.kind == Kind::Log && x.level == 3 &&
                  x.text.find("Failed to start service 192.0.2.80:80!") != std::string::npos &&
                  x.text.find("exited with status 1") != std::string::npos;
    EXPECT_TRUE(logged);
    r.take(c.on_command_exit(r.order[3], kOk, t0));
    EXPECT_EQ(c.running(), (std::vector<std::string>{"ftp"}));
    // Both are stopped at shutdown: a failed start may have left processes.
    r.log.clear();
    r.take(c.on_terminate(15, t0));
    EXPECT_EQ(r.log, (std::vector<std::string>{"run /etc/fos/ftp stop", "run /etc/fos/web stop"}));
}

TEST(FosCore, ACommandPastItsDeadlineHasItsGroupKilled) {
    FosCore c(Mode::Active, {svc("web")});
    Recorder r;
    r.take(c.start(t0));
    EXPECT_EQ(c.next_deadline(), t0 + milliseconds(1000));
    r.take(c.on_tick(t0 + milliseconds(999)));
    EXPECT_EQ(r.log.back(), "run /etc/fos/web stop");
    r.take(c.on_tick(t0 + milliseconds(1000)));
    EXPECT_EQ(r.log.back(), "kill stop");
    EXPECT_EQ(c.next_deadline(), Clock::time_point::max());  // killed once
    r.take(c.on_tick(t0 + milliseconds(2000)));
    EXPECT_EQ(r.log.back(), "kill stop");
    r.take(c.on_command_exit(r.last(), 9, t0 + milliseconds(2001)));  // SIGKILL
    EXPECT_EQ(r.log.back(), "run /etc/fos/web start");  // stop_cmd's failure does not block the start
}

TEST(FosCore, MonitorModeStopsLocalServicesThenWatchesThePartner) {
    FosCore c(Mode::Monitor, {svc("web")});
    Recorder r;
    r.take(c.start(t0));
    r.take(c.on_command_exit(r.last(), kOk, t0));
    EXPECT_EQ(r.log.back(), "monitor 192.0.2.80");
    EXPECT_EQ(c.next_deadline(), Clock::time_point::max());  // monitors have no deadline
    r.take(c.on_monitor_exit(r.last(), kOk, t0 + milliseconds(5000)));
    EXPECT_TRUE(c.failover());
    EXPECT_TRUE(r.exited);
    EXPECT_EQ(r.code, 0);
}

TEST(FosCore, OneMonitorExitStopsTheOthersBeforeExiting) {
    FosCore c(Mode::Monitor, {svc("web"), svc("ftp", "192.0.2.81")});
    Recorder r;
    r.take(c.start(t0));
    r.take(c.on_command_exit(r.order[0], kOk, t0));
    r.take(c.on_command_exit(r.order[1], kOk, t0));
    ASSERT_EQ(r.order.size(), 4u);
    r.take(c.on_monitor_exit(r.order[2], 1 << 8, t0));
    EXPECT_EQ(r.log.back(), "stop-monitor");
    EXPECT_FALSE(r.exited);
    r.take(c.on_monitor_exit(r.order[3], 15, t0));
    EXPECT_TRUE(r.exited);
}

TEST(FosCore, TerminateInMonitorModeStopsMonitorsWithoutFailover) {
    FosCore c(Mode::Monitor, {svc("web")});
    Recorder r;
    r.take(c.start(t0));
    r.take(c.on_command_exit(r.last(), kOk, t0));
    r.take(c.on_terminate(1, t0));
    EXPECT_EQ(r.log.back(), "stop-monitor");
    r.take(c.on_monitor_exit(r.last(), 15, t0));
    EXPECT_TRUE(r.exited);
    EXPECT_FALSE(c.failover());
}

TEST(FosCore, ReloadLeavesUnchangedServicesRunning) {
    FosCore c(Mode::Active, {svc("web"), svc("ftp", "192.0.2.81")});
    Recorder r;
    r.take(c.start(t0));
    for (int i = 0; i < 4; ++i) r.take(c.on_command_exit(r.order[static_cast<std::size_t>(i)], kOk, t0));
    ASSERT_EQ(c.running().size(), 2u);
    r.log.clear();
    // Same services: nothing happens at all.
    r.take(c.on_reload({svc("web"), svc("ftp", "192.0.2.81")}, t0));
    EXPECT_TRUE(r.log.empty());
    // ftp changed, mail added, web untouched.
    Service ftp2 = svc("ftp", "192.0.2.81");
    ftp2.start_cmd = {"/etc/fos/ftp", "start-v2"};
    r.take(c.on_reload({svc("web"), ftp2, svc("mail", "192.0.2.82")}, t0));
    EXPECT_EQ(r.log, (std::vector<std::string>{"run /etc/fos/ftp stop", "run /etc/fos/mail stop"}));
    r.take(c.on_command_exit(r.order[4], kOk, t0));
    EXPECT_EQ(r.log.back(), "run /etc/fos/ftp stop");  // before the new start, as at start-up
    r.take(c.on_command_exit(r.order[6], kOk, t0));
    EXPECT_EQ(r.log.back(), "run /etc/fos/ftp start-v2");
    // web removed: its stop_cmd runs, the others stay.
    r.log.clear();
    r.take(c.on_reload({ftp2, svc("mail", "192.0.2.82")}, t0));
    EXPECT_EQ(r.log, (std::vector<std::string>{"run /etc/fos/web stop"}));
    EXPECT_FALSE(r.exited);
}

TEST(FosCore, ReloadInMonitorModeRestartsOnlyChangedMonitors) {
    FosCore c(Mode::Monitor, {svc("web"), svc("ftp", "192.0.2.81")});
    Recorder r;
    r.take(c.start(t0));
    r.take(c.on_command_exit(r.order[0], kOk, t0));
    r.take(c.on_command_exit(r.order[1], kOk, t0));
    const auto web_monitor = r.order[2];
    Service web2 = svc("web");
    web2.monitor.push_back("-v");
    r.log.clear();
    r.take(c.on_reload({web2, svc("ftp", "192.0.2.81")}, t0));
    EXPECT_EQ(r.log, (std::vector<std::string>{"stop-monitor"}));
    // The stopped monitor's exit is not a failover condition.
    r.take(c.on_monitor_exit(web_monitor, 15, t0));
    EXPECT_FALSE(c.failover());
    EXPECT_FALSE(r.exited);
    EXPECT_EQ(r.log.back(), "run /etc/fos/web stop");
    r.take(c.on_command_exit(r.last(), kOk, t0));
    EXPECT_EQ(r.log.back(), "monitor 192.0.2.80");
}

TEST(FosCore, AMonitorThatCannotStartIsALocalFault) {
    FosCore c(Mode::Monitor, {svc("web")});
    Recorder r;
    r.take(c.start(t0));
    r.take(c.on_command_exit(r.last(), kOk, t0));
    r.take(c.on_spawn_failed(r.last(), "cannot execute /usr/sbin/nanny", t0));
    EXPECT_TRUE(r.exited);
    EXPECT_EQ(r.code, 1);
    EXPECT_FALSE(c.failover());
}

TEST(FosCore, TerminateDuringStartStopsAfterTheStartEnds) {
    FosCore c(Mode::Active, {svc("web")});
    Recorder r;
    r.take(c.start(t0));
    r.take(c.on_command_exit(r.last(), kOk, t0));
    r.take(c.on_terminate(15, t0));
    EXPECT_EQ(r.log.back(), "run /etc/fos/web start");  // still in flight
    r.take(c.on_command_exit(r.last(), kOk, t0));
    EXPECT_EQ(r.log.back(), "run /etc/fos/web stop");
    r.take(c.on_command_exit(r.last(), kOk, t0));
    EXPECT_TRUE(r.exited);
}

// What lvsctl check sees of each service, through a service's life.
std::vector<shm::FosState> states(const FosCore& c) {
    std::vector<shm::FosState> out;
    for (const auto& s : c.status()) out.push_back(s.state);
    return out;
}

TEST(FosStatus, ActiveStopsStartsRunsOrFails) {
    using shm::FosState;
    FosCore c(Mode::Active, {svc("web"), svc("ftp", "192.0.2.81")});
    Recorder r;
    r.take(c.start(t0));
    EXPECT_EQ(states(c), (std::vector<FosState>{FosState::Stopping, FosState::Stopping}));
    r.take(c.on_command_exit(r.order[0], kOk, t0));
    r.take(c.on_command_exit(r.order[1], kOk, t0));
    EXPECT_EQ(states(c), (std::vector<FosState>{FosState::Starting, FosState::Starting}));
    r.take(c.on_command_exit(r.order[2], kOk, t0));
    r.take(c.on_command_exit(r.order[3], kFail, t0));
    EXPECT_EQ(states(c), (std::vector<FosState>{FosState::Running, FosState::Failed}));
    EXPECT_EQ(c.status()[0].name, "web");  // file order
    r.take(c.on_terminate(15, t0));
    EXPECT_EQ(states(c), (std::vector<FosState>{FosState::Stopping, FosState::Stopping}));
    r.take(c.on_command_exit(r.order[4], kOk, t0));
    r.take(c.on_command_exit(r.order[5], kOk, t0));
    EXPECT_EQ(states(c), (std::vector<FosState>{FosState::Stopped, FosState::Stopped}));
}

TEST(FosStatus, AServiceWithoutStartCmdHasFailed) {
    Service s = svc("web");
    s.start_cmd.clear();
    FosCore c(Mode::Active, {s});
    Recorder r;
    r.take(c.start(t0));
    r.take(c.on_command_exit(r.last(), kOk, t0));
    EXPECT_EQ(states(c), (std::vector<shm::FosState>{shm::FosState::Failed}));
}

TEST(FosStatus, MonitorStopsThenMonitors) {
    using shm::FosState;
    FosCore c(Mode::Monitor, {svc("web")});
    Recorder r;
    r.take(c.start(t0));
    EXPECT_EQ(states(c), (std::vector<FosState>{FosState::Stopping}));
    r.take(c.on_command_exit(r.last(), kOk, t0));
    EXPECT_EQ(states(c), (std::vector<FosState>{FosState::Monitoring}));
    r.take(c.on_terminate(15, t0));
    EXPECT_EQ(states(c), (std::vector<FosState>{FosState::Stopping}));  // the monitor is being stopped
    r.take(c.on_monitor_exit(r.last(), 15, t0));
    EXPECT_EQ(states(c), (std::vector<FosState>{FosState::Stopped}));
}

TEST(FosStatus, RecordHoldsModeNamesAndStatesCutToItsSize) {
    std::vector<ServiceStatus> many;
    for (std::uint32_t i = 0; i < shm::kMaxFosServices + 3; ++i)
        many.push_back({"service-" + std::to_string(i), shm::FosState::Running});
    many[1].name = std::string(100, 'x');
    many[2].state = shm::FosState::Failed;
    const shm::FosRecord r = fos_record(42, Mode::Monitor, many);
    EXPECT_EQ(r.pid, 42);
    EXPECT_EQ(r.mode, 2);
    EXPECT_EQ(r.services, shm::kMaxFosServices);
    EXPECT_STREQ(r.service[0].name, "service-0");
    EXPECT_EQ(std::string(r.service[1].name), std::string(sizeof r.service[1].name - 1, 'x'));  // NUL-terminated
    EXPECT_EQ(r.service[2].state, shm::FosState::Failed);
    EXPECT_EQ(fos_record(1, Mode::Active, {}).mode, 1);
}

}  // namespace
}  // namespace lvs::fos
