// SPDX-License-Identifier: GPL-2.0-or-later
// lvsctl check as a monitoring plugin: threshold ranges, the verdict as an
// exit code, the output line with its performance data, and FOS mode's
// verdict from the failover services.
#include "common/status/plugin.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

namespace lvs::status {
namespace {

ServerView server(const char* name, shm::RsState st) {
    ServerView v;
    v.rs.owner_pid = 100;
    v.rs.state = st;
    v.rs.family = 4;
    inet_pton(AF_INET, "10.0.1.21", v.rs.addr);
    v.rs.port = 80;
    std::snprintf(v.rs.name, sizeof v.rs.name, "%s", name);
    v.dest.in_use = 1;
    v.dest.protocol = 6;
    v.dest.family = 4;
    v.dest.kernel_weight = st == shm::RsState::Up ? 1 : -1;
    return v;
}

// An active router with a live partner, heard 250 ms ago; three real
// servers in two virtual servers, all up.
Snapshot lvs_router() {
    Snapshot s;
    s.router_present = s.lvsd_present = true;
    s.router.pid = 10;
    s.router.active = 1;
    s.router.partner_alive = 1;
    std::snprintf(s.router.partner, sizeof s.router.partner, "192.0.2.11");
    s.now_mono_ns = 10'000'000'000;
    s.router.last_heartbeat_mono_ns = 9'750'000'000;
    s.lvsd.pid = 11;
    s.lvsd.last_verdict_to_kernel_us = 4321;
    s.lvsd.max_verdict_to_kernel_us = 12000;
    s.servers = {server("ftp/rs1", shm::RsState::Up), server("www/rs1", shm::RsState::Up),
                 server("www/rs2", shm::RsState::Up)};
    return s;
}

Range range(const char* text) {
    auto r = parse_minimum_range(text);
    EXPECT_TRUE(r.ok()) << text;
    return r.ok() ? *r : Range{};
}

TEST(PluginRange, PlainNIsAMinimumAndTheGenericFormsWork) {
    // For servers up, low is bad: 3 and 3: both alert below 3.
    for (const char* t : {"3", "3:"}) {
        const Range r = range(t);
        EXPECT_TRUE(r.alerts(2)) << t;
        EXPECT_FALSE(r.alerts(3)) << t;
        EXPECT_FALSE(r.alerts(100)) << t;
        EXPECT_EQ(r.text(), "3:") << t;
    }
    const Range between = range("2:4");
    EXPECT_TRUE(between.alerts(1));
    EXPECT_FALSE(between.alerts(2));
    EXPECT_FALSE(between.alerts(4));
    EXPECT_TRUE(between.alerts(5));
    EXPECT_EQ(between.text(), "2:4");
    const Range at_most = range("~:5");
    EXPECT_FALSE(at_most.alerts(-1000));
    EXPECT_TRUE(at_most.alerts(6));
    EXPECT_EQ(at_most.text(), "~:5");
    const Range inside = range("@1:2");
    EXPECT_TRUE(inside.alerts(1));
    EXPECT_TRUE(inside.alerts(2));
    EXPECT_FALSE(inside.alerts(0));
    EXPECT_FALSE(inside.alerts(3));
    EXPECT_EQ(inside.text(), "@1:2");
    EXPECT_EQ(range(":7").text(), "0:7");
    EXPECT_EQ(range("1.5:").text(), "1.5:");
}

TEST(PluginRange, BadRangesAreRefusedWithTheText) {
    for (const char* t : {"", "@", "x", "3:x", "3::", "1e3", "--1", "5:2", ":", "3 ", "1.", ".5", "~", "nan"}) {
        auto r = parse_minimum_range(t);
        EXPECT_FALSE(r.ok()) << "[" << t << "]";
    }
    auto r = parse_minimum_range("5:2");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message(), "bad threshold range '5:2': its start is above its end");
}

TEST(PluginState, VerdictsAreExitCodes) {
    EXPECT_EQ(static_cast<int>(plugin_state(Health::Ok)), 0);
    EXPECT_EQ(static_cast<int>(plugin_state(Health::Degraded)), 1);
    EXPECT_EQ(static_cast<int>(plugin_state(Health::Down)), 2);
    EXPECT_EQ(static_cast<int>(PluginState::Unknown), 3);
    EXPECT_STREQ(to_string(PluginState::Warning), "WARNING");
    EXPECT_STREQ(to_string(PluginState::Unknown), "UNKNOWN");
    const Report r = plain_report(PluginState::Unknown, "cannot read | the status");
    EXPECT_EQ(r.state, PluginState::Unknown);
    EXPECT_EQ(r.text, "LVS UNKNOWN - cannot read ? the status\n");
}

TEST(PluginPerf, LabelsValuesAndTrailingFields) {
    EXPECT_EQ(perf_label("vs_www_up"), "'vs_www_up'");
    EXPECT_EQ(perf_label("vs_we b='x|\n_up"), "'vs_we_b__x___up'");
    EXPECT_EQ(format_perf({"a", "3", "", "3:", "1:", "0", "4"}), "'a'=3;3:;1:;0;4");
    EXPECT_EQ(format_perf({"a", "3", "", "", "", "0", ""}), "'a'=3;;;0");
    EXPECT_EQ(format_perf({"a", "0.25", "s", "", "", "", ""}), "'a'=0.25s");
    EXPECT_EQ(format_perf({"a", "U", "ms", "", "", "0", ""}), "'a'=U;;;0");
    EXPECT_EQ(format_number(4.321), "4.321");
    EXPECT_EQ(format_number(12), "12");
    EXPECT_EQ(format_number(0.0004), "0");
    EXPECT_EQ(format_number(1.5), "1.5");
}

TEST(PluginReport, OkLineWithPerfdata) {
    const Report r = check_report(lvs_router(), {});
    EXPECT_EQ(r.state, PluginState::Ok);
    EXPECT_EQ(r.text,
              "LVS OK - 3 of 3 real servers up, this router active | 'servers_up'=3;;;0;3 'servers_total'=3;;;0 "
              "'heartbeat_age'=0.25s;;;0 'verdict_to_kernel'=4.321ms;;;0 'verdict_to_kernel_max'=12ms;;;0\n");
}

TEST(PluginReport, PerVirtualServerPerfdataAndThresholdsInIt) {
    CheckOptions o;
    o.per_virtual = true;
    o.thresholds.warning = range("3");
    o.thresholds.critical = range("1:");
    Snapshot s = lvs_router();
    s.router.last_heartbeat_mono_ns = 0;  // never heard
    s.lvsd.last_verdict_to_kernel_us = s.lvsd.max_verdict_to_kernel_us = 0;  // no verdict carried out yet
    const Report r = check_report(s, o);
    EXPECT_EQ(r.state, PluginState::Ok);
    EXPECT_NE(r.text.find("'servers_up'=3;3:;1:;0;3 'servers_total'=3;;;0 'vs_ftp_up'=1;;;0;1 'vs_www_up'=2;;;0;2 "
                          "'heartbeat_age'=U;;;0 'verdict_to_kernel'=U;;;0 'verdict_to_kernel_max'=U;;;0\n"),
              std::string::npos)
        << r.text;
}

TEST(PluginReport, ThresholdsOnServersUp) {
    Snapshot s = lvs_router();
    CheckOptions o;
    o.thresholds.warning = range("4");
    o.thresholds.critical = range("2");
    Report r = check_report(s, o);
    EXPECT_EQ(r.state, PluginState::Warning);
    EXPECT_EQ(r.text.substr(0, r.text.find(" |")),
              "LVS WARNING - 3 of 3 real servers up, this router active: 3 real servers up: outside the warning "
              "range 4:");
    o.thresholds.critical = range("4");
    r = check_report(s, o);
    EXPECT_EQ(r.state, PluginState::Critical);  // critical wins over warning
    EXPECT_NE(r.text.find("outside the critical range 4:"), std::string::npos);
    EXPECT_EQ(r.text.find("warning range"), std::string::npos);
}

TEST(PluginReport, WorstReasonFirstThenEveryReason) {
    Snapshot s = lvs_router();
    s.servers[0].rs.state = shm::RsState::Down;  // ftp has none up: critical
    s.servers[2].rs.state = shm::RsState::Drained;
    const Report r = check_report(s, {});
    EXPECT_EQ(r.state, PluginState::Critical);
    const std::string first = r.text.substr(0, r.text.find('\n'));
    EXPECT_EQ(first.substr(0, first.find(" |")),
              "LVS CRITICAL - 1 of 3 real servers up, this router active: virtual server ftp has no real server up "
              "(2 more)");
    EXPECT_NE(first.find("'servers_up'=1;;;0;3"), std::string::npos);
    EXPECT_EQ(r.text.substr(r.text.find('\n') + 1),
              "ftp/rs1: down\nvirtual server ftp has no real server up\nwww/rs2: drained\n");
}

TEST(PluginReport, DegradedIsWarningAndNamesFromLvsCfCannotStartPerfdata) {
    Snapshot s = lvs_router();
    std::snprintf(s.servers[2].rs.name, sizeof s.servers[2].rs.name, "www/a|b");
    s.servers[2].rs.state = shm::RsState::Down;
    const Report r = check_report(s, {});
    EXPECT_EQ(r.state, PluginState::Warning);
    EXPECT_NE(r.text.find("www/a?b: down |"), std::string::npos) << r.text;
    EXPECT_EQ(std::count(r.text.begin(), r.text.end(), '|'), 1);
}

TEST(PluginReport, AStaleSegmentIsCriticalWithNothingUp) {
    Snapshot s = lvs_router();
    s.creator_pid = 4242;
    s.creator_alive = false;
    const Report r = check_report(s, {});
    EXPECT_EQ(r.state, PluginState::Critical);
    EXPECT_EQ(r.text,
              "LVS CRITICAL - the status segment is stale: pid 4242 that created it is gone (pulse or lvsd died) | "
              "'servers_up'=0;;;0;0 'servers_total'=0;;;0\n");
}

TEST(PluginReport, LvsdAloneHasNoRouterPart) {
    Snapshot s = lvs_router();
    s.router_present = false;
    const Report r = check_report(s, {});
    EXPECT_EQ(r.state, PluginState::Ok);
    EXPECT_EQ(r.text.substr(0, r.text.find(" |")), "LVS OK - 3 of 3 real servers up");
    EXPECT_EQ(r.text.find("heartbeat_age"), std::string::npos);
}

// --- FOS mode ---------------------------------------------------------------

shm::FosServiceEntry entry(const char* name, shm::FosState st) {
    shm::FosServiceEntry e{};
    std::snprintf(e.name, sizeof e.name, "%s", name);
    e.state = st;
    return e;
}

// pulse in FOS mode, active, its fos --active running two services.
Snapshot fos_router(shm::FosState web, shm::FosState ftp) {
    Snapshot s;
    s.router_present = true;
    s.router.pid = 10;
    s.router.fos_mode = 1;
    s.router.active = 1;
    s.router.partner_alive = 1;
    std::snprintf(s.router.partner, sizeof s.router.partner, "192.0.2.11");
    s.router.fos_pid = 20;
    s.fos_present = true;
    s.fos.pid = 20;
    s.fos.mode = 1;
    s.fos.services = 2;
    s.fos.service[0] = entry("web", web);
    s.fos.service[1] = entry("ftp", ftp);
    return s;
}

TEST(FosCheck, ActiveRouterIsJudgedByItsServicesNotByLvsd) {
    using shm::FosState;
    Snapshot s = fos_router(FosState::Running, FosState::Running);
    ASSERT_FALSE(s.lvsd_present);
    EXPECT_EQ(evaluate(s).health, Health::Ok);
    Report r = check_report(s, {});
    EXPECT_EQ(r.state, PluginState::Ok);
    EXPECT_EQ(r.text.substr(0, r.text.find("'heartbeat")),
              "LVS OK - 2 of 2 failover services running, this router active | 'services_up'=2;;;0;2 "
              "'services_total'=2;;;0 ");
    EXPECT_EQ(r.text.find("verdict_to_kernel"), std::string::npos);
    CheckOptions o;
    o.per_virtual = true;
    EXPECT_NE(check_report(s, o).text.find("'fos_web_up'=1;;;0;1 'fos_ftp_up'=1;;;0;1"), std::string::npos);

    s = fos_router(FosState::Running, FosState::Starting);
    EXPECT_EQ(evaluate(s).health, Health::Degraded);
    EXPECT_EQ(evaluate(s).reasons.at(0).text, "failover service ftp: starting");
    s = fos_router(FosState::Running, FosState::Failed);
    EXPECT_EQ(evaluate(s).health, Health::Down);
    EXPECT_EQ(evaluate(s).reasons.at(0).text, "failover service ftp: start_cmd failed");
    r = check_report(s, {});
    EXPECT_EQ(r.state, PluginState::Critical);
    EXPECT_NE(r.text.find("1 of 2 failover services running"), std::string::npos);
}

TEST(FosCheck, OnlyTheFosPulseRunsCounts) {
    using shm::FosState;
    Snapshot s = fos_router(FosState::Running, FosState::Running);
    s.router.fos_pid = -1;  // pulse runs no fos: the record is a dead one's
    EXPECT_EQ(evaluate(s).health, Health::Down);
    EXPECT_EQ(evaluate(s).reasons.at(0).text, "fos is not running on the active router");
    EXPECT_EQ(up_counts(s).at(0).total, 0);
    s.router.fos_pid = 20;
    s.fos.mode = 2;  // just became active: the monitor is still stopping
    EXPECT_EQ(evaluate(s).health, Health::Degraded);
}

TEST(FosCheck, StandbyIsJudgedByItsMonitors) {
    using shm::FosState;
    Snapshot s = fos_router(FosState::Monitoring, FosState::Monitoring);
    s.router.active = 0;
    s.router.partner_state = 1;  // the partner serves
    s.fos.mode = 2;
    EXPECT_EQ(evaluate(s).health, Health::Ok);
    Report r = check_report(s, {});
    EXPECT_EQ(r.state, PluginState::Ok);
    EXPECT_NE(r.text.find("LVS OK - 2 of 2 failover services monitored, this router standby |"), std::string::npos);
    s.fos.service[1].state = FosState::Stopping;
    EXPECT_EQ(evaluate(s).health, Health::Degraded);
    EXPECT_EQ(evaluate(s).reasons.at(0).text, "failover service ftp: not monitored (stopping)");
    s.router.fos_pid = -1;  // held back (a network fault, a gateway check)
    EXPECT_EQ(evaluate(s).health, Health::Degraded);
    EXPECT_EQ(evaluate(s).reasons.at(0).text, "the partner's failover services are not monitored");
    s.router.partner_alive = 0;  // nobody serves: the router rule
    EXPECT_EQ(evaluate(s).health, Health::Down);
}

}  // namespace
}  // namespace lvs::status
