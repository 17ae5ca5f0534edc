// SPDX-License-Identifier: GPL-2.0-or-later
// pulse with redundancy = ecmp, through recording fakes for every adapter:
// lvsd at once, the addresses up and never ARPed, both sync daemons, the
// routes announced only while the router can serve and withdrawn at any
// failure, lvsd's death and a stop (then the drain), BIRD's failures
// retried, its status in the segment, reloads, links and systemd.
#include "pulse/ecmp_app.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include "common/config/parser.h"
#include "tests/fakes/fake_pulse_ports.h"

namespace lvs::pulse {
namespace {

const char* kEcmp =
    "service = lvs\nredundancy = ecmp\nnetwork = direct\nsyncdaemon = 1\nsyncd_iface = eth1\nsyncd_id = 3\n"
    "bgp_local_as = 64512\nbgp_peer = 192.0.2.1\nbgp_peer_as = 64500\nannounce_warmup = 0\nwithdraw_drain = 5\n"
    "monitor_links = 1\n"
    "virtual www {\n active = 1\n address = 198.51.100.80 lo:1\n port = 80\n scheduler = mh\n"
    " server rs1 {\n  address = 10.0.1.21\n  active = 1\n }\n}\n";

const IpAddress kVip = *IpAddress::parse("198.51.100.80");

BirdParams params_of(const std::string& text) {
    auto loaded = config::load_config_text(text, "f", config::offline_parse_options());
    EXPECT_TRUE(loaded.ok());
    return bird_params(loaded.config);
}

struct Router {
    FakePulseRig rig;
    std::string path;
    std::string shm;
    std::unique_ptr<EcmpApp> app;

    explicit Router(const std::string& text = kEcmp, bool links = false) {
        rig.with_links = links;
        rig.interfaces = {{"lo", *IpAddress::parse("127.0.0.1"), 8}, {"eth0", *IpAddress::parse("192.0.2.10"), 24},
                          {"eth1", *IpAddress::parse("10.0.1.10"), 24}};
        path = "/tmp/ecmp_app_test." + std::to_string(::getpid()) + ".cf";
        shm = "lvs-ecmp-app-test-" + std::to_string(::getpid());
        std::ofstream(path) << text;
        auto loaded = config::load_config_text(text, path, config::offline_parse_options());
        EXPECT_TRUE(loaded.ok());
        Options o;
        o.config = path;
        o.lvsd = "/usr/sbin/lvsd";
        config::Settings s;
        s.shm_name = shm;
        s.status_listen = "";
        app = std::make_unique<EcmpApp>(o, s, loaded.config, hb::Digest{}, rig.ports());
    }
    ~Router() {
        app.reset();
        ::unlink(path.c_str());
    }
    proc::FakeChildPorts& kids() { return *rig.children; }
    FakeBirdControl& bird() { return *rig.bird; }
    std::unique_ptr<shm::StatusTable> segment() {
        auto t = shm::StatusTable::open(shm);
        EXPECT_TRUE(t.ok());
        return t.ok() ? std::move(*t) : nullptr;
    }
    // lvsd (the last one started) says its table is programmed.
    void programmed() {
        shm::LvsdRecord l{};
        l.pid = kids().last_pid();
        l.ready_ms = 5;
        segment()->lvsd().publish(l);
    }
    // rs1's nanny and lvsd's record of it.
    void server(shm::RsState state) {
        auto t = segment();
        shm::DestRecord d{};
        d.in_use = 1;
        d.protocol = 6;
        d.family = 4;
        inet_pton(AF_INET, "198.51.100.80", d.vip);
        d.vport = 80;
        d.kernel_weight = state == shm::RsState::Up ? 1 : -1;
        t->dest(0).publish(d);
        shm::RealServerRecord r{};
        r.owner_pid = 4242;
        r.state = state;
        t->rs(0).publish(r);
    }
    // lvsd has programmed its table and rs1 is up: the address is announced.
    void serving() {
        programmed();
        server(shm::RsState::Up);
        app->tick();
    }
    std::string routes(std::vector<IpAddress> vips) const { return bird_fragment(params_of(kEcmp), vips); }
};

TEST(EcmpShell, StartsLvsdAtOnceWithTheAddressesUpNeverArpedAndBothSyncDaemons) {
    Router r;
    ASSERT_TRUE(r.app->start());
    ASSERT_EQ(r.kids().spawned.size(), 1u);
    const auto& argv = r.kids().spawned[0].argv;
    EXPECT_EQ(argv[0], "/usr/sbin/lvsd");
    EXPECT_NE(std::find(argv.begin(), argv.end(), "--attach-shm"), argv.end());
    EXPECT_EQ(r.rig.addresses->log, (std::vector<std::string>{"add 198.51.100.80"}));
    EXPECT_TRUE(r.rig.announcer->log.empty());  // BGP routes the address: no gratuitous ARP
    EXPECT_EQ(r.rig.sync->client.log,
              (std::vector<std::string>{"stop-daemon master", "stop-daemon backup", "start-daemon backup eth1 3",
                                        "start-daemon master eth1 3"}));
    ASSERT_EQ(r.bird().applied.size(), 1u);  // the sessions, no route yet
    EXPECT_EQ(r.bird().applied[0], r.routes({}));
    EXPECT_EQ(r.rig.bird_paths[0].include, "/etc/bird/lvs-vips.conf");
    EXPECT_FALSE(r.app->policy().announced(kVip));
    EXPECT_EQ(r.app->policy().reason(kVip), AnnounceReason::TableNotProgrammed);
}

TEST(EcmpShell, IpvsIsSloppySoThatAFlowMovedMidWayKeepsItsServer) {
    Router r;
    ASSERT_TRUE(r.app->start());
    EXPECT_EQ(r.rig.sysctls, (std::vector<std::string>{"net.ipv4.vs.sloppy_tcp=1", "net.ipv4.vs.sloppy_sctp=1"}));
    r.serving();  // written once
    EXPECT_EQ(r.rig.sysctls.size(), 2u);
}

TEST(EcmpShell, SloppyIsTriedAgainOnceLvsdHasLoadedIpvs) {
    Router r;
    r.rig.sysctl_error = make_error(ErrorCode::Io, "cannot open /proc/sys/net/ipv4/vs/sloppy_tcp", ENOENT);
    ASSERT_TRUE(r.app->start());
    EXPECT_TRUE(r.rig.sysctls.empty());
    r.rig.sysctl_error.reset();
    r.app->tick();  // lvsd has not programmed: not yet
    EXPECT_TRUE(r.rig.sysctls.empty());
    r.serving();
    EXPECT_EQ(r.rig.sysctls, (std::vector<std::string>{"net.ipv4.vs.sloppy_tcp=1", "net.ipv4.vs.sloppy_sctp=1"}));
}

TEST(EcmpShell, AnnouncesOnceLvsdHasProgrammedAndAServerIsUpAndToldSystemd) {
    Router r;
    ASSERT_TRUE(r.app->start());
    for (const auto& n : r.rig.notices) EXPECT_EQ(n.find("READY=1"), std::string::npos) << n;
    r.programmed();
    r.app->tick();
    EXPECT_EQ(r.app->policy().reason(kVip), AnnounceReason::TooFewServers);
    EXPECT_EQ(r.rig.notices.back().rfind("READY=1\n", 0), 0u) << r.rig.notices.back();
    r.server(shm::RsState::Up);
    r.app->tick();
    EXPECT_TRUE(r.app->policy().announced(kVip));
    EXPECT_EQ(r.bird().applied.back(), r.routes({kVip}));
    EXPECT_EQ(r.rig.notices.back(), "STATUS=ecmp router, announcing 1 of 1 VIPs");
    const auto sent = r.bird().applied.size();
    r.app->tick();  // nothing new: BIRD is not asked again
    EXPECT_EQ(r.bird().applied.size(), sent);
}

TEST(EcmpShell, AServerGoingDownWithdrawsAndItsReturnAnnouncesAgain) {
    Router r;
    ASSERT_TRUE(r.app->start());
    r.serving();
    r.server(shm::RsState::Down);
    r.app->tick();
    EXPECT_FALSE(r.app->policy().announced(kVip));
    EXPECT_EQ(r.app->policy().reason(kVip), AnnounceReason::TooFewServers);
    EXPECT_EQ(r.bird().applied.back(), r.routes({}));
    EXPECT_EQ(r.rig.notices.back(), "STATUS=ecmp router, announcing 0 of 1 VIPs");
    r.server(shm::RsState::Up);
    r.app->tick();
    EXPECT_EQ(r.bird().applied.back(), r.routes({kVip}));
}

TEST(EcmpShell, LvsdDeathWithdrawsAtOnceAndTheRestartedLvsdMustProgramAgain) {
    Router r;
    ASSERT_TRUE(r.app->start());
    r.serving();
    const pid_t first = r.kids().last_pid();
    r.app->on_child(first, SIGSEGV);  // no tick needed
    EXPECT_FALSE(r.app->policy().announced(kVip));
    EXPECT_EQ(r.bird().applied.back(), r.routes({}));
    ASSERT_TRUE(r.kids().ring_wired());  // the restart policy starts it again
    ASSERT_EQ(r.kids().spawned.size(), 2u);
    r.app->tick();
    EXPECT_EQ(r.app->policy().reason(kVip), AnnounceReason::TableNotProgrammed);  // the old record is not the new lvsd's
    r.programmed();
    r.app->tick();
    EXPECT_TRUE(r.app->policy().announced(kVip));
    EXPECT_EQ(r.app->supervision().lvsd_restarts(), 1u);
}

TEST(EcmpShell, AFailedChangeIsRetriedAndAWithdrawalGoesOutAtOnce) {
    Router r;
    ASSERT_TRUE(r.app->start());
    r.bird().apply_error = make_error(ErrorCode::Timeout, "/usr/sbin/birdc did not answer within 3000 ms");
    r.serving();
    EXPECT_TRUE(r.app->announcer().failed());
    EXPECT_EQ(r.app->announcer().confirmed(), std::vector<IpAddress>{});
    {
        auto t = r.segment();
        shm::EcmpRecord e{};
        ASSERT_TRUE(t->ecmp().read(e));
        EXPECT_TRUE(e.apply_failed);
        EXPECT_STREQ(e.apply_error, "/usr/sbin/birdc did not answer within 3000 ms");
    }
    r.bird().apply_error.reset();
    r.app->retry_bird();
    EXPECT_FALSE(r.app->announcer().failed());
    EXPECT_EQ(r.app->announcer().confirmed(), std::vector<IpAddress>{kVip});
    r.app->retry_bird();  // nothing failed: nothing sent
    EXPECT_EQ(r.bird().applied.back(), r.routes({kVip}));
}

TEST(EcmpShell, SigtermWithdrawsDrainsThenStopsLvsdAndTheAddresses) {
    Router r;
    ASSERT_TRUE(r.app->start());
    r.serving();
    const pid_t lvsd = r.kids().last_pid();
    r.app->on_terminate(SIGTERM);
    EXPECT_EQ(r.bird().applied.back(), r.routes({}));
    EXPECT_TRUE(r.app->draining());
    EXPECT_TRUE(r.kids().signals.empty());  // lvsd serves the flows still arriving
    EXPECT_EQ(r.rig.notices.back().rfind("STOPPING=1\n", 0), 0u) << r.rig.notices.back();
    EXPECT_NE(r.rig.notices.back().find("STATUS=ecmp router, stopping: routes withdrawn, draining"), std::string::npos);
    {
        auto t = r.segment();
        shm::EcmpRecord e{};
        ASSERT_TRUE(t->ecmp().read(e));
        EXPECT_TRUE(e.stopping);
        EXPECT_GT(e.drain_left_ms, 0u);  // withdraw_drain = 5, counting down
        EXPECT_LE(e.drain_left_ms, 5000u);
    }
    r.app->tick();  // lvsd and the servers still fine: nothing announced while stopping
    EXPECT_EQ(r.bird().applied.back(), r.routes({}));
    r.app->on_drain_end();
    ASSERT_EQ(r.kids().signals.size(), 1u);
    EXPECT_EQ(r.kids().signals[0].pid, lvsd);
    EXPECT_EQ(r.kids().signals[0].sig, SIGTERM);
    EXPECT_EQ(r.rig.addresses->log.back(), "remove 198.51.100.80");
    EXPECT_FALSE(r.app->stopped());
    r.app->on_child(lvsd, SIGTERM);
    EXPECT_TRUE(r.app->stopped());
    EXPECT_EQ(r.kids().spawned.size(), 1u);  // not restarted
}

TEST(EcmpShell, TheDrainWaitsForBirdToTakeTheWithdrawal) {
    Router r;
    ASSERT_TRUE(r.app->start());
    r.serving();
    r.bird().hold_apply = true;
    r.app->on_terminate(SIGTERM);
    r.app->on_drain_end();
    EXPECT_TRUE(r.kids().signals.empty());  // birdc still runs
    r.bird().hold_apply = false;
    ASSERT_TRUE(r.bird().finish_apply());
    ASSERT_EQ(r.kids().signals.size(), 1u);
    EXPECT_EQ(r.kids().signals[0].sig, SIGTERM);
}

TEST(EcmpShell, WithNothingAnnouncedSigtermStopsAtOnce) {
    Router r;
    ASSERT_TRUE(r.app->start());
    r.app->on_terminate(SIGTERM);  // StopAfter(now): the drain timer rings on the next turn
    r.app->on_drain_end();
    ASSERT_EQ(r.kids().signals.size(), 1u);
}

TEST(EcmpShell, AMonitoredLinkDownWithdrawsAndItsReturnWarmsUpAgain) {
    Router r(kEcmp, true);
    ASSERT_TRUE(r.app->start());
    ASSERT_EQ(r.app->watched_links(),
              (std::vector<EcmpLink>{{"eth0", "BGP peer 192.0.2.1"}, {"eth1", "real server 10.0.1.21"}}));
    r.serving();
    ASSERT_TRUE(r.app->policy().announced(kVip));
    r.rig.links->changed("eth0", false);
    EXPECT_FALSE(r.app->policy().announced(kVip));
    EXPECT_EQ(r.app->policy().reason(kVip), AnnounceReason::LinkDown);
    EXPECT_EQ(r.bird().applied.back(), r.routes({}));
    r.rig.links->changed("eth7", false);  // not watched: nothing
    r.rig.links->changed("eth0", true);
    r.app->tick();
    EXPECT_TRUE(r.app->policy().announced(kVip));
    auto t = r.segment();
    shm::RouterRecord rec{};
    ASSERT_TRUE(t->router().read(rec));
    EXPECT_FALSE(rec.link_failed);
}

TEST(EcmpShell, ALinkDownAtStartHoldsTheAnnouncement) {
    Router r(kEcmp, true);
    r.rig.with_links = true;
    ASSERT_TRUE(r.app->start());
    r.rig.links->down.insert("eth1");
    r.rig.links->changed("eth1", false);
    r.serving();
    EXPECT_EQ(r.app->policy().reason(kVip), AnnounceReason::LinkDown);
}

TEST(EcmpShell, ReloadAppliesAndARedundancyChangeIsRefused) {
    Router r;
    ASSERT_TRUE(r.app->start());
    r.serving();
    std::string next = kEcmp;
    next.replace(next.find("bgp_peer = 192.0.2.1"), 20, "bgp_peer = [ 192.0.2.1 192.0.2.2 ]");
    next.replace(next.find("syncd_id = 3"), 12, "syncd_id = 4");
    std::ofstream(r.path, std::ios::trunc) << next;
    r.app->reload();
    EXPECT_EQ(r.app->config().bgp_peer.size(), 2u);
    EXPECT_EQ(r.bird().applied.back(), bird_fragment(params_of(next), {kVip}));  // still announced, new peer
    EXPECT_EQ(r.rig.sync->client.log.back(), "start-daemon master eth1 4");
    EXPECT_EQ(r.bird().paths.size(), 1u);  // BIRD's paths again
    ASSERT_FALSE(r.kids().signals.empty());
    EXPECT_EQ(r.kids().signals.back().sig, SIGHUP);  // lvsd reloads too
    std::string pair = kEcmp;
    pair.replace(pair.find("redundancy = ecmp"), 17, "redundancy = pair");
    std::ofstream(r.path, std::ios::trunc) << pair;
    r.app->reload();
    EXPECT_EQ(r.app->config().redundancy, config::Redundancy::Ecmp);
    EXPECT_EQ(r.app->config().bgp_peer.size(), 2u);
}

TEST(EcmpShell, AReloadThatDropsTheVirtualWithdrawsIt) {
    Router r;
    ASSERT_TRUE(r.app->start());
    r.serving();
    std::string next = kEcmp;
    next.replace(next.find(" active = 1\n address"), 11, " active = 0\n");
    std::ofstream(r.path, std::ios::trunc) << next;
    r.app->reload();
    EXPECT_FALSE(r.app->policy().announced(kVip));
    EXPECT_EQ(r.bird().applied.back(), bird_fragment(params_of(next), {}));
    EXPECT_EQ(r.rig.addresses->log.back(), "remove 198.51.100.80");
}

TEST(EcmpShell, BirdsStatusGoesToTheSegmentAndAFailureIsShown) {
    Router r;
    ASSERT_TRUE(r.app->start());
    r.serving();
    r.bird().next_status.bgp = {{"lvs_bgp_192_0_2_1", "BGP", "---", "up", "13:40:05", "Established"}};
    r.bird().next_status.routes = {"198.51.100.80/32"};
    r.app->poll_bird();
    auto t = r.segment();
    shm::RouterRecord rec{};
    ASSERT_TRUE(t->router().read(rec));
    EXPECT_EQ(rec.ecmp, 1);
    EXPECT_EQ(rec.lvsd_pid, r.kids().last_pid());
    shm::EcmpRecord e{};
    ASSERT_TRUE(t->ecmp().read(e));
    EXPECT_EQ(e.pid, rec.pid);
    EXPECT_TRUE(e.bird_answered);
    ASSERT_EQ(e.bgp_count, 1u);
    EXPECT_STREQ(e.bgp[0].session, "Established");
    ASSERT_EQ(e.vip_count, 1u);
    EXPECT_TRUE(e.vips[0].announced);
    EXPECT_TRUE(e.vips[0].in_bird);
    r.bird().status_error = make_error(ErrorCode::Io, "/usr/sbin/birdc exited with status 1");
    r.app->poll_bird();
    ASSERT_TRUE(t->ecmp().read(e));
    EXPECT_FALSE(e.bird_answered);
    EXPECT_EQ(e.poll_failures, 1u);
    EXPECT_EQ(e.bgp_count, 0u);
    EXPECT_STREQ(e.status_error, "/usr/sbin/birdc exited with status 1");
}

TEST(EcmpShell, OneStatusRequestAtATime) {
    Router r;
    ASSERT_TRUE(r.app->start());
    const int asked = r.bird().status_calls;
    r.bird().hold_status = true;
    r.app->poll_bird();
    r.app->poll_bird();
    EXPECT_EQ(r.bird().status_calls, asked + 1);
    r.bird().hold_status = false;
    ASSERT_TRUE(r.bird().finish_status());
    r.app->poll_bird();
    EXPECT_EQ(r.bird().status_calls, asked + 2);
}

TEST(EcmpShell, NorunTouchesNothing) {
    FakePulseRig rig;
    const std::string path = "/tmp/ecmp_app_norun." + std::to_string(::getpid()) + ".cf";
    auto loaded = config::load_config_text(kEcmp, path, config::offline_parse_options());
    ASSERT_TRUE(loaded.ok());
    Options o;
    o.config = path;
    o.norun = true;
    config::Settings s;
    s.shm_name = "lvs-ecmp-norun-" + std::to_string(::getpid());
    s.status_listen = "";
    EcmpApp app(o, s, loaded.config, hb::Digest{}, rig.ports());
    ASSERT_TRUE(app.start());
    EXPECT_TRUE(rig.children->spawned.empty());
    EXPECT_TRUE(rig.addresses->log.empty());
    EXPECT_TRUE(rig.sync->client.log.empty());
    EXPECT_EQ(rig.bird, nullptr);
    EXPECT_TRUE(rig.sysctls.empty());
    app.on_terminate(SIGTERM);
    app.on_drain_end();
    EXPECT_TRUE(app.stopped());
}

}  // namespace
}  // namespace lvs::pulse
