// SPDX-License-Identifier: GPL-2.0-or-later
// Status renderers, the check verdict and the metrics text, from built snapshots.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstring>

#include "common/status/render.h"

namespace lvs::status {
namespace {

ServerView server(const char* name, const char* addr, shm::RsState st, int kernel_weight) {
    ServerView v;
    v.rs.owner_pid = 100;
    v.rs.state = st;
    v.rs.family = 4;
    inet_pton(AF_INET, addr, v.rs.addr);
    v.rs.port = 80;
    v.rs.weight = v.rs.configured_weight = 2;
    v.rs.checks = 10;
    v.rs.load_failures = 2;
    v.rs.latency_us = 1500;
    v.rs.last_outcome = st == shm::RsState::Up ? shm::ProbeOutcome::Ok : shm::ProbeOutcome::ConnectRefused;
    v.rs.latency_bucket[0] = 4;  // <= 1 ms
    v.rs.latency_bucket[1] = 6;  // <= 5 ms
    v.rs.latency_sum_us = 20000;
    std::snprintf(v.rs.name, sizeof v.rs.name, "%s", name);
    v.dest.in_use = 1;
    v.dest.protocol = 6;
    v.dest.family = 4;
    inet_pton(AF_INET, "192.0.2.80", v.dest.vip);
    v.dest.vport = 80;
    v.dest.kernel_weight = kernel_weight;
    return v;
}

Snapshot healthy() {
    Snapshot s;
    s.router_present = s.lvsd_present = true;
    s.router.pid = 10;
    s.router.active = 1;
    s.router.partner_alive = 1;
    std::snprintf(s.router.partner, sizeof s.router.partner, "192.0.2.11");
    s.router.vip_count = 1;
    s.router.vips[0].family = 4;
    s.router.vips[0].prefix = 24;
    s.router.vips[0].up = 1;
    inet_pton(AF_INET, "192.0.2.80", s.router.vips[0].addr);
    std::snprintf(s.router.vips[0].label, sizeof s.router.vips[0].label, "eth0:1");
    s.router.rejected[5] = 3;  // forged
    s.lvsd.pid = 11;
    s.servers = {server("www/rs1", "10.0.1.21", shm::RsState::Up, 2),
                 server("www/rs2", "10.0.1.22", shm::RsState::Up, 2)};
    return s;
}

TEST(StatusCheck, OkDegradedDown) {
    Snapshot s = healthy();
    EXPECT_EQ(evaluate(s).health, Health::Ok);
    s.servers[1].rs.state = shm::RsState::Down;
    auto v = evaluate(s);
    EXPECT_EQ(v.health, Health::Degraded);
    ASSERT_EQ(v.reasons.size(), 1u);
    EXPECT_EQ(v.reasons[0].text, "www/rs2: down");
    EXPECT_EQ(v.reasons[0].health, Health::Degraded);
    s.servers[0].rs.state = shm::RsState::Drained;
    EXPECT_EQ(evaluate(s).health, Health::Down);  // no real server up
    s = healthy();
    s.router.partner_alive = 0;
    EXPECT_EQ(evaluate(s).health, Health::Degraded);  // active, but alone
    s.router.active = 0;
    EXPECT_EQ(evaluate(s).health, Health::Down);      // nobody serves
    s = healthy();
    s.lvsd_present = false;
    EXPECT_EQ(evaluate(s).health, Health::Down);
}

TEST(StatusTable, ShowsEveryServerWithWeightsAndOutcome) {
    Snapshot s = healthy();
    s.servers[1].rs.state = shm::RsState::Drained;
    s.servers[1].dest.kernel_weight = -1;
    const std::string t = render_table(s);
    EXPECT_NE(t.find("ACTIVE"), std::string::npos);
    EXPECT_NE(t.find("192.0.2.80/24 on eth0:1 (up)"), std::string::npos);
    EXPECT_NE(t.find("rs1"), std::string::npos);
    EXPECT_NE(t.find("10.0.1.22:80"), std::string::npos);
    EXPECT_NE(t.find("drained"), std::string::npos);
    EXPECT_NE(t.find("1.5 ms"), std::string::npos);
}

TEST(StatusJson, SchemaFieldsAndHostileNamesAreEscaped) {
    Snapshot s = healthy();
    std::snprintf(s.servers[0].rs.name, sizeof s.servers[0].rs.name, "www/r\"s\n\x01");
    const std::string j = render_json(s);
    EXPECT_EQ(j.rfind("{\"schema\":\"lvsctl-status/1\"", 0), 0u);
    EXPECT_NE(j.find("\"name\":\"r\\\"s\\u000a\\u0001\""), std::string::npos);
    EXPECT_NE(j.find("\"kernel_weight\":2"), std::string::npos);
    EXPECT_NE(j.find("\"load_failures\":2"), std::string::npos);
    EXPECT_NE(j.find("\"check\":{\"status\":\"ok\""), std::string::npos);
    EXPECT_NE(j.find("\"heartbeats_rejected\":3"), std::string::npos);
    // Balanced braces and no raw control bytes: a JSON parser can read it.
    int depth = 0;
    for (char c : j.substr(0, j.size() - 1)) {
        EXPECT_GE(static_cast<unsigned char>(c), 0x20);
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    }
    EXPECT_EQ(depth, 0);
}

TEST(StatusMetrics, PrometheusNamesCountersAndCumulativeHistogram) {
    Snapshot s = healthy();
    std::snprintf(s.servers[1].rs.name, sizeof s.servers[1].rs.name, "www/a\"b\\c");
    const std::string m = render_metrics(s);
    EXPECT_NE(m.find("# TYPE lvs_heartbeats_rejected_total counter\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_heartbeats_rejected_total{reason=\"forged\"} 3\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_router_active 1\n"), std::string::npos);
    const std::string l = "virtual=\"www\",server=\"rs1\",address=\"10.0.1.21:80\"";
    EXPECT_NE(m.find("lvs_real_server_up{" + l + "} 1\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_real_server_load_failures_total{" + l + "} 2\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_real_server_check_latency_seconds_bucket{" + l + ",le=\"0.001\"} 4\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_real_server_check_latency_seconds_bucket{" + l + ",le=\"0.005\"} 10\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_real_server_check_latency_seconds_bucket{" + l + ",le=\"+Inf\"} 10\n"), std::string::npos);
    EXPECT_NE(m.find("lvs_real_server_check_latency_seconds_count{" + l + "} 10\n"), std::string::npos);
    EXPECT_NE(m.find("server=\"a\\\"b\\\\c\""), std::string::npos);
    EXPECT_NE(m.find("lvs_check_status 0\n"), std::string::npos);
    // Every line is a comment or "name{labels} value".
    std::size_t pos = 0;
    while (pos < m.size()) {
        const auto nl = m.find('\n', pos);
        ASSERT_NE(nl, std::string::npos);
        const std::string line = m.substr(pos, nl - pos);
        if (line[0] != '#') {
            EXPECT_NE(line.rfind(' '), std::string::npos) << line;
        }
        pos = nl + 1;
    }
}

TEST(StatusCert, AnExpiringCertificateIsAWarningEverywhere) {
    Snapshot s = healthy();
    s.servers[0].rs.cert_seen = 1;
    s.servers[0].rs.cert_days_left = 90;
    s.servers[1].rs.cert_seen = 1;
    s.servers[1].rs.cert_days_left = 3;
    s.servers[1].rs.cert_expiring = 1;
    s.servers[1].rs.last_outcome = shm::ProbeOutcome::TlsCertExpiring;
    const Verdict v = evaluate(s);
    EXPECT_EQ(v.health, Health::Degraded);
    ASSERT_EQ(v.reasons.size(), 1u);
    EXPECT_EQ(v.reasons[0].text, "www/rs2: TLS certificate expires in 3 days");
    EXPECT_EQ(shm::cert_expiry_text(-2), "expired 2 days ago");
    const std::string text = render_table(s);
    EXPECT_NE(text.find("certificate expires in 90 days\n"), std::string::npos) << text;
    EXPECT_NE(text.find("certificate expires in 3 days (EXPIRING)"), std::string::npos) << text;
    EXPECT_NE(text.find("TlsCertExpiring"), std::string::npos) << text;
    const std::string json = render_json(s);
    EXPECT_NE(json.find("\"cert_days_left\":3,\"cert_expiring\":true"), std::string::npos) << json;
    EXPECT_NE(json.find("\"cert_days_left\":90,\"cert_expiring\":false"), std::string::npos) << json;
    const std::string m = render_metrics(s, "");
    EXPECT_NE(m.find("lvs_real_server_cert_days_left{virtual=\"www\",server=\"rs2\",address=\"10.0.1.22:80\"} 3"),
              std::string::npos) << m;
    EXPECT_NE(m.find("lvs_real_server_cert_expiring{virtual=\"www\",server=\"rs2\",address=\"10.0.1.22:80\"} 1"),
              std::string::npos) << m;
    // Without TLS: no certificate fields.
    Snapshot plain = healthy();
    EXPECT_EQ(render_table(plain).find("certificate"), std::string::npos);
    EXPECT_NE(render_json(plain).find("\"cert_days_left\":null"), std::string::npos);
    EXPECT_EQ(render_metrics(plain, "").find("lvs_real_server_cert_days_left{"), std::string::npos);
}

// A failed check's detail (an HTTP status, a DNS rcode) is shown with its
// outcome, printable, and is null in JSON when there is none.
TEST(StatusDetail, AFailedChecksDetailIsShownWithItsOutcome) {
    Snapshot s = healthy();
    s.servers[1].rs.last_outcome = shm::ProbeOutcome::DnsRcode;
    std::snprintf(s.servers[1].rs.detail, sizeof s.servers[1].rs.detail, "%s", "NXDOMAIN\x1b[2J");
    const std::string text = render_table(s);
    EXPECT_NE(text.find("    last failure DnsRcode: NXDOMAIN?[2J\n"), std::string::npos) << text;
    const std::string json = render_json(s);
    EXPECT_NE(json.find("\"last_outcome\":\"DnsRcode\",\"last_detail\":\"NXDOMAIN\\u001b[2J\""), std::string::npos)
        << json;
    EXPECT_NE(json.find("\"last_outcome\":\"Ok\",\"last_detail\":null"), std::string::npos) << json;
    EXPECT_EQ(render_table(healthy()).find("last failure"), std::string::npos);
}

TEST(ProbeOutcomes, NamesAreStableAndExpiringPasses) {
    EXPECT_STREQ(shm::to_string(shm::ProbeOutcome::HttpStatus), "HttpStatus");
    EXPECT_STREQ(shm::to_string(shm::ProbeOutcome::HttpBodyMismatch), "HttpBodyMismatch");
    EXPECT_STREQ(shm::to_string(shm::ProbeOutcome::HttpBadResponse), "HttpBadResponse");
    EXPECT_STREQ(shm::to_string(shm::ProbeOutcome::TlsHandshakeFailed), "TlsHandshakeFailed");
    EXPECT_STREQ(shm::to_string(shm::ProbeOutcome::TlsCertInvalid), "TlsCertInvalid");
    EXPECT_STREQ(shm::to_string(shm::ProbeOutcome::TlsCertExpiring), "TlsCertExpiring");
    EXPECT_STREQ(shm::to_string(shm::ProbeOutcome::HttpRedirectFailed), "HttpRedirectFailed");
    EXPECT_EQ(static_cast<int>(shm::ProbeOutcome::HttpStatus), 15);
    EXPECT_EQ(static_cast<int>(shm::ProbeOutcome::HttpRedirectFailed), 21);
    EXPECT_TRUE(shm::passed(shm::ProbeOutcome::Ok));
    EXPECT_TRUE(shm::passed(shm::ProbeOutcome::TlsCertExpiring));
    EXPECT_FALSE(shm::passed(shm::ProbeOutcome::TlsCertExpiring, true));
    EXPECT_FALSE(shm::passed(shm::ProbeOutcome::HttpStatus));
}

TEST(LatencyBuckets, BoundsAreInclusive) {
    EXPECT_EQ(shm::latency_bucket_of(0), 0u);
    EXPECT_EQ(shm::latency_bucket_of(1000), 0u);
    EXPECT_EQ(shm::latency_bucket_of(1001), 1u);
    EXPECT_EQ(shm::latency_bucket_of(5000000), 7u);
    EXPECT_EQ(shm::latency_bucket_of(5000001), 8u);
}

}  // namespace
}  // namespace lvs::status
