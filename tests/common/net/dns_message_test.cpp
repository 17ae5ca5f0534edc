// SPDX-License-Identifier: GPL-2.0-or-later
// The DNS codec: the query bytes, names, types and answer rules, and a
// table of responses (good, compressed, hostile) with the parser's verdict.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/net/dns_message.h"

namespace lvs::net::dns {
namespace {

using Bytes = std::vector<std::uint8_t>;

// Builds messages byte by byte.
struct Msg {
    Bytes b;
    Msg& u8(unsigned v) { b.push_back(static_cast<std::uint8_t>(v)); return *this; }
    Msg& u16(unsigned v) { return u8(v >> 8).u8(v & 0xff); }
    Msg& u32(unsigned v) { return u16(v >> 16).u16(v & 0xffff); }
    Msg& header(unsigned id, unsigned flags, unsigned qd, unsigned an) {
        return u16(id).u16(flags).u16(qd).u16(an).u16(0).u16(0);
    }
    Msg& name(const std::string& dotted) {  // uncompressed, root-terminated
        std::size_t s = 0;
        while (s < dotted.size()) {
            auto d = dotted.find('.', s);
            if (d == std::string::npos) d = dotted.size();
            u8(static_cast<unsigned>(d - s));
            for (std::size_t i = s; i < d; ++i) u8(static_cast<unsigned char>(dotted[i]));
            s = d + 1;
        }
        return u8(0);
    }
    Msg& ptr(unsigned off) { return u16(0xC000 | off); }
    Msg& question(const std::string& n, unsigned type) { return name(n).u16(type).u16(1); }
    // Owner as a pointer to the question name (offset 12), then the fixed part.
    Msg& rr(unsigned type, unsigned rdlen) { return ptr(12).u16(type).u16(1).u32(300).u16(rdlen); }
};

constexpr unsigned kId = 0x1234;
constexpr unsigned kResp = 0x8180;  // QR, RD, RA, NOERROR

TEST(DnsQuery, BytesForAQuery) {
    const Bytes want = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm',
                        'p',  'l',  'e',  3,    'c', 'o', 'm', 0, 0, 1, 0, 1};
    EXPECT_EQ(build_query(kId, "WWW.Example.com.", kTypeA, true), want);
    const Bytes root = {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1};
    EXPECT_EQ(build_query(kId, ".", kTypeNS, false), root);
    EXPECT_TRUE(build_query(kId, "a..b", kTypeA, false).empty());
}

TEST(DnsNames, Validity) {
    struct Case { std::string name; bool ok; };
    const std::vector<Case> cases = {
        {"example.com", true}, {"example.com.", true}, {".", true}, {"_sip._udp.example.com", true},
        {"*.example.com", true}, {"a-1.b2", true}, {"", false}, {"a..b", false}, {".a", false},
        {"a.b..", false}, {std::string(63, 'a') + ".com", true}, {std::string(64, 'a') + ".com", false},
        {"a b.com", false}, {"a/b", false},
    };
    for (const auto& c : cases) EXPECT_EQ(name_error(c.name).empty(), c.ok) << c.name;
    std::string long_name;
    for (int i = 0; i < 50; ++i) long_name += "abcd.";  // 250 with the dot
    EXPECT_TRUE(name_error(long_name + "abc").empty());     // 253 characters
    EXPECT_TRUE(name_error(long_name + "abc.").empty());    // and the trailing dot
    EXPECT_FALSE(name_error(long_name + "abcd").empty());   // 254
}

TEST(DnsTypes, NamesAndNumbers) {
    EXPECT_EQ(parse_type("A"), kTypeA);
    EXPECT_EQ(parse_type("aaaa"), kTypeAAAA);
    EXPECT_EQ(parse_type("Srv"), kTypeSRV);
    EXPECT_EQ(parse_type("99"), 99);
    EXPECT_EQ(parse_type("65535"), 65535);
    EXPECT_FALSE(parse_type("0"));
    EXPECT_FALSE(parse_type("65536"));
    EXPECT_FALSE(parse_type("ANY1"));
    EXPECT_FALSE(parse_type(""));
    EXPECT_FALSE(parse_type("-1"));
    EXPECT_EQ(type_name(kTypeMX), "MX");
    EXPECT_EQ(type_name(99), "99");
    EXPECT_EQ(rcode_name(3), "NXDOMAIN");
    EXPECT_EQ(rcode_name(15), "RCODE15");
}

TEST(DnsAnswerRule, ParsesForItsType) {
    EXPECT_EQ(AnswerRule::make(kTypeA, "192.0.2.1")->text(), "192.0.2.1");
    EXPECT_FALSE(AnswerRule::make(kTypeA, "2001:db8::1"));
    EXPECT_FALSE(AnswerRule::make(kTypeA, "host"));
    EXPECT_EQ(AnswerRule::make(kTypeAAAA, "2001:DB8:0::1")->text(), "2001:db8::1");
    EXPECT_FALSE(AnswerRule::make(kTypeAAAA, "192.0.2.1"));
    EXPECT_EQ(AnswerRule::make(kTypeCNAME, "Target.Example.")->text(), "target.example");
    EXPECT_FALSE(AnswerRule::make(kTypeMX, "bad..name"));
    EXPECT_EQ(AnswerRule::make(kTypeTXT, "v=spf1 -all")->text(), "v=spf1 -all");
    EXPECT_FALSE(AnswerRule::make(99, "x"));
    const auto r = *AnswerRule::make(kTypeAAAA, "2001:db8::1");
    EXPECT_TRUE(r.matches(kTypeAAAA, "2001:db8::1"));
    EXPECT_FALSE(r.matches(kTypeA, "2001:db8::1"));
}

struct Case {
    const char* name;
    Bytes msg;
    std::uint16_t qtype;
    ParseError want;
    std::vector<Record> answers = {};
    unsigned rcode = 0;
};

Msg ok_header(unsigned an, unsigned qtype = kTypeA) {
    Msg m;
    m.header(kId, kResp, 1, an).question("www.example.com", qtype);
    return m;
}

std::vector<Case> cases() {
    std::vector<Case> k;
    k.push_back({"A answer", ok_header(1).rr(kTypeA, 4).u32(0xC0000201).b, kTypeA, ParseError::None,
                 {{kTypeA, "192.0.2.1"}}});
    k.push_back({"AAAA answer", ok_header(1, kTypeAAAA).rr(kTypeAAAA, 16).u32(0x20010db8).u32(0).u32(0).u32(1).b,
                 kTypeAAAA, ParseError::None, {{kTypeAAAA, "2001:db8::1"}}});
    k.push_back({"CNAME then A", ok_header(2).rr(kTypeCNAME, 6).u8(3).u8('w').u8('e').u8('b').ptr(16)
                                     .rr(kTypeA, 4).u32(0x0a000001).b,
                 kTypeA, ParseError::None, {{kTypeCNAME, "web.example.com"}, {kTypeA, "10.0.0.1"}}});
    k.push_back({"MX", ok_header(1, kTypeMX).rr(kTypeMX, 4).u16(10).ptr(16).b, kTypeMX, ParseError::None,
                 {{kTypeMX, "example.com"}}});
    k.push_back({"SRV", ok_header(1, kTypeSRV).rr(kTypeSRV, 8).u16(0).u16(5).u16(5060).ptr(12).b, kTypeSRV,
                 ParseError::None, {{kTypeSRV, "www.example.com"}}});
    k.push_back({"SOA", ok_header(1, kTypeSOA).rr(kTypeSOA, 24).ptr(16).ptr(12).u32(1).u32(2).u32(3).u32(4).u32(5).b,
                 kTypeSOA, ParseError::None, {{kTypeSOA, "example.com"}}});
    k.push_back({"TXT joined", ok_header(1, kTypeTXT).rr(kTypeTXT, 6).u8(2).u8('a').u8('b').u8(2).u8('c').u8('d').b,
                 kTypeTXT, ParseError::None, {{kTypeTXT, "abcd"}}});
    k.push_back({"other type skipped", ok_header(1).rr(99, 3).u8(1).u8(2).u8(3).b, kTypeA, ParseError::None,
                 {{99, ""}}});
    k.push_back({"NXDOMAIN", Msg().header(kId, 0x8183, 1, 0).question("www.example.com", kTypeA).b, kTypeA,
                 ParseError::None, {}, 3});
    k.push_back({"REFUSED without question", Msg().header(kId, 0x8105, 0, 0).b, kTypeA, ParseError::None, {}, 5});
    k.push_back({"mixed-case echo", Msg().header(kId, kResp, 1, 0).question("WWW.EXAMPLE.COM", kTypeA).b, kTypeA,
                 ParseError::None});
    // Not ours or not a response.
    k.push_back({"other id", Msg().header(0x4321, kResp, 1, 0).question("www.example.com", 1).b, kTypeA,
                 ParseError::NotOurs});
    k.push_back({"one byte", {0x12}, kTypeA, ParseError::NotOurs});
    k.push_back({"empty", {}, kTypeA, ParseError::NotOurs});
    k.push_back({"query echoed", Msg().header(kId, 0x0100, 1, 0).question("www.example.com", 1).b, kTypeA,
                 ParseError::NotResponse});
    k.push_back({"opcode STATUS", Msg().header(kId, 0x9000, 1, 0).question("www.example.com", 1).b, kTypeA,
                 ParseError::NotResponse});
    // The question.
    k.push_back({"no question with NOERROR", Msg().header(kId, kResp, 0, 0).b, kTypeA, ParseError::Question});
    k.push_back({"two questions", Msg().header(kId, kResp, 2, 0).question("www.example.com", 1).question("a", 1).b,
                 kTypeA, ParseError::Question});
    k.push_back({"other name", Msg().header(kId, kResp, 1, 0).question("www.example.org", 1).b, kTypeA,
                 ParseError::Question});
    k.push_back({"other type", Msg().header(kId, kResp, 1, 0).question("www.example.com", 28).b, kTypeA,
                 ParseError::Question});
    k.push_back({"other class", Msg().header(kId, kResp, 1, 0).name("www.example.com").u16(1).u16(3).b, kTypeA,
                 ParseError::Question});
    // Truncation.
    k.push_back({"short header", {0x12, 0x34, 0x81, 0x80, 0, 1}, kTypeA, ParseError::Truncated});
    k.push_back({"question cut", Msg().header(kId, kResp, 1, 0).u8(3).u8('w').b, kTypeA, ParseError::Truncated});
    k.push_back({"qtype cut", Msg().header(kId, kResp, 1, 0).name("www.example.com").u8(0).b, kTypeA,
                 ParseError::Truncated});
    k.push_back({"answer missing", ok_header(1).b, kTypeA, ParseError::Truncated});
    k.push_back({"rdata cut", ok_header(1).rr(kTypeA, 4).u16(0xC000).b, kTypeA, ParseError::Truncated});
    k.push_back({"pointer cut", ok_header(1).u8(0xC0).b, kTypeA, ParseError::Truncated});
    return k;
}

std::vector<Case> hostile_cases() {
    std::vector<Case> k;
    k.push_back({"pointer to itself", ok_header(1).ptr(33).u16(1).u16(1).u32(0).u16(4).u32(1).b, kTypeA,
                 ParseError::BadName});
    k.push_back({"forward pointer", ok_header(1).ptr(40).u16(1).u16(1).u32(0).u16(4).u32(1).b, kTypeA,
                 ParseError::BadName});
    k.push_back({"pointer into header", ok_header(1).ptr(2).u16(1).u16(1).u32(0).u16(4).u32(1).b, kTypeA,
                 ParseError::BadName});
    k.push_back({"pointer past end", ok_header(1).ptr(0x3fff).u16(1).u16(1).u32(0).u16(4).u32(1).b, kTypeA,
                 ParseError::BadName});
    // Two names pointing at each other: the second points back into the
    // first, whose label then runs into the second's pointer.
    k.push_back({"pointer loop", ok_header(1).u8(1).u8('x').ptr(33).u16(1).u16(1).u32(0).u16(4).u32(1).b, kTypeA,
                 ParseError::BadName});
    k.push_back({"extended label type", ok_header(1).u8(0x41).u16(1).u16(1).u32(0).u16(4).u32(1).b, kTypeA,
                 ParseError::BadName});
    k.push_back({"A of 5 bytes", ok_header(1).rr(kTypeA, 5).u32(1).u8(0).b, kTypeA, ParseError::BadRecord});
    k.push_back({"CNAME past rdata", ok_header(1).rr(kTypeCNAME, 1).ptr(16).b, kTypeA, ParseError::BadRecord});
    k.push_back({"MX too short", ok_header(1, kTypeMX).rr(kTypeMX, 2).u16(10).b, kTypeMX, ParseError::BadRecord});
    k.push_back({"SOA short", ok_header(1, kTypeSOA).rr(kTypeSOA, 8).ptr(16).ptr(12).u32(1).b, kTypeSOA,
                 ParseError::BadRecord});
    k.push_back({"TXT string overruns", ok_header(1, kTypeTXT).rr(kTypeTXT, 2).u8(5).u8('a').b, kTypeTXT,
                 ParseError::BadRecord});
    k.push_back({"TXT empty rdata", ok_header(1, kTypeTXT).rr(kTypeTXT, 0).b, kTypeTXT, ParseError::BadRecord});
    k.push_back({"too many answers", ok_header(kMaxAnswers + 1).b, kTypeA, ParseError::TooMany});
    {  // a name of 128 one-byte labels: 256 bytes on the wire
        Msg m;
        m.header(kId, kResp, 1, 0);
        for (int i = 0; i < 128; ++i) m.u8(1).u8('a');
        k.push_back({"name over 255 bytes", m.u8(0).u16(1).u16(1).b, kTypeA, ParseError::BadName});
    }
    return k;
}

void check(const Case& c) {
    const auto r = parse_response(c.msg, kId, "www.example.com", c.qtype);
    EXPECT_EQ(r.error, c.want) << c.name << ": " << to_string(r.error);
    if (r.error != ParseError::None) return;
    EXPECT_EQ(r.response.rcode, c.rcode) << c.name;
    ASSERT_EQ(r.response.answers.size(), c.answers.size()) << c.name;
    for (std::size_t i = 0; i < c.answers.size(); ++i) {
        EXPECT_EQ(r.response.answers[i].type, c.answers[i].type) << c.name;
        EXPECT_EQ(r.response.answers[i].value, c.answers[i].value) << c.name;
    }
}

TEST(DnsParse, Table) {
    for (const auto& c : cases()) check(c);
}

TEST(DnsParse, HostileTable) {
    for (const auto& c : hostile_cases()) check(c);
}

TEST(DnsParse, LongPointerChainIsBounded) {
    // The first answer's data (a type nobody reads) holds the name "x" and
    // a chain of pointers, each to the one before: every hop is backward,
    // but the chain is longer than kMaxPointerHops.
    constexpr unsigned kLinks = kMaxPointerHops + 1;
    Msg m = ok_header(2);
    m.rr(99, 3 + 2 * kLinks);
    std::vector<unsigned> at = {static_cast<unsigned>(m.b.size())};
    m.u8(1).u8('x').u8(0);
    for (unsigned i = 0; i < kLinks; ++i) {
        const unsigned here = static_cast<unsigned>(m.b.size());
        m.ptr(at.back());
        at.push_back(here);
    }
    Msg too_far = m, near = m;
    too_far.ptr(at.back()).u16(kTypeA).u16(1).u32(0).u16(4).u32(1);
    EXPECT_EQ(parse_response(too_far.b, kId, "www.example.com", kTypeA).error, ParseError::BadName);
    near.ptr(at[3]).u16(kTypeA).u16(1).u32(0).u16(4).u32(1);
    const auto r = parse_response(near.b, kId, "www.example.com", kTypeA);
    ASSERT_EQ(r.error, ParseError::None);
    EXPECT_EQ(r.response.answers.back().value, "0.0.0.1");
}

TEST(DnsParse, GarbageNeverCrashes) {
    // Every prefix of a good message, and the message with each byte flipped.
    const Bytes good = ok_header(2).rr(kTypeCNAME, 6).u8(3).u8('w').u8('e').u8('b').ptr(16)
                           .rr(kTypeA, 4).u32(0x0a000001).b;
    for (std::size_t n = 0; n < good.size(); ++n) {
        const auto r = parse_response(std::span(good.data(), n), kId, "www.example.com", kTypeA);
        EXPECT_NE(r.error, ParseError::None) << n;
    }
    for (std::size_t i = 0; i < good.size(); ++i)
        for (unsigned v : {0x00u, 0x3fu, 0xc0u, 0xffu}) {
            Bytes b = good;
            b[i] = static_cast<std::uint8_t>(v);
            (void)parse_response(b, kId, "www.example.com", kTypeA);
        }
    std::uint32_t seed = 1;
    for (int n = 0; n < 3000; ++n) {  // random bytes behind a plausible header
        Bytes b = ok_header(1 + n % 3).b;
        for (int i = n % 97; i > 0; --i) {
            seed = seed * 1103515245u + 12345u;
            b.push_back(static_cast<std::uint8_t>(seed >> 16));
        }
        (void)parse_response(b, kId, "www.example.com", kTypeA);
    }
    const Bytes big(70000, 0xc0);
    EXPECT_EQ(parse_response(big, 0xc0c0, "www.example.com", kTypeA).error, ParseError::NotResponse);
}

}  // namespace
}  // namespace lvs::net::dns
