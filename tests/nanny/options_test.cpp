// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's command line: lvs.ini's [log] arrives as --log-facility and
// --log-level; --nofork, with Piranha's -c still accepted.
#include "nanny/options.h"
#include "nanny/http_check.h"

#include <gtest/gtest.h>

#include "common/base/exit_codes.h"
#include "tests/support/argv.h"
#include "tests/support/stderr_capture.h"

namespace lvs::nanny {
namespace {

using lvs::testing::Argv;

int parse(Argv a, Options& o) {
    lvs::testing::StderrCapture quiet;
    return parse_options(a.argc(), a.argv(), o);
}

TEST(NannyOptions, LogFacilityAndLevel) {
    Options d;
    EXPECT_EQ(parse({"nanny", "-h", "10.0.1.21", "--lvs"}, d), -1);
    EXPECT_EQ(d.log_facility, "daemon");
    EXPECT_EQ(d.log_level, log::Level::Info);
    Options o;
    EXPECT_EQ(parse({"nanny", "-h", "10.0.1.21", "--lvs", "--log-facility", "local4", "--log-level", "warning"}, o),
              -1);
    EXPECT_EQ(o.log_facility, "local4");
    EXPECT_EQ(o.log_level, log::Level::Warning);
    Options bad_facility, bad_level;
    EXPECT_EQ(parse({"nanny", "-h", "10.0.1.21", "--lvs", "--log-facility", "kern9"}, bad_facility), kExitUsage);
    EXPECT_EQ(parse({"nanny", "-h", "10.0.1.21", "--lvs", "--log-level", "loud"}, bad_level), kExitUsage);
}

// Piranha's -c (--nofork) is gone: -c is the daemons' configuration file.
TEST(NannyOptions, NoforkWithoutPiranhasDashC) {
    Options o;
    EXPECT_EQ(parse({"nanny", "--nofork", "-h", "10.0.1.21", "-t", "2", "--lvs"}, o), -1);
    EXPECT_TRUE(o.nofork);
    EXPECT_EQ(o.server, "10.0.1.21");
    EXPECT_EQ(o.timeout.count(), 2000);
    Options c;
    EXPECT_EQ(parse({"nanny", "-c", "-h", "10.0.1.21", "--lvs"}, c), kExitUsage);
}

TEST(NannyOptions, HttpCheckAndTls) {
    Options d;
    EXPECT_EQ(parse({"nanny", "-h", "10.0.1.21", "--lvs"}, d), -1);
    EXPECT_FALSE(d.http.on);
    EXPECT_FALSE(d.tls.on);
    EXPECT_EQ(d.http.method, "GET");
    EXPECT_EQ(d.http.path, "/");
    EXPECT_EQ(d.http.status, "200-399");
    EXPECT_EQ(d.http.max_body, 65536u);
    EXPECT_EQ(d.tls.min_version, 12);
    EXPECT_EQ(d.tls.expiry_warn_days, 14);
    Options o;
    EXPECT_EQ(parse({"nanny", "-h", "10.0.1.21", "--lvs", "--check", "http", "--http-method", "HEAD", "--http-path",
                     "/health?full=1", "--http-host", "www.example.com", "--http-header", "X-A: 1", "--http-header",
                     "X-B: 2", "--http-status", "200,204", "--http-body", "ok$", "--http-digest",
                     std::string(64, 'F').c_str(), "--http-max-body", "1024", "--http-redirects", "2", "--tls",
                     "--tls-sni", "sni.example.com", "--tls-ca", "/etc/ssl/certs", "--tls-verify-name", "v.example.com",
                     "--tls-cert", "/c.pem", "--tls-key", "/k.pem", "--tls-min-version", "1.3",
                     "--tls-expiry-warn-days", "30", "--tls-expiry-fails"},
                    o),
              -1);
    EXPECT_TRUE(o.http.on);
    EXPECT_EQ(o.http.method, "HEAD");
    EXPECT_EQ(o.http.path, "/health?full=1");
    EXPECT_EQ(o.http.host.value_or(""), "www.example.com");
    EXPECT_EQ(o.http.headers, (std::vector<std::string>{"X-A: 1", "X-B: 2"}));
    EXPECT_EQ(o.http.status, "200,204");
    EXPECT_EQ(o.http.body.value_or(""), "ok$");
    EXPECT_EQ(o.http.max_body, 1024u);
    EXPECT_EQ(o.http.redirects, 2);
    EXPECT_TRUE(o.tls.on);
    EXPECT_EQ(o.tls.sni.value_or(""), "sni.example.com");
    EXPECT_EQ(o.tls.ca.value_or(""), "/etc/ssl/certs");
    EXPECT_EQ(o.tls.verify_name.value_or(""), "v.example.com");
    EXPECT_EQ(o.tls.min_version, 13);
    EXPECT_EQ(o.tls.expiry_warn_days, 30);
    EXPECT_TRUE(o.tls.expiry_fails);
}

TEST(NannyOptions, BadHttpAndTlsValues) {
    const std::vector<std::vector<const char*>> bad = {
        {"--check", "dns"},          {"--http-status", "200-"},      {"--http-digest", "abc"},
        {"--http-path", "health"},   {"--http-method", "GE T"},      {"--http-max-body", "0"},
        {"--http-redirects", "11"},  {"--tls-min-version", "1.1"},   {"--tls-expiry-warn-days", "-1"},
        {"--http-header", "NoColon"}, {"--check", "http", "-u"},     {"--check", "http", "-s", "x"},
        {"--tls", "-u"},             {"--tls", "--tls-cert", "/c"},
    };
    for (const auto& extra : bad) {
        std::vector<std::string> words = {"nanny", "-h", "10.0.1.21", "--lvs"};
        words.insert(words.end(), extra.begin(), extra.end());
        std::vector<char*> args;
        for (auto& w : words) args.push_back(w.data());
        args.push_back(nullptr);
        Options o;
        lvs::testing::StderrCapture quiet;
        EXPECT_EQ(parse_options(static_cast<int>(words.size()), args.data(), o), kExitUsage) << extra[0] << " "
                                                                                             << extra[1];
    }
}

TEST(NannyDigest, UrlParts) {
    auto u = parse_url("https://www.example.com:8443/health?x=1");
    ASSERT_TRUE(u.ok());
    EXPECT_TRUE(u->tls);
    EXPECT_EQ(u->host, "www.example.com");
    EXPECT_EQ(u->authority, "www.example.com:8443");
    EXPECT_EQ(u->port, 8443);
    EXPECT_EQ(u->path, "/health?x=1");
    auto p = parse_url("http://10.0.1.21");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->port, 80);
    EXPECT_EQ(p->path, "/");
    auto v6 = parse_url("https://[2001:db8::1]/");
    ASSERT_TRUE(v6.ok());
    EXPECT_EQ(v6->host, "2001:db8::1");
    EXPECT_EQ(v6->port, 443);
    auto v6p = parse_url("http://[2001:db8::1]:81/a");
    ASSERT_TRUE(v6p.ok());
    EXPECT_EQ(v6p->port, 81);
    for (const char* bad : {"ftp://x/", "http://", "http://x:0/", "http://x:99999/", "http://x:8a/", "x.example.com",
                            "http://x/a b"})
        EXPECT_FALSE(parse_url(bad).ok()) << bad;
}

TEST(NannyOptions, DigestToolModeNeedsNoServer) {
    Options o;
    EXPECT_EQ(parse({"nanny", "--digest", "https://example.com/", "--insecure"}, o), -1);
    EXPECT_EQ(o.digest_url.value_or(""), "https://example.com/");
    EXPECT_TRUE(o.tls.insecure);
}

}  // namespace
}  // namespace lvs::nanny
