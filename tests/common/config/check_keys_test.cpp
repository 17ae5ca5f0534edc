// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf's check keys (check = http, http_*, tls*): their defaults, values,
// the errors at their place (FILE:LINE:COL), and the nanny options lvsd
// passes for them.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/config/nanny_command.h"
#include "common/config/parser.h"
#include "tests/support/config_snippets.h"

namespace lvs::config {
namespace {

std::string vs(const std::string& body) { return testing::virtual_block(body); }
std::string errors(const std::string& text) { return testing::config_errors(text); }
LoadedConfig load(const std::string& text) { return load_config_text(text, "f.cf", offline_parse_options()); }

TEST(CheckKeys, DefaultsAreTodaysCheck) {
    const auto c = load(vs(""));
    ASSERT_EQ(errors(vs("")), "");
    const auto& v = c.config.virtuals[0];
    EXPECT_EQ(v.check, CheckKind::Tcp);
    EXPECT_FALSE(v.tls);
    EXPECT_EQ(v.http_method, "GET");
    EXPECT_EQ(v.http_path, "/");
    EXPECT_EQ(v.http_status, "200-399");
    EXPECT_EQ(v.http_max_body, 65536);
    EXPECT_EQ(v.http_redirects, 0);
    EXPECT_EQ(v.tls_min_version, "1.2");
    EXPECT_EQ(v.tls_expiry_warn_days, 14);
    EXPECT_FALSE(v.tls_expiry_fails);
}

TEST(CheckKeys, EveryKeyIsRead) {
    const std::string body =
        "\tcheck = http\n\thttp_method = HEAD\n\thttp_path = /health\n\thttp_host = www.example.com\n"
        "\thttp_headers = [ \"X-A: 1\" \"X-B: 2\" ]\n\thttp_status = 200-299,301\n\thttp_body = \"ok\"\n"
        "\thttp_digest = " + std::string(64, 'a') + "\n\thttp_max_body = 4096\n\thttp_redirects = 2\n"
        "\ttls = 1\n\ttls_sni = sni.example.com\n\ttls_ca = /etc/passwd\n\ttls_verify_name = v.example.com\n"
        "\ttls_min_version = 1.3\n\ttls_expiry_warn_days = 30\n\ttls_expiry_fails = 1\n";
    ASSERT_EQ(errors(vs(body)), "");
    const auto c = load(vs(body));
    const auto& v = c.config.virtuals[0];
    EXPECT_EQ(v.check, CheckKind::Http);
    EXPECT_EQ(v.http_method, "HEAD");
    EXPECT_EQ(v.http_headers, (std::vector<std::string>{"X-A: 1", "X-B: 2"}));
    EXPECT_EQ(v.http_status, "200-299,301");
    EXPECT_EQ(v.http_max_body, 4096);
    EXPECT_TRUE(v.tls);
    EXPECT_EQ(v.tls_ca.value_or(""), "/etc/passwd");
    EXPECT_EQ(v.tls_min_version, "1.3");
    EXPECT_TRUE(v.tls_expiry_fails);
    // lvsd passes them on as nanny's long options.
    const auto a = nanny_argv(v, RealServerCheck{&c.config, &v.servers[0], "lvs", 0}, NannyOptions{});
    const auto has = [&](const char* opt, const std::string& val) {
        const auto it = std::find(a.begin(), a.end(), opt);
        return it != a.end() && (val.empty() || (it + 1 != a.end() && it[1] == val));
    };
    EXPECT_TRUE(has("--check", "http"));
    EXPECT_TRUE(has("--http-method", "HEAD"));
    EXPECT_TRUE(has("--http-path", "/health"));
    EXPECT_TRUE(has("--http-host", "www.example.com"));
    EXPECT_TRUE(has("--http-header", "X-A: 1"));
    EXPECT_TRUE(has("--http-status", "200-299,301"));
    EXPECT_TRUE(has("--http-body", "ok"));
    EXPECT_TRUE(has("--http-digest", std::string(64, 'a')));
    EXPECT_TRUE(has("--http-max-body", "4096"));
    EXPECT_TRUE(has("--http-redirects", "2"));
    EXPECT_TRUE(has("--tls", ""));
    EXPECT_TRUE(has("--tls-sni", "sni.example.com"));
    EXPECT_TRUE(has("--tls-ca", "/etc/passwd"));
    EXPECT_TRUE(has("--tls-verify-name", "v.example.com"));
    EXPECT_TRUE(has("--tls-min-version", "1.3"));
    EXPECT_TRUE(has("--tls-expiry-warn-days", "30"));
    EXPECT_TRUE(has("--tls-expiry-fails", ""));
}

TEST(CheckKeys, WithoutTheKeysNannyRunsAsBefore) {
    const auto c = load(vs(""));
    const auto& v = c.config.virtuals[0];
    const auto a = nanny_argv(v, RealServerCheck{&c.config, &v.servers[0], "lvs", 0}, NannyOptions{});
    for (const auto& w : a) EXPECT_FALSE(w.starts_with("--http") || w.starts_with("--tls") || w == "--check") << w;
}

TEST(CheckKeys, BadValuesAreErrorsAtTheirPlace) {
    struct Case {
        std::string body, want;
    };
    const Case cases[] = {
        {"\tcheck = smtp\n", "f.cf:4:10: error: invalid argument: 'smtp' for check\n"},
        {"\tcheck = dns\n\tdns_name = a\n\ttls = 1\n",
         "f.cf:6:2: error: tls = 1 needs a TCP check (protocol = tcp, check = tcp or http, no send_program)\n"},
        {"\thttp_path = /x\n", "f.cf:4:2: error: http_path needs check = http\n"},
        {"\ttls_ca = /etc/passwd\n", "f.cf:4:2: error: tls_ca needs tls = 1\n"},
        {"\tcheck = http\n\thttp_status = 200-\n",
         "f.cf:5:2: error: http_status: bad status list \"200-\": not a code or a range\n"},
        {"\tcheck = http\n\thttp_status = 600\n",
         "f.cf:5:2: error: http_status: bad status list \"600\": codes are 100-599, low-high\n"},
        {"\tcheck = http\n\thttp_body = \"(unclosed\"\n",
         "f.cf:5:2: error: http_body: bad regular expression: Unmatched ( or \\(\n"},
        {"\tcheck = http\n\thttp_digest = abc\n",
         "f.cf:5:2: error: http_digest must be 64 hex digits (the body's SHA-256, as nanny --digest prints it)\n"},
        {"\tcheck = http\n\thttp_path = health\n",
         "f.cf:5:2: error: http_path must start with / and hold no spaces or control characters\n"},
        {"\tcheck = http\n\thttp_max_body = 0\n", "f.cf:5:2: error: http_max_body must be 1-16777216 bytes\n"},
        {"\ttls = 1\n\ttls_ca = /nonexistent/ca.pem\n", "f.cf:5:2: error: tls_ca: cannot read '/nonexistent/ca.pem'\n"},
        {"\ttls = 1\n\ttls_cert = /etc/passwd\n",
         "f.cf:5:2: error: tls_cert and tls_key go together (the client certificate)\n"},
        {"\ttls = 1\n\ttls_min_version = 1.1\n", "f.cf:5:2: error: tls_min_version must be 1.2 or 1.3\n"},
        {"\tprotocol = udp\n\ttls = 1\n",
         "f.cf:5:2: error: tls = 1 needs a TCP check (protocol = tcp, check = tcp or http, no send_program)\n"},
        {"\tprotocol = udp\n\tcheck = http\n",
         "f.cf:5:2: error: check = http needs protocol = tcp and no send_program\n"},
        {"\tcheck = http\n\texpect = \"HTTP\"\n",
         "f.cf:5:2: error: send and expect belong to check = tcp (check = http builds the request)\n"},
    };
    for (const auto& c : cases) EXPECT_EQ(errors(vs(c.body)), c.want) << c.body;
}

}  // namespace
}  // namespace lvs::config
