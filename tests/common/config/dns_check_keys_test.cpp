// SPDX-License-Identifier: GPL-2.0-or-later
// The DNS check's lvs.cf keys: a good block, what it prints and the nanny
// command line lvsd builds from it, and a table of errors (FILE:LINE:COL).
#include <gtest/gtest.h>

#include <algorithm>

#include "common/config/nanny_command.h"
#include "common/config/parser.h"
#include "tests/support/config_snippets.h"
#include "common/config/writer.h"
#include "tests/support/sample_configs.h"

namespace lvs::config {
namespace {

std::string vs(const std::string& body) { return testing::virtual_block(body); }
std::string errors(const std::string& text) { return testing::config_errors(text); }

const std::string kDns = "\tcheck = dns\n";

TEST(DnsCheckKeys, GoodBlockParsesPrintsAndRoundTrips) {
    const auto text = vs("\tprotocol = udp\n\tport = 53\n" + kDns +
                         "\tdns_name = www.example.com\n\tdns_type = aaaa\n\tdns_answer = 2001:db8::1\n\tdns_rd = 1\n");
    auto loaded = load_config_text(text, "f.cf", offline_parse_options());
    ASSERT_TRUE(loaded.ok()) << errors(text);
    const auto& v = loaded.config.virtuals.at(0);
    EXPECT_EQ(v.check, CheckKind::Dns);
    EXPECT_EQ(v.dns_name, "www.example.com");
    EXPECT_EQ(v.dns_type, "aaaa");
    EXPECT_EQ(v.dns_answer, "2001:db8::1");
    EXPECT_TRUE(v.dns_rd);
    const auto printed = print_config(loaded.config);
    EXPECT_NE(printed.find("\tcheck = dns\n\tdns_name = \"www.example.com\"\n\tdns_type = aaaa\n"), std::string::npos)
        << printed;
    auto again = load_config_text(printed, "p.cf", offline_parse_options());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(print_config(again.config), printed);
}

TEST(DnsCheckKeys, DefaultsPrintNothing) {
    auto loaded = load_config_text(vs(""), "f.cf", offline_parse_options());
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded.config.virtuals[0].check, CheckKind::Tcp);
    EXPECT_EQ(loaded.config.virtuals[0].dns_type, "A");
    EXPECT_EQ(print_config(loaded.config).find("dns"), std::string::npos);
    auto tcp = load_config_text(vs("\tcheck = tcp\n"), "f.cf", offline_parse_options());
    EXPECT_TRUE(tcp.ok());
}

TEST(DnsCheckKeys, NannyArgvCarriesTheQuestion) {
    auto c = testing::web_config();
    auto& v = c.virtuals[0];
    v.check = CheckKind::Dns;
    v.dns_name = "www.example.com";
    v.dns_type = "MX";
    v.dns_answer = "mail.example.com";
    v.dns_rd = true;
    const auto a = nanny_argv(v, RealServerCheck{&c, &v.servers[0], "lvs", 0}, NannyOptions{});
    const std::vector<std::string> want = {"--dns-name", "www.example.com", "--dns-type", "MX", "--dns-answer",
                                           "mail.example.com", "--dns-rd"};
    EXPECT_NE(std::search(a.begin(), a.end(), want.begin(), want.end()), a.end());
    for (const char* gone : {"-s", "-x", "-u", "-e"}) EXPECT_EQ(std::count(a.begin(), a.end(), gone), 0) << gone;
    v.dns_answer.reset();
    v.dns_rd = false;
    v.dns_type = "A";
    const auto b = nanny_argv(v, FailoverCheck{"192.0.2.2"}, NannyOptions{});
    const std::vector<std::string> want_b = {"--dns-name", "www.example.com", "--dns-type", "A", "-t"};
    EXPECT_NE(std::search(b.begin(), b.end(), want_b.begin(), want_b.end()), b.end());
}

struct Case {
    const char* name;
    std::string text;
    std::string want;
};

TEST(DnsCheckKeys, ErrorsPointAtTheKey) {
    const std::string long_name = std::string(200, 'a').insert(100, ".") + "." + std::string(60, 'b');
    const std::vector<Case> cases = {
        {"dns_name without check", vs("\tdns_name = example.com\n"), "f.cf:4:2: error: dns_name needs check = dns\n"},
        {"dns_rd with check = tcp", vs("\tcheck = tcp\n\tdns_rd = 1\n"), "f.cf:5:2: error: dns_rd needs check = dns\n"},
        {"check = dns alone", vs(kDns), "f.cf:4:2: error: check = dns needs dns_name\n"},
        {"unknown check", vs("\tcheck = icmp\n"), "f.cf:4:10: error: invalid argument: 'icmp' for check\n"},
        {"label over 63", vs(kDns + "\tdns_name = " + std::string(64, 'a') + ".com\n"),
         "f.cf:5:2: error: dns_name: '" + std::string(64, 'a') +
             ".com' is not a DNS name (label longer than 63 characters)\n"},
        {"empty label", vs(kDns + "\tdns_name = a..b\n"), "f.cf:5:2: error: dns_name: 'a..b' is not a DNS name (empty label)\n"},
        {"name over 253", vs(kDns + "\tdns_name = " + long_name + "\n"),
         "f.cf:5:2: error: dns_name: '" + long_name.substr(0, 80) + "...' is not a DNS name (longer than 253 characters)\n"},
        {"bad character", vs(kDns + "\tdns_name = a/b\n"),
         "f.cf:5:2: error: dns_name: 'a/b' is not a DNS name (character '/' not allowed)\n"},
        {"unknown type", vs(kDns + "\tdns_name = a\n\tdns_type = ANY\n"), "f.cf:6:2: error: dns_type: unknown type 'ANY'\n"},
        {"type 0", vs(kDns + "\tdns_name = a\n\tdns_type = 0\n"), "f.cf:6:2: error: dns_type: unknown type '0'\n"},
        {"A answer not an address", vs(kDns + "\tdns_name = a\n\tdns_answer = www.example.com\n"),
         "f.cf:6:2: error: dns_answer: 'www.example.com' is not an IPv4 address (dns_type A)\n"},
        {"AAAA answer IPv4", vs(kDns + "\tdns_name = a\n\tdns_type = AAAA\n\tdns_answer = 192.0.2.1\n"),
         "f.cf:7:2: error: dns_answer: '192.0.2.1' is not an IPv6 address (dns_type AAAA)\n"},
        {"MX answer not a name", vs(kDns + "\tdns_name = a\n\tdns_type = mx\n\tdns_answer = \"mail..x\"\n"),
         "f.cf:7:2: error: dns_answer: 'mail..x' is not a DNS name (dns_type MX)\n"},
        {"answer for a numeric type", vs(kDns + "\tdns_name = a\n\tdns_type = 99\n\tdns_answer = x\n"),
         "f.cf:7:2: error: dns_answer cannot be checked for dns_type 99 (only A, AAAA, CNAME, MX, NS, PTR, SOA, SRV "
         "and TXT)\n"},
        {"send with check = dns", vs(kDns + "\tdns_name = a\n\tsend = \"x\"\n"),
         "f.cf:6:2: error: send is not used by check = dns\n"},
        {"failover scope", "service = fos\nfailover f {\n\tactive = 1\n\taddress = 192.0.2.5 eth0:1\n"
                           "\tstart_cmd = /bin/true\n\tstop_cmd = /bin/true\n\tdns_type = A\n}\n",
         "f.cf:7:2: error: dns_type needs check = dns\n"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(errors(c.text), c.want);
    }
}

}  // namespace
}  // namespace lvs::config
