// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's shell with recording fakes for every adapter: what it does at
// start, when lvsd keeps crashing, on a reload and on SIGTERM.
#include "pulse/pulse_app.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include "common/config/parser.h"
#include "tests/fakes/fake_pulse_ports.h"

namespace lvs::pulse {
namespace {

const char* kLone =
    "primary = 192.0.2.10\nservice = lvs\nbackup_active = 0\nbackup = 192.0.2.11\nkeepalive = 1\ndeadtime = 3\n"
    "network = direct\n"
    "virtual web {\n active = 1\n address = 192.0.2.80 eth0:1\n port = 80\n"
    " server rs1 {\n  address = 10.0.1.21\n  active = 1\n }\n}\n";

struct Shell {
    FakePulseRig rig;
    std::string path;
    std::unique_ptr<PulseApp> app;

    explicit Shell(const std::string& text) {
        path = "/tmp/pulse_app_test." + std::to_string(::getpid()) + ".cf";
        std::ofstream(path) << text;
        auto loaded = config::load_config_text(text, path, config::offline_parse_options());
        EXPECT_TRUE(loaded.ok());
        Options o;
        o.config = path;
        o.lvsd = "/usr/sbin/lvsd";
        config::Settings s;
        s.shm_name = "lvs-pulse-app-test-" + std::to_string(::getpid());
        s.status_listen = "";
        s.heartbeat_rt_priority = 0;
        app = std::make_unique<PulseApp>(o, s, loaded.config, hb::Digest{}, std::vector<std::uint8_t>{},
                                         hb::Role::Primary, rig.ports());
    }
    ~Shell() {
        app.reset();
        ::unlink(path.c_str());
    }
    proc::FakeChildPorts& kids() { return *rig.children; }
    // lvsd exits with `status`; the restart alarm rings.
    void crash(int status) {
        app->on_child(kids().last_pid(), status);
        kids().ring_wired();
    }
};

TEST(PulseShell, ALoneRouterTakesTheServiceAndStartsLvsd) {
    Shell sh(kLone);
    ASSERT_TRUE(sh.app->start());
    EXPECT_TRUE(sh.app->fsm().active());
    EXPECT_EQ(sh.rig.addresses->log, (std::vector<std::string>{"add 192.0.2.80"}));
    EXPECT_EQ(sh.rig.announcer->log, (std::vector<std::string>{"eth0 192.0.2.80"}));
    ASSERT_EQ(sh.kids().spawned.size(), 1u);
    const auto& argv = sh.kids().spawned[0].argv;
    EXPECT_EQ(argv[0], "/usr/sbin/lvsd");
    EXPECT_NE(std::find(argv.begin(), argv.end(), "--attach-shm"), argv.end());
    EXPECT_EQ(sh.kids().spawned[0].opts.parent_death_signal, SIGUSR2);
    EXPECT_EQ(sh.app->supervision().lvsd_pid(), sh.kids().last_pid());
}

TEST(PulseShell, LvsdThatKeepsCrashingHandsTheServiceOverAndAReloadRetriesIt) {
    Shell sh(kLone);
    ASSERT_TRUE(sh.app->start());
    for (int i = 0; i < 5; ++i) sh.crash(SIGSEGV);
    EXPECT_EQ(sh.kids().spawned.size(), 6u);
    EXPECT_EQ(sh.app->supervision().lvsd_restarts(), 5u);
    EXPECT_TRUE(sh.app->fsm().active());
    sh.crash(SIGSEGV);  // the sixth in a row: escalated
    EXPECT_EQ(sh.kids().spawned.size(), 6u);
    EXPECT_TRUE(sh.app->fsm().lvsd_failed());
    EXPECT_FALSE(sh.app->fsm().active());
    EXPECT_EQ(sh.rig.addresses->log.back(), "remove 192.0.2.80");
    sh.app->reload();  // the operator fixed something: lvsd runs again, a lone router serves again
    EXPECT_EQ(sh.kids().spawned.size(), 7u);
    EXPECT_FALSE(sh.app->fsm().lvsd_failed());
    EXPECT_TRUE(sh.app->fsm().active());
}

TEST(PulseShell, AConfigurationErrorInLvsdIsNotRetried) {
    Shell sh(kLone);
    ASSERT_TRUE(sh.app->start());
    sh.crash(2 << 8);
    EXPECT_EQ(sh.kids().spawned.size(), 1u);
    EXPECT_TRUE(sh.app->fsm().lvsd_failed());
}

TEST(PulseShell, SigtermStopsLvsdWithoutBlockingAndEndsWhenItHasExited) {
    Shell sh(kLone);
    ASSERT_TRUE(sh.app->start());
    const pid_t lvsd = sh.kids().last_pid();
    sh.app->on_terminate(SIGTERM);
    ASSERT_FALSE(sh.kids().signals.empty());
    EXPECT_EQ(sh.kids().signals.back().pid, lvsd);
    EXPECT_EQ(sh.kids().signals.back().sig, SIGTERM);
    EXPECT_FALSE(sh.app->stopped());
    EXPECT_EQ(sh.rig.addresses->log.back(), "remove 192.0.2.80");
    sh.app->on_child(lvsd, SIGTERM);
    EXPECT_TRUE(sh.app->stopped());
    EXPECT_EQ(sh.kids().spawned.size(), 1u);  // not restarted
}

TEST(PulseShell, LvsdThatIgnoresSigtermIsKilledAtTheDeadline) {
    Shell sh(kLone);
    ASSERT_TRUE(sh.app->start());
    const pid_t lvsd = sh.kids().last_pid();
    sh.app->on_terminate(SIGTERM);
    const auto t = sh.kids().clock;
    ASSERT_TRUE(sh.kids().ring_wired());
    EXPECT_EQ(sh.kids().clock - t, std::chrono::seconds(10));
    EXPECT_EQ(sh.kids().signals.back().pid, lvsd);
    EXPECT_EQ(sh.kids().signals.back().sig, SIGKILL);
    sh.app->on_child(lvsd, SIGKILL);
    EXPECT_TRUE(sh.app->stopped());
}

TEST(PulseShell, HeartbeatsGoToThePartnerAndStrangersAreCounted) {
    std::string pair = kLone;
    pair.replace(pair.find("backup_active = 0"), 17, "backup_active = 1");
    Shell sh(pair);
    ASSERT_TRUE(sh.app->start());
    EXPECT_FALSE(sh.app->fsm().active());  // waits deadtime for a partner
    EXPECT_EQ(sh.rig.paths.partner[0].to_string(), "192.0.2.11");
    ASSERT_EQ(sh.rig.sent.size(), 1u);
    const auto d = hb::decode(sh.rig.sent[0], {});
    ASSERT_TRUE(d.ok);
    EXPECT_EQ(d.hb.role, hb::Role::Primary);
    const auto b = hb::encode(hb::Heartbeat{hb::State::Running, hb::Role::Backup, hb::Mode::Lvs, 1, {}}, {});
    sh.app->on_datagram(b, *IpAddress::parse("198.51.100.1"));
    EXPECT_EQ(sh.app->intake().counters().unexpected_source, 1u);
    sh.app->on_datagram(b, *IpAddress::parse("192.0.2.11"));
    EXPECT_EQ(sh.app->intake().counters().received, 1u);
    EXPECT_TRUE(sh.app->fsm().partner_alive());
}

}  // namespace
}  // namespace lvs::pulse
