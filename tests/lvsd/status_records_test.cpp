// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd's status records: kernel weight per presence, identity per slot.
#include "lvsd/status_records.h"

#include <gtest/gtest.h>

#include <cstring>

namespace lvs::lvsd {
namespace {

ipvs::ServiceKey key() {
    ipvs::ServiceKey k;
    k.protocol = 6;
    k.addr = *IpAddress::parse("192.0.2.80");
    k.port = 80;
    return k;
}

ipvs::DestKey dest(const char* a) { return {*IpAddress::parse(a), 80}; }

TEST(StatusRecords, KernelWeightFollowsPresence) {
    DesiredTable d;
    DesiredService s;
    s.name = "www";
    s.service.key = key();
    DesiredDest up, down, unknown;
    up.dest.key = dest("10.0.1.21");
    up.dest.weight = 3;
    down.dest.key = dest("10.0.1.22");
    down.presence = Presence::Absent;
    unknown.dest.key = dest("10.0.1.23");
    unknown.presence = Presence::KeepAsIs;
    s.dests = {up, down, unknown};
    d.services.push_back(s);
    std::vector<ipvs::ServiceWithDests> observed(1);
    observed[0].service.key = key();
    ipvs::Destination kept;
    kept.key = dest("10.0.1.23");
    kept.weight = 7;
    observed[0].dests.push_back(kept);
    EXPECT_EQ(kernel_weight(d, observed, {key(), dest("10.0.1.21")}), 3);
    EXPECT_EQ(kernel_weight(d, observed, {key(), dest("10.0.1.22")}), -1);
    EXPECT_EQ(kernel_weight(d, observed, {key(), dest("10.0.1.23")}), 7);
    EXPECT_EQ(kernel_weight(d, {}, {key(), dest("10.0.1.23")}), -1);

    NannySupervisor::SlotInfo si;
    si.key = {key(), dest("10.0.1.21")};
    si.slot = 5;
    si.pid = 42;
    config::LvsConfig cfg;
    config::VirtualServer vs;
    vs.active = true;
    vs.address = *IpAddress::parse("192.0.2.80");
    vs.port = 80;
    config::RealServer rs;
    rs.active = true;
    rs.address = *IpAddress::parse("10.0.1.21");
    rs.port = 80;
    rs.weight = 9;
    vs.servers.push_back(rs);
    cfg.virtuals.push_back(vs);
    auto recs = dest_records(d, observed, {si}, cfg);
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].first, 5u);
    const auto& r = recs[0].second;
    EXPECT_EQ(r.in_use, 1);
    EXPECT_EQ(r.protocol, 6);
    EXPECT_EQ(r.vport, 80);
    EXPECT_EQ(r.kernel_weight, 3);
    EXPECT_EQ(r.nanny_pid, 42);
    EXPECT_STREQ(r.vs_name, "www");
    EXPECT_EQ(r.configured_weight, 9);
    // A verdict elsewhere rewrites only its own service's records.
    auto other = key();
    other.port = 81;
    const std::set<ipvs::ServiceKey> only_other = {other}, only_this = {key()};
    EXPECT_TRUE(dest_records(d, observed, {si}, cfg, &only_other).empty());
    ASSERT_EQ(dest_records(d, observed, {si}, cfg, &only_this).size(), 1u);
    EXPECT_EQ(dest_records(d, observed, {si}, cfg, &only_this)[0].second.kernel_weight, 3);
}

}  // namespace
}  // namespace lvs::lvsd
