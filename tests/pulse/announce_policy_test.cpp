// SPDX-License-Identifier: GPL-2.0-or-later
// The ecmp announce policy: a VIP is announced only while the router can
// serve it, withdrawn on any failure, and a stop withdraws, drains, stops.
#include "pulse/announce_policy.h"

#include <gtest/gtest.h>

#include "common/config/parser.h"

namespace lvs::pulse {
namespace {

using Kind = AnnounceAction::Kind;
using std::chrono::milliseconds;
using TP = AnnounceClock::time_point;

const IpAddress kVip1 = *IpAddress::parse("198.51.100.10");
const IpAddress kVip2 = *IpAddress::parse("2001:db8::10");

AnnounceAction announce(const IpAddress& v) { return {Kind::Announce, v, AnnounceReason::Announced, {}}; }
AnnounceAction withdraw(const IpAddress& v, AnnounceReason r) { return {Kind::Withdraw, v, r, {}}; }
AnnounceAction stop_after(TP t) { return {Kind::StopAfter, {}, AnnounceReason::Stopping, t}; }

// Two services on VIP 1 (http needs 2 servers, https 1), one on VIP 2 (needs 0).
AnnounceParams params() {
    AnnounceParams p;
    p.services = {{"http", kVip1, 2}, {"https", kVip1, 1}, {"dns6", kVip2, 0}};
    p.warmup = milliseconds{10000};
    p.drain = milliseconds{5000};
    return p;
}

class AnnouncePolicyTest : public ::testing::Test {
protected:
    TP at(int ms) const { return t0 + milliseconds{ms}; }
    // lvsd up, table programmed, every service has enough servers, warm.
    void make_serving() {
        p.on_lvsd(true, at(0));
        p.on_servers_up("http", 2, at(0));
        p.on_servers_up("https", 1, at(0));
        p.on_table_programmed(true, at(0));
        ASSERT_EQ(p.on_tick(at(10000)), (AnnouncePolicy::Actions{announce(kVip1), announce(kVip2)}));
    }

    TP t0 = AnnounceClock::time_point{} + std::chrono::hours{1};
    AnnouncePolicy p{params()};
};

TEST_F(AnnouncePolicyTest, NothingIsAnnouncedAtStart) {
    EXPECT_TRUE(p.on_tick(at(0)).empty());
    EXPECT_EQ(p.reason(kVip1), AnnounceReason::LvsdDown);
    EXPECT_EQ(p.vips(), (std::vector<IpAddress>{kVip1, kVip2}));
    EXPECT_FALSE(p.next_wakeup());
}

TEST_F(AnnouncePolicyTest, WaitsForProgrammedTableThenWarmUp) {
    EXPECT_TRUE(p.on_lvsd(true, at(0)).empty());
    EXPECT_EQ(p.reason(kVip2), AnnounceReason::TableNotProgrammed);
    EXPECT_TRUE(p.on_servers_up("http", 2, at(0)).empty());
    EXPECT_TRUE(p.on_servers_up("https", 3, at(0)).empty());
    EXPECT_TRUE(p.on_table_programmed(true, at(1000)).empty());
    EXPECT_EQ(p.reason(kVip1), AnnounceReason::WarmingUp);
    ASSERT_TRUE(p.next_wakeup());
    EXPECT_EQ(*p.next_wakeup(), at(11000));
    EXPECT_TRUE(p.on_tick(at(10999)).empty());
    EXPECT_EQ(p.on_tick(at(11000)), (AnnouncePolicy::Actions{announce(kVip1), announce(kVip2)}));
    EXPECT_TRUE(p.warm());
    EXPECT_FALSE(p.next_wakeup());
    EXPECT_TRUE(p.on_tick(at(12000)).empty());  // announced once
    EXPECT_TRUE(p.announced(kVip1));
}

TEST_F(AnnouncePolicyTest, WarmupDoneEndsTheWarmUpEarly) {
    p.on_lvsd(true, at(0));
    p.on_table_programmed(true, at(0));
    EXPECT_EQ(p.on_warmup_done(at(100)), (AnnouncePolicy::Actions{announce(kVip2)}));  // VIP 1 lacks servers
    EXPECT_EQ(p.reason(kVip1), AnnounceReason::TooFewServers);
}

TEST_F(AnnouncePolicyTest, WarmupDoneBeforeReadinessIsNotKept) {
    p.on_warmup_done(at(0));
    p.on_lvsd(true, at(0));
    EXPECT_TRUE(p.on_table_programmed(true, at(0)).empty());
    EXPECT_EQ(p.reason(kVip2), AnnounceReason::WarmingUp);
}

TEST_F(AnnouncePolicyTest, ZeroWarmupAnnouncesAtOnce) {
    auto pp = params();
    pp.warmup = milliseconds{0};
    AnnouncePolicy q(pp);
    q.on_lvsd(true, at(0));
    EXPECT_EQ(q.on_table_programmed(true, at(0)), (AnnouncePolicy::Actions{announce(kVip2)}));
}

TEST_F(AnnouncePolicyTest, TooFewServersWithdrawsOnlyThatVip) {
    make_serving();
    EXPECT_EQ(p.on_servers_up("http", 1, at(11000)),
              (AnnouncePolicy::Actions{withdraw(kVip1, AnnounceReason::TooFewServers)}));
    EXPECT_TRUE(p.announced(kVip2));
    EXPECT_TRUE(p.on_servers_up("https", 0, at(11000)).empty());
    EXPECT_TRUE(p.on_servers_up("https", 1, at(11000)).empty());
    // Servers coming back hold the address for the warm-up: they return one
    // by one, and mh here must not pick among fewer than the other routers.
    EXPECT_TRUE(p.on_servers_up("http", 2, at(12000)).empty());
    EXPECT_EQ(p.reason(kVip1), AnnounceReason::WarmingUp);
    EXPECT_EQ(*p.next_wakeup(), at(21000));  // https's wait, from 11000
    EXPECT_TRUE(p.on_tick(at(21000)).empty());
    EXPECT_EQ(*p.next_wakeup(), at(22000));  // http's
    EXPECT_TRUE(p.on_tick(at(21999)).empty());
    EXPECT_EQ(p.on_tick(at(22000)), (AnnouncePolicy::Actions{announce(kVip1)}));
    EXPECT_FALSE(p.next_wakeup());
}

TEST_F(AnnouncePolicyTest, ServersBackMustStayEnoughForTheWarmUp) {
    make_serving();
    p.on_servers_up("http", 1, at(11000));
    EXPECT_TRUE(p.on_servers_up("http", 2, at(12000)).empty());
    EXPECT_TRUE(p.on_servers_up("http", 1, at(15000)).empty());  // short again: the wait starts over
    EXPECT_EQ(p.reason(kVip1), AnnounceReason::TooFewServers);
    EXPECT_FALSE(p.next_wakeup());
    EXPECT_TRUE(p.on_servers_up("http", 3, at(16000)).empty());
    EXPECT_EQ(*p.next_wakeup(), at(26000));
    EXPECT_TRUE(p.on_tick(at(25999)).empty());
    EXPECT_EQ(p.on_tick(at(26000)), (AnnouncePolicy::Actions{announce(kVip1)}));
    // More servers while announced change nothing.
    EXPECT_TRUE(p.on_servers_up("http", 4, at(27000)).empty());
}

TEST_F(AnnouncePolicyTest, ServersThatNeverHadEnoughWaitOnlyForTheRouter) {
    // At start a service whose servers come up after the router is warm is
    // announced at once: it never fell short.
    p.on_lvsd(true, at(0));
    p.on_servers_up("https", 1, at(0));
    p.on_table_programmed(true, at(0));
    EXPECT_EQ(p.on_tick(at(10000)), (AnnouncePolicy::Actions{announce(kVip2)}));
    EXPECT_EQ(p.on_servers_up("http", 2, at(12000)), (AnnouncePolicy::Actions{announce(kVip1)}));
}

TEST_F(AnnouncePolicyTest, ServersShortWhileTheRouterWarmsUpNeedOnlyItsWarmUp) {
    make_serving();
    p.on_link("eth0", false, at(20000));
    p.on_servers_up("http", 0, at(20500));
    p.on_link("eth0", true, at(21000));
    EXPECT_TRUE(p.on_servers_up("http", 2, at(22000)).empty());
    EXPECT_EQ(p.on_tick(at(31000)), (AnnouncePolicy::Actions{announce(kVip1), announce(kVip2)}));
}

TEST_F(AnnouncePolicyTest, ZeroWarmupAnnouncesServersBackAtOnce) {
    AnnounceParams pp = params();
    pp.warmup = milliseconds{0};
    AnnouncePolicy q{pp};
    q.on_lvsd(true, at(0));
    q.on_servers_up("http", 2, at(0));
    q.on_servers_up("https", 1, at(0));
    EXPECT_EQ(q.on_table_programmed(true, at(0)), (AnnouncePolicy::Actions{announce(kVip1), announce(kVip2)}));
    EXPECT_EQ(q.on_servers_up("http", 1, at(100)),
              (AnnouncePolicy::Actions{withdraw(kVip1, AnnounceReason::TooFewServers)}));
    EXPECT_EQ(q.on_servers_up("http", 2, at(200)), (AnnouncePolicy::Actions{announce(kVip1)}));
}

TEST_F(AnnouncePolicyTest, UnknownServiceAndNegativeCountsAreHarmless) {
    make_serving();
    EXPECT_TRUE(p.on_servers_up("nosuch", 0, at(11000)).empty());
    EXPECT_EQ(p.on_servers_up("https", -3, at(11000)),
              (AnnouncePolicy::Actions{withdraw(kVip1, AnnounceReason::TooFewServers)}));
}

TEST_F(AnnouncePolicyTest, LinkDownWithdrawsAllAndReturnNeedsWarmUp) {
    make_serving();
    EXPECT_EQ(p.on_link("eth0", false, at(20000)),
              (AnnouncePolicy::Actions{withdraw(kVip1, AnnounceReason::LinkDown),
                                       withdraw(kVip2, AnnounceReason::LinkDown)}));
    EXPECT_TRUE(p.on_link("eth1", false, at(20100)).empty());
    EXPECT_TRUE(p.on_link("eth0", true, at(20200)).empty());
    EXPECT_EQ(p.reason(kVip1), AnnounceReason::LinkDown);  // eth1 is still down
    EXPECT_TRUE(p.on_link("eth1", true, at(21000)).empty());
    EXPECT_EQ(p.reason(kVip1), AnnounceReason::WarmingUp);
    EXPECT_EQ(*p.next_wakeup(), at(31000));
    EXPECT_TRUE(p.on_tick(at(30999)).empty());
    EXPECT_EQ(p.on_tick(at(31000)), (AnnouncePolicy::Actions{announce(kVip1), announce(kVip2)}));
}

TEST_F(AnnouncePolicyTest, UpEventForALinkNeverDownIsHarmless) {
    make_serving();
    EXPECT_TRUE(p.on_link("eth9", true, at(11000)).empty());
}

TEST_F(AnnouncePolicyTest, LvsdDeathWithdrawsAndNeedsANewProgrammedTable) {
    make_serving();
    EXPECT_EQ(p.on_lvsd(false, at(20000)),
              (AnnouncePolicy::Actions{withdraw(kVip1, AnnounceReason::LvsdDown),
                                       withdraw(kVip2, AnnounceReason::LvsdDown)}));
    EXPECT_TRUE(p.on_lvsd(true, at(21000)).empty());
    EXPECT_EQ(p.reason(kVip1), AnnounceReason::TableNotProgrammed);
    EXPECT_TRUE(p.on_table_programmed(true, at(22000)).empty());
    EXPECT_EQ(p.on_tick(at(32000)), (AnnouncePolicy::Actions{announce(kVip1), announce(kVip2)}));
}

TEST_F(AnnouncePolicyTest, TableNoLongerProgrammedWithdraws) {
    make_serving();
    EXPECT_EQ(p.on_table_programmed(false, at(20000)),
              (AnnouncePolicy::Actions{withdraw(kVip1, AnnounceReason::TableNotProgrammed),
                                       withdraw(kVip2, AnnounceReason::TableNotProgrammed)}));
}

TEST_F(AnnouncePolicyTest, StopWithdrawsThenDrains) {
    make_serving();
    EXPECT_EQ(p.on_stop(at(20000)), (AnnouncePolicy::Actions{withdraw(kVip1, AnnounceReason::Stopping),
                                                             withdraw(kVip2, AnnounceReason::Stopping),
                                                             stop_after(at(25000))}));
    EXPECT_TRUE(p.stopping());
    // Nothing comes back while stopping.
    EXPECT_TRUE(p.on_warmup_done(at(21000)).empty());
    EXPECT_TRUE(p.on_tick(at(40000)).empty());
    EXPECT_EQ(p.reason(kVip2), AnnounceReason::Stopping);
    // A second request stops at once.
    EXPECT_EQ(p.on_stop(at(21000)), (AnnouncePolicy::Actions{stop_after(at(21000))}));
}

TEST_F(AnnouncePolicyTest, StopWithNothingAnnouncedNeedsNoDrain) {
    p.on_lvsd(true, at(0));
    EXPECT_EQ(p.on_stop(at(500)), (AnnouncePolicy::Actions{stop_after(at(500))}));
}

TEST_F(AnnouncePolicyTest, ReconfigureKeepsCountsAndWithdrawsRemovedVips) {
    make_serving();
    AnnounceParams next = params();
    next.services.erase(next.services.begin() + 2);          // dns6 (VIP 2) is gone
    next.services.push_back({"smtp", kVip1, 1});              // a new service on VIP 1, no servers yet
    EXPECT_EQ(p.reconfigure(next, at(20000)),
              (AnnouncePolicy::Actions{withdraw(kVip1, AnnounceReason::TooFewServers),
                                       withdraw(kVip2, AnnounceReason::NotConfigured)}));
    EXPECT_EQ(p.on_servers_up("smtp", 1, at(20001)), (AnnouncePolicy::Actions{announce(kVip1)}));
    EXPECT_EQ(p.reason(kVip2), AnnounceReason::NotConfigured);
}

TEST(AnnounceParams, FromLvsCf) {
    const std::string text =
        "redundancy = ecmp\nnetwork = direct\nbgp_local_as = 64512\nbgp_peer = 192.0.2.1\nbgp_peer_as = 64500\n"
        "announce_min_servers = 2\nannounce_warmup = 3\nwithdraw_drain = 1.5\n"
        "virtual a {\n\tactive = 1\n\taddress = 198.51.100.10 lo:1\n}\n"
        "virtual b {\n\tactive = 1\n\taddress = 198.51.100.10 lo:1\n\tport = 443\n\tannounce_min_servers = 0\n}\n"
        "virtual c {\n\tactive = 0\n\taddress = 198.51.100.11 lo:2\n}\n";
    auto loaded = config::load_config_text(text, "f", config::offline_parse_options());
    ASSERT_FALSE(config::has_errors(loaded.diagnostics));
    const AnnounceParams pp = announce_params(loaded.config);
    ASSERT_EQ(pp.services.size(), 2u);
    EXPECT_EQ(pp.services[0].name, "a");
    EXPECT_EQ(pp.services[0].min_servers, 2);
    EXPECT_EQ(pp.services[1].min_servers, 0);
    EXPECT_EQ(pp.services[1].vip, kVip1);
    EXPECT_EQ(pp.warmup, milliseconds{3000});
    EXPECT_EQ(pp.drain, milliseconds{1500});
}

TEST(AnnounceReasonNames, AreStable) {
    EXPECT_STREQ(to_string(AnnounceReason::Announced), "announced");
    EXPECT_STREQ(to_string(AnnounceReason::TooFewServers), "too few real servers up");
    EXPECT_STREQ(to_string(AnnounceReason::WarmingUp), "warming up");
}

}  // namespace
}  // namespace lvs::pulse
