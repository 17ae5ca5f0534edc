// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp in the status views: lvsctl's table and JSON, the
// metrics, and the check verdict judged by the announced routes, BIRD's
// sessions and the real servers up.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "common/status/plugin.h"
#include "common/status/render.h"

namespace lvs::status {
namespace {

ServerView server(const char* name, const char* addr, shm::RsState st) {
    ServerView v;
    v.rs.owner_pid = 100;
    v.rs.state = st;
    v.rs.family = 4;
    inet_pton(AF_INET, addr, v.rs.addr);
    v.rs.port = 80;
    v.rs.weight = v.rs.configured_weight = 1;
    std::snprintf(v.rs.name, sizeof v.rs.name, "%s", name);
    v.dest.in_use = 1;
    v.dest.protocol = 6;
    v.dest.family = 4;
    inet_pton(AF_INET, "198.51.100.80", v.dest.vip);
    v.dest.vport = 80;
    v.dest.kernel_weight = st == shm::RsState::Up ? 1 : -1;
    std::snprintf(v.dest.vs_name, sizeof v.dest.vs_name, "www");
    return v;
}

void vip(shm::EcmpRecord& e, const char* addr, bool announced, shm::AnnounceReason why, bool in_bird) {
    auto& v = e.vips[e.vip_count++];
    v.family = 4;
    inet_pton(AF_INET, addr, v.addr);
    v.announced = announced;
    v.reason = why;
    v.in_bird = in_bird;
}

void bgp(shm::EcmpRecord& e, const char* name, const char* state, const char* session, const char* info = "") {
    auto& b = e.bgp[e.bgp_count++];
    std::snprintf(b.name, sizeof b.name, "%s", name);
    std::snprintf(b.state, sizeof b.state, "%s", state);
    std::snprintf(b.session, sizeof b.session, "%s", session);
    std::snprintf(b.since, sizeof b.since, "13:40:05");
    std::snprintf(b.info, sizeof b.info, "%s", info);
}

// Announcing both addresses, two BGP sessions up, BFD up, servers up.
Snapshot ecmp() {
    Snapshot s;
    s.router_present = s.lvsd_present = s.ecmp_present = true;
    s.router.pid = s.ecmp.pid = 10;
    s.router.ecmp = 1;
    s.router.active = 1;
    s.lvsd.pid = 11;
    s.now_real_s = 1000;
    auto& e = s.ecmp;
    e.reason = shm::AnnounceReason::Announced;
    e.min_servers = 1;
    vip(e, "198.51.100.80", true, shm::AnnounceReason::Announced, true);
    vip(e, "198.51.100.81", true, shm::AnnounceReason::Announced, true);
    bgp(e, "lvs_bgp_192_0_2_1", "up", "Established");
    bgp(e, "lvs_bgp_192_0_2_2", "up", "Established");
    auto& f = e.bfd[e.bfd_count++];
    std::snprintf(f.address, sizeof f.address, "192.0.2.1");
    std::snprintf(f.interface, sizeof f.interface, "eth0");
    std::snprintf(f.state, sizeof f.state, "Up");
    e.bird_answered = 1;
    e.last_answer_real_s = 999;
    e.route_count = 2;
    e.polls = 5;
    e.applies = 3;
    s.servers = {server("www/rs1", "10.0.1.21", shm::RsState::Up), server("www/rs2", "10.0.1.22", shm::RsState::Up)};
    return s;
}

std::vector<std::string> reasons(const Snapshot& s) {
    std::vector<std::string> out;
    for (const auto& r : evaluate(s).reasons) out.push_back(r.text);
    return out;
}

TEST(EcmpCheck, AnnouncingWithSessionsUpIsOk) {
    const Snapshot s = ecmp();
    EXPECT_TRUE(ecmp_mode(s));
    EXPECT_EQ(evaluate(s).health, Health::Ok) << ::testing::PrintToString(reasons(s));
}

TEST(EcmpCheck, NothingAnnouncedIsDownWithTheReason) {
    Snapshot s = ecmp();
    s.ecmp.reason = shm::AnnounceReason::WarmingUp;
    for (auto& v : s.ecmp.vips) v.announced = 0, v.reason = shm::AnnounceReason::WarmingUp;
    EXPECT_EQ(evaluate(s).health, Health::Down);
    EXPECT_EQ(reasons(s)[0], "no address is announced: warming up");
    s = ecmp();
    s.ecmp.stopping = 1;
    EXPECT_EQ(evaluate(s).health, Health::Down);
    EXPECT_EQ(reasons(s)[0], "pulse is stopping: every route is withdrawn");
}

TEST(EcmpCheck, OneAddressHeldBackIsDegraded) {
    Snapshot s = ecmp();
    s.ecmp.vips[1].announced = 0;
    s.ecmp.vips[1].in_bird = 0;
    s.ecmp.vips[1].reason = shm::AnnounceReason::TooFewServers;
    EXPECT_EQ(evaluate(s).health, Health::Degraded);
    EXPECT_EQ(reasons(s), (std::vector<std::string>{"198.51.100.81 is not announced: too few real servers up"}));
    s = ecmp();
    s.ecmp.vips[0].in_bird = 0;  // announced, but BIRD does not have it
    EXPECT_EQ(reasons(s), (std::vector<std::string>{"198.51.100.80: BIRD does not list its route"}));
    s.ecmp.applying = 1;  // on its way: not judged yet
    EXPECT_EQ(evaluate(s).health, Health::Ok);
}

TEST(EcmpCheck, BirdAndItsSessions) {
    Snapshot s = ecmp();
    s.ecmp.bird_answered = 0;
    std::snprintf(s.ecmp.status_error, sizeof s.ecmp.status_error, "birdc exited with status 1");
    EXPECT_EQ(evaluate(s).health, Health::Down);
    EXPECT_EQ(reasons(s).back(), "BIRD does not answer: birdc exited with status 1");
    s = ecmp();
    std::snprintf(s.ecmp.bgp[1].session, sizeof s.ecmp.bgp[1].session, "Active");
    EXPECT_EQ(evaluate(s).health, Health::Degraded);
    EXPECT_EQ(reasons(s), (std::vector<std::string>{"BGP session lvs_bgp_192_0_2_2: Active"}));
    std::snprintf(s.ecmp.bgp[0].session, sizeof s.ecmp.bgp[0].session, "Connect");
    EXPECT_EQ(evaluate(s).health, Health::Down);
    s = ecmp();
    std::snprintf(s.ecmp.bfd[0].state, sizeof s.ecmp.bfd[0].state, "Down");
    EXPECT_EQ(reasons(s), (std::vector<std::string>{"BFD session 192.0.2.1: Down"}));
    s = ecmp();
    s.ecmp.apply_failed = 1;
    std::snprintf(s.ecmp.apply_error, sizeof s.ecmp.apply_error, "BIRD refused its configuration: x");
    EXPECT_EQ(evaluate(s).health, Health::Degraded);
    s = ecmp();
    s.ecmp.polls = 0;  // not asked yet: BIRD not judged
    s.ecmp.bird_answered = 0;
    EXPECT_EQ(evaluate(s).health, Health::Ok);
}

TEST(EcmpCheck, RealServersAreJudgedAsInAPair) {
    Snapshot s = ecmp();
    s.servers[0].rs.state = shm::RsState::Down;
    EXPECT_EQ(evaluate(s).health, Health::Degraded);
    s.servers[1].rs.state = shm::RsState::Down;
    EXPECT_EQ(evaluate(s).health, Health::Down);
}

TEST(EcmpTable, AnnouncementsBirdAndSessions) {
    Snapshot s = ecmp();
    s.ecmp.vips[1].announced = 0;
    s.ecmp.vips[1].reason = shm::AnnounceReason::TooFewServers;
    s.ecmp.vips[1].in_bird = 0;
    std::snprintf(s.ecmp.bgp[1].session, sizeof s.ecmp.bgp[1].session, "Active");
    std::snprintf(s.ecmp.bgp[1].info, sizeof s.ecmp.bgp[1].info, "Socket: Connection refused");
    const std::string t = render_table(s);
    EXPECT_NE(t.find("router   ecmp, 1 of 2 addresses announced"), std::string::npos) << t;
    EXPECT_EQ(t.find("partner"), std::string::npos) << t;
    EXPECT_NE(t.find("announce 198.51.100.80 announced, route in BIRD\n"), std::string::npos) << t;
    EXPECT_NE(t.find("announce 198.51.100.81 withdrawn: too few real servers up\n"), std::string::npos) << t;
    EXPECT_NE(t.find("bird     answered 1 s ago: 1 of 2 BGP sessions established, 1 of 1 BFD sessions up, 2 routes"),
              std::string::npos) << t;
    EXPECT_NE(t.find("bgp      lvs_bgp_192_0_2_2        up     Active       since 13:40:05  Socket: Connection refused"),
              std::string::npos) << t;
    EXPECT_NE(t.find("bfd      192.0.2.1                eth0   Up"), std::string::npos) << t;
    s.ecmp.stopping = 1;
    s.ecmp.drain_left_ms = 3200;
    EXPECT_NE(render_table(s).find("stopping every route withdrawn; lvsd stops in 3.2 s"), std::string::npos);
    s = ecmp();
    s.ecmp.reason = shm::AnnounceReason::WarmingUp;
    s.ecmp.warmup_left_ms = 4100;
    EXPECT_NE(render_table(s).find("warm-up  ready; announces in 4.1 s"), std::string::npos);
}

TEST(EcmpJson, TheEcmpObject) {
    Snapshot s = ecmp();
    std::snprintf(s.ecmp.bgp[0].info, sizeof s.ecmp.bgp[0].info, "x\"y");
    const std::string j = render_json(s);
    EXPECT_NE(j.find("\"redundancy\":\"ecmp\",\"role\":\"ecmp\""), std::string::npos) << j;
    EXPECT_NE(j.find("\"ecmp\":{\"reason\":\"announced\",\"stopping\":false,\"warmup_left_s\":null"), std::string::npos) << j;
    EXPECT_NE(j.find("{\"address\":\"198.51.100.80\",\"announced\":true,\"reason\":null,\"route_in_bird\":true}"),
              std::string::npos) << j;
    EXPECT_NE(j.find("\"bird\":{\"answered\":true,\"last_answer\":999,\"status_error\":null"), std::string::npos) << j;
    EXPECT_NE(j.find("{\"name\":\"lvs_bgp_192_0_2_1\",\"state\":\"up\",\"session\":\"Established\",\"since\":\"13:40:05\","
                     "\"info\":\"x\\\"y\"}"),
              std::string::npos) << j;
    EXPECT_NE(j.find("\"bfd\":[{\"address\":\"192.0.2.1\",\"interface\":\"eth0\",\"state\":\"Up\""), std::string::npos) << j;
    int depth = 0;
    for (char c : j) depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    EXPECT_EQ(depth, 0);
    // A pair says so, and has no ecmp object.
    Snapshot pair = ecmp();
    pair.router.ecmp = 0;
    const std::string pj = render_json(pair);
    EXPECT_NE(pj.find("\"redundancy\":\"pair\""), std::string::npos);
    EXPECT_NE(pj.find("\"ecmp\":null"), std::string::npos);
}

TEST(EcmpMetrics, AnnouncementsSessionsAndNoHeartbeat) {
    Snapshot s = ecmp();
    std::snprintf(s.ecmp.bfd[0].state, sizeof s.ecmp.bfd[0].state, "Down");
    const std::string m = render_metrics(s);
    EXPECT_NE(m.find("lvs_router_info{role=\"ecmp\",partner=\"\"} 1\n"), std::string::npos) << m;
    EXPECT_EQ(m.find("lvs_heartbeats_sent_total"), std::string::npos);
    EXPECT_NE(m.find("lvs_ecmp_addresses_announced 2\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_ecmp_announced{address=\"198.51.100.81\"} 1\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_ecmp_route_in_bird{address=\"198.51.100.80\"} 1\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_bgp_session_established{protocol=\"lvs_bgp_192_0_2_1\"} 1\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_bgp_session_info{protocol=\"lvs_bgp_192_0_2_2\",state=\"up\",session=\"Established\"} 1\n"),
              std::string::npos);
    EXPECT_NE(m.find("lvs_bfd_session_up{address=\"192.0.2.1\",interface=\"eth0\"} 0\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_bird_up 1\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_bird_applies_total 3\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_ecmp_ready 1\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_check_status 1\n"), std::string::npos);  // the BFD session
}

TEST(EcmpPlugin, SummaryAndPerfdataCountTheAnnouncedAddresses) {
    Snapshot s = ecmp();
    s.ecmp.vips[1].announced = 0;
    s.ecmp.vips[1].reason = shm::AnnounceReason::TooFewServers;
    const Report r = check_report(s, {});
    EXPECT_EQ(r.state, PluginState::Warning);
    EXPECT_EQ(r.text.rfind("LVS WARNING - 2 of 2 real servers up, this router announces 1 of 2 addresses: "
                           "198.51.100.81 is not announced: too few real servers up |",
                           0),
              0u)
        << r.text;
    EXPECT_NE(r.text.find("'addresses_announced'=1;;;0;2"), std::string::npos) << r.text;
    EXPECT_NE(r.text.find("'bgp_established'=2;;;0;2"), std::string::npos) << r.text;
}

TEST(AnnounceReasons, NamesAreStable) {
    EXPECT_STREQ(shm::to_string(shm::AnnounceReason::LvsdDown), "lvsd down");
    EXPECT_STREQ(shm::to_string(shm::AnnounceReason::NotConfigured), "not configured");
    EXPECT_EQ(static_cast<int>(shm::AnnounceReason::TooFewServers), 6);
    EXPECT_STREQ(shm::to_string(static_cast<shm::AnnounceReason>(99)), "unknown");
}

}  // namespace
}  // namespace lvs::status
