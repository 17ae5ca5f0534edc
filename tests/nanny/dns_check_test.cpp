// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's DNS check: its options (lvsd's --dns-* arguments), the spec they
// make, and the verdict on replies (table-driven).
#include "nanny/dns_check.h"

#include <gtest/gtest.h>

#include "common/base/exit_codes.h"
#include "nanny/options.h"
#include "tests/support/argv.h"
#include "tests/support/stderr_capture.h"

namespace lvs::nanny {
namespace {

using lvs::testing::Argv;
using shm::ProbeOutcome;
namespace dns = net::dns;

int parse(Argv a, Options& o) {
    lvs::testing::StderrCapture quiet;
    return parse_options(a.argc(), a.argv(), o);
}

TEST(NannyDnsOptions, MakeTheSpec) {
    Options o;
    ASSERT_EQ(parse({"nanny", "-h", "10.0.1.21", "--lvs", "-p", "53", "--dns-name", "www.example.com", "--dns-type",
                     "aaaa", "--dns-answer", "2001:db8::1", "--dns-rd"},
                    o),
              -1);
    const auto s = dns_spec(o);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->name, "www.example.com");
    EXPECT_EQ(s->type, dns::kTypeAAAA);
    EXPECT_TRUE(s->rd);
    ASSERT_TRUE(s->answer);
    EXPECT_EQ(s->answer->text(), "2001:db8::1");
    Options plain;
    ASSERT_EQ(parse({"nanny", "-h", "10.0.1.21", "--lvs", "--dns-name", "a.example"}, plain), -1);
    EXPECT_EQ(dns_spec(plain)->type, dns::kTypeA);
    EXPECT_FALSE(dns_spec(plain)->rd);
    EXPECT_FALSE(dns_spec(plain)->answer);
    Options none;
    ASSERT_EQ(parse({"nanny", "-h", "10.0.1.21", "--lvs"}, none), -1);
    EXPECT_FALSE(dns_spec(none));
    EXPECT_EQ(dns_port(0), 53);
    EXPECT_EQ(dns_port(5353), 5353);
}

int parse_words(std::vector<std::string> words) {
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    Options o;
    lvs::testing::StderrCapture quiet;
    return parse_options(static_cast<int>(words.size()), argv.data(), o);
}

TEST(NannyDnsOptions, RefusedCombinations) {
    const std::vector<std::vector<std::string>> bad = {
        {"nanny", "-h", "10.0.1.21", "--lvs", "--dns-type", "A"},
        {"nanny", "-h", "10.0.1.21", "--lvs", "--dns-rd"},
        {"nanny", "-h", "10.0.1.21", "--lvs", "--dns-answer", "192.0.2.1"},
        {"nanny", "-h", "10.0.1.21", "--lvs", "--dns-name", "a..b"},
        {"nanny", "-h", "10.0.1.21", "--lvs", "--dns-name", "a", "--dns-type", "BOGUS"},
        {"nanny", "-h", "10.0.1.21", "--lvs", "--dns-name", "a", "--dns-answer", "not-an-address"},
        {"nanny", "-h", "10.0.1.21", "--lvs", "--dns-name", "a", "--dns-type", "99", "--dns-answer", "x"},
        {"nanny", "-h", "10.0.1.21", "--lvs", "--dns-name", "a", "-s", "x"},
        {"nanny", "-h", "10.0.1.21", "--lvs", "--dns-name", "a", "-x", "x"},
    };
    for (const auto& a : bad) EXPECT_EQ(parse_words(a), kExitUsage) << a.back();
}

// A response to "www.example.com" (type `qtype`, id 0x4242) with `flags`
// and the answer records given as raw bytes after the question.
std::vector<std::uint8_t> reply(unsigned flags, unsigned an, std::uint16_t qtype, std::vector<std::uint8_t> records,
                                unsigned id = 0x4242) {
    std::vector<std::uint8_t> m = {static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id),
                                   static_cast<std::uint8_t>(flags >> 8), static_cast<std::uint8_t>(flags), 0, 1, 0,
                                   static_cast<std::uint8_t>(an), 0, 0, 0, 0};
    const std::uint8_t q[] = {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0};
    m.insert(m.end(), std::begin(q), std::end(q));
    m.insert(m.end(), {static_cast<std::uint8_t>(qtype >> 8), static_cast<std::uint8_t>(qtype), 0, 1});
    m.insert(m.end(), records.begin(), records.end());
    return m;
}

std::vector<std::uint8_t> a_record(std::uint8_t last) { return {0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, last}; }

TEST(NannyDnsVerdict, Table) {
    DnsSpec any{.name = "www.example.com", .type = dns::kTypeA, .rd = false, .answer = std::nullopt};
    DnsSpec want1 = any;
    want1.answer = dns::AnswerRule::make(dns::kTypeA, "192.0.2.1");
    DnsSpec txt{.name = "www.example.com", .type = dns::kTypeTXT, .rd = false,
                .answer = dns::AnswerRule::make(dns::kTypeTXT, "ok")};
    struct Case {
        const char* name;
        const DnsSpec* spec;
        std::vector<std::uint8_t> msg;
        bool ignore;
        ProbeOutcome want;
        std::string detail;
    };
    const std::vector<Case> cases = {
        {"any NOERROR", &any, reply(0x8180, 0, 1, {}), false, ProbeOutcome::Ok, ""},
        {"answer found", &want1, reply(0x8180, 2, 1, [] { auto r = a_record(9); auto s = a_record(1);
                                                          r.insert(r.end(), s.begin(), s.end()); return r; }()),
         false, ProbeOutcome::Ok, ""},
        {"NXDOMAIN", &any, reply(0x8183, 0, 1, {}), false, ProbeOutcome::DnsRcode, "NXDOMAIN"},
        {"SERVFAIL", &want1, reply(0x8182, 0, 1, {}), false, ProbeOutcome::DnsRcode, "SERVFAIL"},
        {"wrong address", &want1, reply(0x8180, 1, 1, a_record(9)), false, ProbeOutcome::DnsAnswerMismatch,
         "got 192.0.2.9, want 192.0.2.1"},
        {"no answer", &want1, reply(0x8180, 0, 1, {}), false, ProbeOutcome::DnsAnswerMismatch,
         "no A answer, want 192.0.2.1"},
        {"truncated, no answer", &want1, reply(0x8380, 0, 1, {}), false, ProbeOutcome::DnsAnswerMismatch,
         "no A answer, truncated, want 192.0.2.1"},
        {"TXT", &txt, reply(0x8180, 1, 16, {0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 3, 2, 'o', 'k'}), false,
         ProbeOutcome::Ok, ""},
        {"TXT other, unprintable", &txt, reply(0x8180, 1, 16, {0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 3, 2, 'o', 7}),
         false, ProbeOutcome::DnsAnswerMismatch, "got o?, want ok"},
        {"other id", &any, reply(0x8180, 0, 1, {}, 0x1111), true, ProbeOutcome::None, ""},
        {"not a response", &any, reply(0x0100, 0, 1, {}), false, ProbeOutcome::DnsBadResponse, "not a response"},
        {"question of another type", &any, reply(0x8180, 0, 28, {}), false, ProbeOutcome::DnsBadResponse,
         "question not echoed"},
        {"garbage", &any, {0x42, 0x42, 0x81}, false, ProbeOutcome::DnsBadResponse, "truncated message"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto v = judge_dns_reply(*c.spec, 0x4242, c.msg);
        EXPECT_EQ(v.ignore, c.ignore);
        if (!c.ignore) {
            EXPECT_EQ(v.outcome, c.want);
        }
        EXPECT_EQ(v.detail, c.detail);
    }
}

}  // namespace
}  // namespace lvs::nanny
