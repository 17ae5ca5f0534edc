// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd's pure cores: desired state and reconciliation, scripted against the
// recording FakeIpvsClient.
#include <gtest/gtest.h>

#include "lvsd/desired_state.h"
#include "lvsd/reconcile.h"
#include "tests/fakes/fake_ipvs_client.h"

namespace lvs::lvsd {
namespace {

using config::LvsConfig;
using config::RealServer;
using config::VirtualServer;

RealServer rs(const char* name, const char* addr, int weight) {
    RealServer r;
    r.name = name;
    r.address = *IpAddress::parse(addr);
    r.active = true;
    r.weight = weight;
    r.port = 80;
    return r;
}

LvsConfig two_servers() {
    LvsConfig c;
    VirtualServer v;
    v.name = "www";
    v.active = true;
    v.address = *IpAddress::parse("192.0.2.80");
    v.device = "eth0:1";
    v.scheduler = "wlc";
    v.servers = {rs("a", "10.0.1.21", 10), rs("b", "10.0.1.22", 20)};
    c.virtuals.push_back(v);
    return c;
}

HealthMap all(const LvsConfig& c, shm::RsState h) {
    HealthMap m;
    for (const auto& v : c.virtuals)
        for (const auto& r : v.servers) m[{service_key(v), {r.address, r.port}}] = ServerHealth{h, -1};
    return m;
}

// Reconciles and applies; returns the ops as text.
std::vector<std::string> step(ipvs::FakeIpvsClient& k, const LvsConfig& c, const HealthMap& h,
                              const std::set<ipvs::ServiceKey>& retired = {}) {
    auto ops = reconcile(desired_table(c, h), *k.dump(), retired);
    k.log.clear();
    auto r = k.apply(ops);
    for (const auto& s : *r) EXPECT_TRUE(s.ok()) << s.error().message();
    return k.log;
}

TEST(Reconcile, BuildsFromAnEmptyTable) {
    ipvs::FakeIpvsClient k;
    const auto c = two_servers();
    EXPECT_EQ(step(k, c, all(c, shm::RsState::Up)),
              (std::vector<std::string>{"add-service TCP  192.0.2.80:80 wlc",
                                        "add-dest TCP  192.0.2.80:80 -> 10.0.1.21:80 Masq 10",
                                        "add-dest TCP  192.0.2.80:80 -> 10.0.1.22:80 Masq 20"}));
}

TEST(Reconcile, AdoptsAMatchingTableUntouched) {
    ipvs::FakeIpvsClient k;
    const auto c = two_servers();
    step(k, c, all(c, shm::RsState::Up));
    EXPECT_TRUE(step(k, c, all(c, shm::RsState::Up)).empty());
    // A restarted lvsd knows no health yet: it keeps what the kernel has.
    EXPECT_TRUE(step(k, c, HealthMap{}).empty());
}

TEST(Reconcile, UnknownHealthAddsNothing) {
    ipvs::FakeIpvsClient k;
    const auto c = two_servers();
    EXPECT_EQ(step(k, c, HealthMap{}), (std::vector<std::string>{"add-service TCP  192.0.2.80:80 wlc"}));
}

TEST(Reconcile, FailedServerIsDeletedOrQuiesced) {
    ipvs::FakeIpvsClient k;
    auto c = two_servers();
    step(k, c, all(c, shm::RsState::Up));
    auto h = all(c, shm::RsState::Up);
    h[{service_key(c.virtuals[0]), {*IpAddress::parse("10.0.1.21"), 80}}].health = shm::RsState::Down;
    EXPECT_EQ(step(k, c, h), (std::vector<std::string>{"delete-dest TCP  192.0.2.80:80 -> 10.0.1.21:80"}));
    c.virtuals[0].quiesce_server = true;
    EXPECT_EQ(step(k, c, h), (std::vector<std::string>{"add-dest TCP  192.0.2.80:80 -> 10.0.1.21:80 Masq 0"}));
}

TEST(Reconcile, EcmpHoldsEveryServerInTheFilesOrderAtWeightZeroWhileNotUp) {
    ipvs::FakeIpvsClient k;
    auto c = two_servers();
    c.redundancy = config::Redundancy::Ecmp;
    c.network = config::Forwarding::Direct;
    // No verdict yet: both servers, in the file's order, at weight 0.
    EXPECT_EQ(step(k, c, HealthMap{}), (std::vector<std::string>{"add-service TCP  192.0.2.80:80 wlc",
                                                                 "add-dest TCP  192.0.2.80:80 -> 10.0.1.21:80 Route 0",
                                                                 "add-dest TCP  192.0.2.80:80 -> 10.0.1.22:80 Route 0"}));
    auto h = all(c, shm::RsState::Up);
    h[{service_key(c.virtuals[0]), {*IpAddress::parse("10.0.1.21"), 80}}].health = shm::RsState::Unknown;
    EXPECT_EQ(step(k, c, h), (std::vector<std::string>{"update-dest TCP  192.0.2.80:80 -> 10.0.1.22:80 Route 20"}));
    h = all(c, shm::RsState::Up);
    EXPECT_EQ(step(k, c, h), (std::vector<std::string>{"update-dest TCP  192.0.2.80:80 -> 10.0.1.21:80 Route 10"}));
    // Down: kept at weight 0, never deleted (and so never added at the end).
    h[{service_key(c.virtuals[0]), {*IpAddress::parse("10.0.1.21"), 80}}].health = shm::RsState::Down;
    EXPECT_EQ(step(k, c, h), (std::vector<std::string>{"update-dest TCP  192.0.2.80:80 -> 10.0.1.21:80 Route 0"}));
    // A restarted lvsd, no verdict yet: the kernel's entries are adopted.
    EXPECT_TRUE(step(k, c, HealthMap{}).empty());
}

TEST(Reconcile, APeriodicRunThatOnlyCarriesOutVerdictsIsNoDrift) {
    ipvs::FakeIpvsClient k;
    const auto c = two_servers();
    step(k, c, all(c, shm::RsState::Up));
    auto h = all(c, shm::RsState::Up);
    h[{service_key(c.virtuals[0]), {*IpAddress::parse("10.0.1.21"), 80}}].health = shm::RsState::Down;
    const auto ops = reconcile(desired_table(c, h), *k.dump(), {});
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_TRUE(only_verdicts(ops, {service_key(c.virtuals[0])}));
    EXPECT_FALSE(only_verdicts(ops, {}));  // no verdict: the kernel changed behind our back
    // ipvsadm -C: the service itself is missing, whatever the verdicts.
    const std::vector<ipvs::Op> flush{ipvs::Op::delete_service(service_key(c.virtuals[0]))};
    (void)k.apply(flush);
    EXPECT_FALSE(only_verdicts(reconcile(desired_table(c, h), *k.dump(), {}), {service_key(c.virtuals[0])}));
}

TEST(Reconcile, WeightChangeIsExactlyOneUpdate) {
    ipvs::FakeIpvsClient k;
    auto c = two_servers();
    step(k, c, all(c, shm::RsState::Up));
    c.virtuals[0].servers[1].weight = 25;
    EXPECT_EQ(step(k, c, all(c, shm::RsState::Up)),
              (std::vector<std::string>{"update-dest TCP  192.0.2.80:80 -> 10.0.1.22:80 Masq 25"}));
}

TEST(Reconcile, NannyWeightOverridesConfiguredWeight) {
    ipvs::FakeIpvsClient k;
    auto c = two_servers();
    step(k, c, all(c, shm::RsState::Up));
    auto h = all(c, shm::RsState::Up);
    h[{service_key(c.virtuals[0]), {*IpAddress::parse("10.0.1.22"), 80}}].weight = 5;
    EXPECT_EQ(step(k, c, h), (std::vector<std::string>{"update-dest TCP  192.0.2.80:80 -> 10.0.1.22:80 Masq 5"}));
}

TEST(Reconcile, SorryServerWhileNothingIsUp) {
    ipvs::FakeIpvsClient k;
    auto c = two_servers();
    c.virtuals[0].sorry_server = *IpAddress::parse("10.0.1.50");
    step(k, c, all(c, shm::RsState::Up));
    EXPECT_EQ(step(k, c, all(c, shm::RsState::Down)),
              (std::vector<std::string>{"add-dest TCP  192.0.2.80:80 -> 10.0.1.50:80 Masq 1",
                                        "delete-dest TCP  192.0.2.80:80 -> 10.0.1.21:80",
                                        "delete-dest TCP  192.0.2.80:80 -> 10.0.1.22:80"}));
    EXPECT_EQ(step(k, c, all(c, shm::RsState::Up)),
              (std::vector<std::string>{"add-dest TCP  192.0.2.80:80 -> 10.0.1.21:80 Masq 10",
                                        "add-dest TCP  192.0.2.80:80 -> 10.0.1.22:80 Masq 20",
                                        "delete-dest TCP  192.0.2.80:80 -> 10.0.1.50:80"}));
}

TEST(Reconcile, SorryServerForAVirtualServerWithoutRealServers) {
    ipvs::FakeIpvsClient k;
    auto c = two_servers();
    c.virtuals[0].sorry_server = *IpAddress::parse("10.0.1.50");
    c.virtuals[0].servers.clear();
    EXPECT_EQ(step(k, c, {}), (std::vector<std::string>{"add-service TCP  192.0.2.80:80 wlc",
                                                        "add-dest TCP  192.0.2.80:80 -> 10.0.1.50:80 Masq 1"}));
}

TEST(Reconcile, RetiredServicesGoForeignOnesStay) {
    ipvs::FakeIpvsClient k;
    auto c = two_servers();
    step(k, c, all(c, shm::RsState::Up));
    const ipvs::ServiceKey foreign{IpAddress::Family::V4, ipvs::kProtoUdp, *IpAddress::parse("192.0.2.99"), 53, 0};
    (void)k.apply(std::vector<ipvs::Op>{ipvs::Op::add_service(ipvs::Service{.key = foreign})});
    const auto old_keys = service_keys(desired_table(c, {}));
    LvsConfig empty;
    EXPECT_EQ(step(k, empty, {}, old_keys), (std::vector<std::string>{"delete-service TCP  192.0.2.80:80"}));
    EXPECT_EQ(k.table.size(), 1u);
}

TEST(Reconcile, SchedulerChangeUpdatesTheService) {
    ipvs::FakeIpvsClient k;
    auto c = two_servers();
    step(k, c, all(c, shm::RsState::Up));
    c.virtuals[0].scheduler = "rr";
    EXPECT_EQ(step(k, c, all(c, shm::RsState::Up)), (std::vector<std::string>{"update-service TCP  192.0.2.80:80 rr"}));
}

TEST(Reconcile, RepairsDriftAfterAFlush) {
    ipvs::FakeIpvsClient k;
    auto c = two_servers();
    step(k, c, all(c, shm::RsState::Up));
    (void)k.flush();
    EXPECT_EQ(step(k, c, all(c, shm::RsState::Up)).size(), 3u);
}

TEST(Reconcile, InactiveServersAndFosModeAreIgnored) {
    auto c = two_servers();
    c.virtuals[0].servers[0].active = false;
    EXPECT_EQ(desired_table(c, all(c, shm::RsState::Up)).services[0].dests.size(), 1u);
    c.service = config::ServiceMode::Fos;
    EXPECT_TRUE(desired_table(c, {}).services.empty());
}

TEST(Reconcile, OneServicesVerdictGivesTheSameOperationsAsTheWholeTable) {
    ipvs::FakeIpvsClient k;
    auto c = two_servers();
    auto v2 = c.virtuals[0];
    v2.name = "mail";
    v2.port = 25;
    c.virtuals.push_back(v2);
    auto h = all(c, shm::RsState::Up);
    step(k, c, h);
    const auto key2 = service_key(c.virtuals[1]);
    h[{key2, {c.virtuals[1].servers[0].address, 80}}].health = shm::RsState::Down;
    const std::set<ipvs::ServiceKey> only = {key2};
    const auto part = desired_table(c, h, &only);
    ASSERT_EQ(part.services.size(), 1u);
    EXPECT_EQ(part.services[0].name, "mail");
    const auto observed = *k.dump();
    auto text = [](const std::vector<ipvs::Op>& ops) {
        std::vector<std::string> out;
        for (const auto& op : ops) out.push_back(ipvs::to_string(op));
        return out;
    };
    const auto ops = text(reconcile(part, observed, {}));
    EXPECT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops, text(reconcile(desired_table(c, h), observed, {})));
}

TEST(DesiredState, ServiceAttributes) {
    VirtualServer v;
    v.address = *IpAddress::parse("2001:db8::80");
    v.port = 443;
    v.protocol = config::Protocol::Sctp;
    v.scheduler = "sh";
    v.sched_flags = {"sh-fallback", "sh-port"};
    v.persistent = 60;
    auto s = to_service(v);
    EXPECT_EQ(s.key.af, IpAddress::Family::V6);
    EXPECT_EQ(s.key.protocol, ipvs::kProtoSctp);
    EXPECT_EQ(s.flags, ipvs::kFlagPersistent | ipvs::kFlagSched1 | ipvs::kFlagSched2);
    EXPECT_EQ(s.netmask, 128u);
    v.fwmark = 9;
    EXPECT_EQ(service_key(v).fwmark, 9u);
    EXPECT_FALSE(service_key(v).addr.is_set());
}

TEST(ApplyToObserved, FollowsTheOperationsTheKernelAccepted) {
    using ipvs::Op;
    const ipvs::ServiceKey a{IpAddress::Family::V4, ipvs::kProtoTcp, *IpAddress::parse("192.0.2.80"), 80, 0};
    const ipvs::ServiceKey b{IpAddress::Family::V4, ipvs::kProtoTcp, *IpAddress::parse("192.0.2.81"), 80, 0};
    const ipvs::ServiceKey c{IpAddress::Family::V4, ipvs::kProtoUdp, *IpAddress::parse("192.0.2.82"), 53, 0};
    auto dest = [](const char* ip, int w) {
        return ipvs::Destination{.key = {*IpAddress::parse(ip), 80}, .fwd = ipvs::Fwd::Nat, .weight = w};
    };
    std::vector<ipvs::ServiceWithDests> t = {
        {ipvs::Service{.key = a, .scheduler = "rr"}, {dest("10.0.1.21", 1), dest("10.0.1.22", 1)}, {{}, {}}},
        {ipvs::Service{.key = c, .scheduler = "rr"}, {}, {}}};
    const std::vector<Op> ops = {Op::add_service(ipvs::Service{.key = b, .scheduler = "wlc"}),
                                 Op::add_dest(b, dest("10.0.1.31", 2)),
                                 Op::update_dest(a, dest("10.0.1.21", 5)),
                                 Op::delete_dest(a, dest("10.0.1.22", 0).key),
                                 Op::delete_service(c),
                                 Op::add_dest(a, dest("10.0.1.23", 1))};  // refused
    apply_to_observed(t, ops, {true, true, true, true, true, false});
    ASSERT_EQ(t.size(), 2u);
    const auto& sa = t[0].service.key == a ? t[0] : t[1];
    const auto& sb = t[0].service.key == b ? t[0] : t[1];
    ASSERT_EQ(sa.dests.size(), 1u);
    EXPECT_EQ(sa.dests[0].weight, 5);
    EXPECT_EQ(sa.stats.size(), sa.dests.size());
    ASSERT_EQ(sb.dests.size(), 1u);
    EXPECT_EQ(sb.service.scheduler, "wlc");
    EXPECT_EQ(sb.dests[0].weight, 2);
}

}  // namespace
}  // namespace lvs::lvsd
