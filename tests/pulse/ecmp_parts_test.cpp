// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp's pure parts and small adapters' uses: the policy's
// facts from the status segment, the links monitor_links watches, the
// EcmpRecord, the session log lines, systemd's STATUS=, both sync daemons
// and addresses plumbed without announcements.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "common/config/parser.h"
#include "pulse/ecmp_inputs.h"
#include "pulse/ecmp_status.h"
#include "pulse/main_modes.h"
#include "pulse/service_notice.h"
#include "tests/fakes/fake_pulse_ports.h"

namespace lvs::pulse {
namespace {

using namespace std::chrono_literals;
using T = AnnounceClock::time_point;
const T t0 = T{} + 1h;

config::LvsConfig parse(const std::string& text) {
    auto loaded = config::load_config_text(text, "f", config::offline_parse_options());
    EXPECT_TRUE(loaded.ok());
    return loaded.config;
}

const char* kTwo =
    "redundancy = ecmp\nnetwork = direct\nbgp_local_as = 64512\nbgp_peer = [ 192.0.2.1 2001:db8::1 ]\n"
    "bgp_peer_as = 64500\nmonitor_links = 1\n"
    "virtual www {\n active = 1\n address = 198.51.100.80 lo:1\n port = 80\n scheduler = mh\n"
    " server a {\n  address = 10.0.1.21\n  active = 1\n }\n server b {\n  address = 10.0.2.22\n  active = 1\n }\n}\n"
    "virtual dns {\n active = 1\n address = 198.51.100.80 lo:1\n protocol = udp\n port = 53\n scheduler = mh\n"
    " server a {\n  address = 10.0.1.21\n  active = 1\n }\n}\n"
    "virtual off {\n active = 0\n address = 198.51.100.99 lo:2\n port = 80\n}\n";

status::ServerView dest(std::uint8_t proto, std::uint16_t port, shm::RsState st, int kernel_weight) {
    status::ServerView v;
    v.dest.in_use = 1;
    v.dest.protocol = proto;
    v.dest.family = 4;
    inet_pton(AF_INET, "198.51.100.80", v.dest.vip);
    v.dest.vport = port;
    v.dest.kernel_weight = kernel_weight;
    v.rs.owner_pid = 7;
    v.rs.state = st;
    return v;
}

TEST(EcmpFacts, LvsdItsTableAndTheServersUpPerService) {
    const auto cfg = parse(kTwo);
    status::Snapshot s;
    s.lvsd_present = true;
    s.lvsd.pid = 500;
    s.lvsd.ready_ms = 12;
    s.servers = {dest(6, 80, shm::RsState::Up, 1), dest(6, 80, shm::RsState::Up, 0),  // weight 0: no traffic
                 dest(17, 53, shm::RsState::ForcedUp, 5), dest(6, 53, shm::RsState::Up, 1)};  // TCP 53: no service
    auto f = ecmp_facts(cfg, s, 500);
    EXPECT_TRUE(f.lvsd_alive);
    EXPECT_TRUE(f.programmed);
    EXPECT_EQ(f.servers_up, (std::vector<std::pair<std::string, int>>{{"www", 1}, {"dns", 1}}));
    // Another lvsd's record (the previous one): not programmed, nothing counted.
    f = ecmp_facts(cfg, s, 501);
    EXPECT_TRUE(f.lvsd_alive);
    EXPECT_FALSE(f.programmed);
    EXPECT_EQ(f.servers_up, (std::vector<std::pair<std::string, int>>{{"www", 0}, {"dns", 0}}));
    f = ecmp_facts(cfg, s, -1);
    EXPECT_FALSE(f.lvsd_alive);
    s.lvsd.ready_ms = 0;
    EXPECT_FALSE(ecmp_facts(cfg, s, 500).programmed);
}

TEST(EcmpFacts, FedToThePolicyTheyAnnounceAndWithdraw) {
    const auto cfg = parse(kTwo);
    auto params = announce_params(cfg);
    params.warmup = 0ms;
    AnnouncePolicy p(params);
    EcmpFacts f{.lvsd_alive = true, .programmed = true, .servers_up = {{"www", 1}, {"dns", 0}}};
    EXPECT_TRUE(feed(p, f, t0).empty());  // dns has none up: its address waits
    f.servers_up[1].second = 1;
    const auto on = feed(p, f, t0);
    ASSERT_EQ(on.size(), 1u);
    EXPECT_EQ(on[0].kind, AnnounceAction::Kind::Announce);
    EXPECT_TRUE(feed(p, f, t0).empty());
    f.lvsd_alive = false;
    f.programmed = false;
    const auto off = feed(p, f, t0 + 1s);
    ASSERT_EQ(off.size(), 1u);
    EXPECT_EQ(off[0].kind, AnnounceAction::Kind::Withdraw);
    EXPECT_EQ(off[0].reason, AnnounceReason::LvsdDown);
}

TEST(EcmpLinks, ThePeersAndServersConnectedSubnetsNeverTheLoopback) {
    const auto cfg = parse(kTwo);
    const std::vector<net::InterfaceAddress> local = {
        {"lo", *IpAddress::parse("127.0.0.1"), 8},          {"lo", *IpAddress::parse("198.51.100.80"), 32},
        {"eth0", *IpAddress::parse("192.0.2.10"), 24},      {"eth0", *IpAddress::parse("2001:db8::10"), 64},
        {"eth1", *IpAddress::parse("10.0.0.10"), 16},       {"eth2", *IpAddress::parse("10.0.1.10"), 24}};
    EXPECT_EQ(ecmp_links(cfg, local), (std::vector<EcmpLink>{{"eth0", "BGP peer 192.0.2.1"},
                                                             {"eth2", "real server 10.0.1.21"},
                                                             {"eth1", "real server 10.0.2.22"}}));
    auto off = cfg;
    off.monitor_links = 0;
    EXPECT_TRUE(ecmp_links(off, local).empty());
    // A peer on no connected subnet (routed): no link for it.
    EXPECT_EQ(ecmp_links(cfg, {{"eth0", *IpAddress::parse("203.0.113.5"), 24}}), std::vector<EcmpLink>{});
}

TEST(EcmpLinks, InSubnet) {
    const auto a = *IpAddress::parse("192.0.2.130");
    EXPECT_TRUE(in_subnet(a, *IpAddress::parse("192.0.2.128"), 25));
    EXPECT_FALSE(in_subnet(a, *IpAddress::parse("192.0.2.0"), 25));
    EXPECT_TRUE(in_subnet(a, *IpAddress::parse("10.0.0.0"), 0));
    EXPECT_FALSE(in_subnet(a, *IpAddress::parse("2001:db8::"), 0));  // families differ
    EXPECT_TRUE(in_subnet(*IpAddress::parse("2001:db8::1:2"), *IpAddress::parse("2001:db8::"), 64));
    EXPECT_FALSE(in_subnet(*IpAddress::parse("2001:db9::1"), *IpAddress::parse("2001:db8::"), 32));
}

BirdParams bird() {
    BirdParams p;
    p.local_as = 64512;
    p.peers = {{*IpAddress::parse("192.0.2.1"), 64500}};
    return p;
}

TEST(EcmpRecord, WhatIsAnnouncedWhyNotAndBird) {
    const auto cfg = parse(kTwo);
    auto params = announce_params(cfg);
    params.warmup = 10s;
    AnnouncePolicy p(params);
    FakeBirdControl control;
    BirdAnnouncer ann(control, bird());
    ann.apply({});
    BirdPolls polls;
    polls.polls = 3;
    polls.answered = true;
    polls.last_answer_real_s = 1234;
    polls.last.bgp = {{"lvs_bgp_192_0_2_1", "BGP", "---", "start", "13:40:05", "Active Socket: Connection refused"}};
    polls.last.bfd = {{"lvs_bfd", "192.0.2.1", "eth0", "Down", "13:40:05", "0.100", "0.300"}};
    polls.last.routes = {"198.51.100.80/32"};
    feed(p, {.lvsd_alive = true, .programmed = true, .servers_up = {{"www", 2}, {"dns", 1}}}, t0);
    auto r = ecmp_record({.policy = p, .announcer = ann, .bird = polls, .drain_until = {}, .min_servers = 1,
                          .now = t0 + 4s},
                         77);
    EXPECT_EQ(r.pid, 77);
    EXPECT_EQ(r.reason, AnnounceReason::WarmingUp);
    EXPECT_EQ(r.warmup_left_ms, 6000u);
    ASSERT_EQ(r.vip_count, 1u);  // one address, two services
    EXPECT_FALSE(r.vips[0].announced);
    EXPECT_EQ(r.vips[0].reason, AnnounceReason::WarmingUp);
    EXPECT_TRUE(r.vips[0].in_bird);  // BIRD still lists it: the check says so
    EXPECT_EQ(r.route_count, 1u);
    ASSERT_EQ(r.bgp_count, 1u);
    EXPECT_STREQ(r.bgp[0].state, "start");
    EXPECT_STREQ(r.bgp[0].session, "Active");
    EXPECT_STREQ(r.bgp[0].info, "Socket: Connection refused");
    ASSERT_EQ(r.bfd_count, 1u);
    EXPECT_STREQ(r.bfd[0].state, "Down");
    EXPECT_EQ(r.applies, 1u);
    EXPECT_EQ(r.last_answer_real_s, 1234);
    EXPECT_TRUE(r.bird_answered);
    // Warm, then a stop: the drain left.
    feed(p, {.lvsd_alive = true, .programmed = true, .servers_up = {{"www", 2}, {"dns", 1}}}, t0 + 10s);
    EXPECT_TRUE(p.announced(*IpAddress::parse("198.51.100.80")));
    p.on_stop(t0 + 11s);
    r = ecmp_record({.policy = p, .announcer = ann, .bird = polls, .drain_until = t0 + 16s, .min_servers = 1,
                     .now = t0 + 12s},
                    77);
    EXPECT_TRUE(r.stopping);
    EXPECT_EQ(r.reason, AnnounceReason::Stopping);
    EXPECT_EQ(r.drain_left_ms, 4000u);
    polls.answered = false;
    polls.error = "birdc: no such file";
    r = ecmp_record({.policy = p, .announcer = ann, .bird = polls, .drain_until = {}, .min_servers = 1, .now = t0}, 77);
    EXPECT_STREQ(r.status_error, "birdc: no such file");
    EXPECT_EQ(vip_route(*IpAddress::parse("2001:db8::80")), "2001:db8::80/128");
}

TEST(EcmpSessions, ChangesAreLoggedOnce) {
    BirdStatus a, b;
    a.bgp = {{"lvs_bgp_192_0_2_1", "BGP", "---", "start", "t", "Active"}};
    b.bgp = {{"lvs_bgp_192_0_2_1", "BGP", "---", "up", "t", "Established"},
             {"lvs_bgp_192_0_2_2", "BGP", "---", "start", "t", "Connect"}};
    b.bfd = {{"lvs_bfd", "192.0.2.1", "eth0", "Up", "t", "0.1", "0.3"}};
    EXPECT_EQ(session_changes(a, b),
              (std::vector<std::string>{"BGP session lvs_bgp_192_0_2_1: Established (was Active)",
                                        "BGP session lvs_bgp_192_0_2_2: Connect", "BFD session 192.0.2.1 on eth0: Up"}));
    EXPECT_TRUE(session_changes(b, b).empty());
    EXPECT_EQ(session_changes(b, a),
              (std::vector<std::string>{"BGP session lvs_bgp_192_0_2_1: Active (was Established)",
                                        "BGP session lvs_bgp_192_0_2_2: gone from BIRD"}));
}

TEST(EcmpNotice, StatusCountsTheAnnouncedAddresses) {
    ServiceNotice n;
    NoticeFacts f;
    f.ecmp = true;
    f.has_partner = false;
    f.heartbeat_running = true;
    f.vips = 2;
    f.held = "table not programmed";
    EXPECT_EQ(n.update(f), "STATUS=ecmp router, announcing 0 of 2 VIPs; held: table not programmed");
    f.warmth = hb::Warmth::Warm;
    f.held = "warming up";
    EXPECT_EQ(n.update(f), "READY=1\nSTATUS=ecmp router, announcing 0 of 2 VIPs; held: warming up");
    f.held.clear();
    f.announced = 2;
    EXPECT_EQ(n.update(f), "STATUS=ecmp router, announcing 2 of 2 VIPs");
    f.exiting = true;
    EXPECT_EQ(n.update(f), "STOPPING=1\nSTATUS=ecmp router, stopping: routes withdrawn, draining");
}

TEST(EcmpSyncDaemons, BothOnEveryRouterStartedAfreshAndStoppedOnRequest) {
    FakeSyncPorts ports;
    HandOver h(ports);
    auto cfg = parse(std::string(kTwo) + "syncdaemon = 1\nsyncd_iface = eth1\nsyncd_id = 9\n");
    h.set_both(cfg);
    EXPECT_EQ(ports.client.log, (std::vector<std::string>{"stop-daemon master", "stop-daemon backup",
                                                          "start-daemon backup eth1 9", "start-daemon master eth1 9"}));
    ASSERT_EQ(ports.client.daemons.size(), 2u);
    h.stop_both();
    EXPECT_TRUE(ports.client.daemons.empty());
    cfg.syncdaemon = false;
    ports.client.log.clear();
    h.set_both(cfg);  // syncdaemon = 0: not touched
    EXPECT_TRUE(ports.client.log.empty());
}

TEST(EcmpAddresses, PlumbedNeverAnnounced) {
    FakeAddressManager addrs;
    FakeAnnouncer announcer;
    Takeover t(addrs, announcer);
    const auto cfg = parse(kTwo);
    t.plumb(cfg);
    EXPECT_EQ(addrs.log, (std::vector<std::string>{"add 198.51.100.80"}));
    EXPECT_TRUE(announcer.log.empty());
    ASSERT_EQ(t.plumbed().size(), 1u);
    EXPECT_EQ(t.plumbed()[0].label, "lo:1");
}

// The unit's ExecStopPost after a crash: the routes a dead pulse left in
// BIRD are withdrawn; after a clean stop BIRD is not asked.
TEST(EcmpRelease, TheRoutesADeadPulseLeftAreWithdrawn) {
    char tmpl[] = "/tmp/ecmp_release.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    const std::string dir = tmpl;
    const std::string birdc = dir + "/birdc";
    std::ofstream(birdc) << "#!/bin/sh\necho \"$@\" >> " << dir << "/args\necho Reconfigured\n";
    ::chmod(birdc.c_str(), 0755);
    auto cfg = parse(kTwo);
    cfg.birdc = birdc;
    cfg.bird_include = dir + "/lvs-vips.conf";
    cfg.bird_socket = dir + "/bird.ctl";
    const auto slurp = [](const std::string& path) {
        std::ifstream in(path);
        std::ostringstream ss;
        ss << in.rdbuf();
        return ss.str();
    };
    std::ofstream(cfg.bird_include) << bird_fragment(bird_params(cfg), {*IpAddress::parse("198.51.100.80")});
    EXPECT_EQ(withdraw_routes(cfg), 0);
    EXPECT_EQ(slurp(cfg.bird_include), bird_fragment(bird_params(cfg), {}));
    EXPECT_EQ(slurp(dir + "/args"), "-s " + dir + "/bird.ctl configure\n");
    EXPECT_EQ(withdraw_routes(cfg), 0);  // none left: BIRD is not asked again
    EXPECT_EQ(slurp(dir + "/args"), "-s " + dir + "/bird.ctl configure\n");
    std::ofstream(cfg.bird_include) << "stale\n";
    cfg.birdc = dir + "/no-birdc";
    EXPECT_EQ(withdraw_routes(cfg), 1);
    cfg.redundancy = config::Redundancy::Pair;  // a pair has no BIRD
    EXPECT_EQ(withdraw_routes(cfg), 0);
    for (const char* f : {"/birdc", "/args", "/lvs-vips.conf"}) ::unlink((dir + f).c_str());
    ::rmdir(dir.c_str());
}

}  // namespace
}  // namespace lvs::pulse
