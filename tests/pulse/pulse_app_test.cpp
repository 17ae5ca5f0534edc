// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's shell with recording fakes for every adapter: what it does at
// start, when lvsd keeps crashing, on a reload and on SIGTERM.
#include "pulse/pulse_app.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include "common/base/exit_codes.h"
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

    explicit Shell(const std::string& text, std::uint64_t boot = 0xb00700000000000aull) {
        rig.boot = boot;
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

std::string pair_config() {
    std::string pair = kLone;
    pair.replace(pair.find("backup_active = 0"), 17, "backup_active = 1");
    return pair;
}

// A heartbeat of the backup's boot `boot` that echoes `echo`.
std::vector<std::uint8_t> backup_beat(std::uint64_t boot, std::uint64_t seq, hb::Boot echo,
                                      hb::State state = hb::State::Stopped) {
    return hb::encode(hb::Heartbeat{.state = state, .role = hb::Role::Backup, .boot = boot, .seq = seq,
                                    .echo_boot = echo.nonce, .echo_seq = echo.seq},
                      {});
}

hb::Heartbeat last_sent(const Shell& sh) {
    const auto d = hb::decode(sh.rig.sent.back(), {});
    EXPECT_TRUE(d.ok);
    return d.hb;
}

TEST(PulseShell, HeartbeatsGoToThePartnerAndStrangersAreCounted) {
    Shell sh(pair_config());
    ASSERT_TRUE(sh.app->start());
    EXPECT_FALSE(sh.app->fsm().active());  // waits deadtime for a partner
    EXPECT_EQ(sh.rig.paths.partner[0].to_string(), "192.0.2.11");
    ASSERT_EQ(sh.rig.sent.size(), 1u);
    const auto first = last_sent(sh);
    EXPECT_EQ(first.role, hb::Role::Primary);
    // Numbered from 1 in a boot drawn by the ports; nothing heard, nothing echoed.
    EXPECT_EQ(first.boot, sh.rig.boot);
    EXPECT_EQ(first.seq, 1u);
    EXPECT_EQ(first.echo_boot, 0u);
    EXPECT_EQ(first.echo_seq, 0u);
    const auto b = backup_beat(0xbb, 1, {sh.rig.boot, 1});
    sh.app->on_datagram(b, *IpAddress::parse("198.51.100.1"));
    EXPECT_EQ(sh.app->intake().counters().unexpected_source, 1u);
    sh.app->on_datagram(b, *IpAddress::parse("192.0.2.11"));
    EXPECT_EQ(sh.app->intake().counters().received, 1u);
    EXPECT_TRUE(sh.app->fsm().partner_alive());
    // The next heartbeat echoes the backup's boot.
    const auto next = sh.app->intake().echo();
    EXPECT_EQ(next, (hb::Boot{0xbb, 1}));
}

TEST(PulseShell, ARestartedPartnerIsAcceptedAtItsFirstHeartbeatThatEchoesUs) {
    Shell sh(pair_config());
    ASSERT_TRUE(sh.app->start());
    const auto from = *IpAddress::parse("192.0.2.11");
    // The backup hands the service over: we take it and say so at once.
    sh.app->on_datagram(backup_beat(0xb1, 7, {sh.rig.boot, 1}, hb::State::Releasing), from);
    ASSERT_EQ(sh.app->intake().freshness().partner_boot(), 0xb1u);
    ASSERT_EQ(sh.rig.sent.size(), 2u);  // that heartbeat carries the new echo: no second one
    EXPECT_EQ(last_sent(sh).echo_boot, 0xb1u);
    // The backup restarts: sequence 1 again, and it echoes nothing yet.
    sh.app->on_datagram(backup_beat(0xb2, 1, {}), from);
    const auto& n = sh.app->intake().counters();
    EXPECT_EQ(n.rejected[hb::index_of(hb::Reject::StaleEcho)], 1u);
    EXPECT_EQ(n.received, 1u);
    // It does not know our boot: it hears from us at once, not a keepalive later.
    ASSERT_EQ(sh.rig.sent.size(), 3u);
    // It hears our latest heartbeat and echoes it: newer than any echo of
    // its old boot, so accepted.
    const auto ours = last_sent(sh);
    sh.app->on_datagram(backup_beat(0xb2, 2, {ours.boot, ours.seq}), from);
    EXPECT_EQ(n.received, 2u);
    EXPECT_EQ(sh.app->intake().freshness().partner_boot(), 0xb2u);
    EXPECT_EQ(sh.app->intake().echo(), (hb::Boot{0xb2, 2}));
    // The old boot's heartbeat, replayed, is refused.
    sh.app->on_datagram(backup_beat(0xb1, 8, {sh.rig.boot, 1}), from);
    EXPECT_EQ(n.rejected[hb::index_of(hb::Reject::Replayed)], 1u);
    EXPECT_EQ(sh.app->intake().freshness().partner_boot(), 0xb2u);
}

void rewrite(const Shell& sh, const std::string& text) { std::ofstream(sh.path, std::ios::trunc) << text; }

TEST(PulseShell, AReloadAppliesEveryGlobalKeyLiveAndSendsTheNewDigestAtOnce) {
    Shell sh(pair_config());
    ASSERT_TRUE(sh.app->start());
    const auto from = *IpAddress::parse("192.0.2.11");
    sh.app->on_datagram(backup_beat(0xb1, 1, {sh.rig.boot, 1}), from);
    ASSERT_TRUE(sh.app->fsm().active());  // the backup stands by
    EXPECT_FALSE(sh.app->digest_mismatch());
    auto other = hb::Heartbeat{.state = hb::State::Stopped, .role = hb::Role::Backup, .boot = 0xb1, .seq = 2,
                               .echo_boot = sh.rig.boot, .echo_seq = 1, .config_digest = hb::Digest{1}};
    sh.app->on_datagram(hb::encode(other, {}), from);
    EXPECT_TRUE(sh.app->digest_mismatch());  // the partner's file differs
    other.seq = 3;
    other.config_digest = hb::Digest{};
    sh.app->on_datagram(hb::encode(other, {}), from);
    EXPECT_FALSE(sh.app->digest_mismatch());  // and matches again
    std::string next = pair_config();
    next.replace(next.find("deadtime = 3"), 12, "deadtime = 0.3\nheartbeat_port = 600\nfailback = 0");
    next.replace(next.find(" port = 80\n"), 11, " port = 80\n}\nvirtual mail {\n active = 1\n address = 192.0.2.81 eth0:2\n port = 25\n"
                                               " server m1 {\n  address = 10.0.1.31\n  active = 1\n }\n");
    rewrite(sh, next);
    const auto sent = sh.rig.sent.size();
    sh.app->reload();
    EXPECT_EQ(sh.app->config().deadtime, std::chrono::milliseconds(300));
    EXPECT_FALSE(sh.app->config().failback);
    EXPECT_EQ(sh.rig.paths.port, 600);  // a new heartbeat socket
    EXPECT_EQ(sh.rig.addresses->log.back(), "add 192.0.2.81");
    EXPECT_EQ(sh.rig.announcer->log.back(), "eth0 192.0.2.81");
    ASSERT_EQ(sh.rig.sent.size(), sent + 1);  // at once, with the new file's digest
    const auto digest = hb::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(next.data()), next.size()));
    EXPECT_EQ(last_sent(sh).config_digest, digest);
    EXPECT_TRUE(sh.app->digest_mismatch());  // the partner still sends the old one
    // A change that takes a restart is refused whole: nothing else applies.
    std::string fos = next;
    fos.replace(fos.find("service = lvs"), 13, "service = fos");
    fos.replace(fos.find("deadtime = 0.3"), 14, "deadtime = 9");
    rewrite(sh, fos);
    sh.app->reload();
    EXPECT_EQ(sh.app->config().deadtime, std::chrono::milliseconds(300));
    EXPECT_EQ(sh.app->config().service, config::ServiceMode::Lvs);
    EXPECT_EQ(last_sent(sh).config_digest, digest);
}

TEST(PulseShell, NoBootNonceNoStartWithAPartner) {
    {
        Shell sh(pair_config(), 0);
        EXPECT_FALSE(sh.app->start());
        EXPECT_EQ(sh.app->exit_status(), kExitFailure);
    }
    Shell lone(kLone, 0);  // no partner, no heartbeats: the nonce is not needed
    EXPECT_TRUE(lone.app->start());
}

}  // namespace
}  // namespace lvs::pulse
