// SPDX-License-Identifier: GPL-2.0-or-later
// The HTTP check's pure core: the response parser (table-driven, every
// response also fed one byte at a time and in odd-sized pieces), status
// lists, digests and body rules.
#include <gtest/gtest.h>

#include <string>

#include "nanny/http_response.h"

namespace lvs::nanny::http {
namespace {

using State = ResponseParser::State;

struct Case {
    const char* name;
    std::string wire;
    bool close;            // the peer closes after the bytes
    State want;
    int status;
    std::string body;
    std::size_t max_body = kDefaultMaxBody;
};

// Feeds `wire` in pieces of `step` bytes (0: all at once).
ResponseParser run(const Case& c, std::size_t step) {
    ResponseParser p(c.max_body);
    std::string_view w = c.wire;
    while (!w.empty() && p.state() == State::NeedMore) {
        const std::size_t n = step == 0 ? w.size() : std::min(step, w.size());
        p.feed(w.substr(0, n));
        w.remove_prefix(n);
    }
    if (c.close) p.eof();
    return p;
}

const std::string kBig(70000, 'x');

const Case kCases[] = {
    {"length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false, State::Done, 200, "hello"},
    {"length-lf-only", "HTTP/1.1 200 OK\nContent-Length: 2\n\nhi", false, State::Done, 200, "hi"},
    {"no-reason", "HTTP/1.0 503\r\nContent-Length: 0\r\n\r\n", false, State::Done, 503, ""},
    {"close-delimited", "HTTP/1.0 200 OK\r\n\r\nuntil close", true, State::Done, 200, "until close"},
    {"close-pending", "HTTP/1.0 200 OK\r\n\r\nuntil close", false, State::NeedMore, 200, "until close"},
    {"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n",
     false, State::Done, 200, "hello world"},
    {"chunked-trailer", "HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, chunked\r\n\r\nA\r\n0123456789\r\n0\r\nX: y\r\n\r\n",
     false, State::Done, 200, "0123456789"},
    {"chunked-short", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", true, State::Bad, 200, "hel"},
    {"chunked-bad-size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, State::Bad, 200, ""},
    {"chunked-bad-end", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n", false, State::Bad, 200, "a"},
    {"chunked-huge-size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", false,
     State::Bad, 200, ""},
    {"no-content", "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", false, State::Done, 204, ""},
    {"not-modified", "HTTP/1.1 304 Not Modified\r\n\r\n", false, State::Done, 304, ""},
    {"interim", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nk", false, State::Done,
     201, "k"},
    {"redirect", "HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n", false, State::Done, 302, ""},
    {"cut-length", "HTTP/1.1 200 OK\r\nContent-Length: 70000\r\n\r\n" + kBig, false, State::Done, 200,
     std::string(10, 'x'), 10},
    {"cut-close", "HTTP/1.1 200 OK\r\n\r\n" + kBig, false, State::Done, 200, std::string(10, 'x'), 10},
    {"cut-chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n8\r\n89abcdef\r\n", false,
     State::Done, 200, "0123456789", 10},
    {"length-short", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", true, State::Bad, 200, "abc"},
    {"length-mismatch", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", false, State::Bad, 200, ""},
    {"length-same-twice", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nz", false, State::Done, 200,
     "z"},
    {"length-negative", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, State::Bad, 200, ""},
    {"length-overflow", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", false, State::Bad, 200, ""},
    {"garbage", "SSH-2.0-OpenSSH_9.2\r\n", false, State::Bad, 0, ""},
    {"binary", std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11) + "\n", false, State::Bad, 0, ""},
    {"status-999", "HTTP/1.1 999 Nope\r\n\r\n", false, State::Bad, 0, ""},
    {"status-letters", "HTTP/1.1 2x0 OK\r\n\r\n", false, State::Bad, 0, ""},
    {"http2-preface", "HTTP/2 200\r\n\r\n", false, State::Bad, 0, ""},
    {"header-no-colon", "HTTP/1.1 200 OK\r\nBroken header\r\n\r\n", false, State::Bad, 200, ""},
    {"header-folded", "HTTP/1.1 200 OK\r\nA: b\r\n  c\r\n\r\n", false, State::Bad, 200, ""},
    {"header-bad-name", "HTTP/1.1 200 OK\r\nA b: c\r\n\r\n", false, State::Bad, 200, ""},
    {"headers-too-long", "HTTP/1.1 200 OK\r\nX: " + std::string(20000, 'a') + "\r\n\r\n", false, State::Bad, 200, ""},
    {"head-only-eof", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n", true, State::Bad, 200, ""},
    {"empty-eof", "", true, State::Bad, 0, ""},
};

class ParserCases : public ::testing::TestWithParam<Case> {};

TEST_P(ParserCases, SameVerdictInAnySplit) {
    const Case& c = GetParam();
    for (std::size_t step : {0, 1, 2, 7, 4096}) {
        const auto p = run(c, step);
        EXPECT_EQ(p.state(), c.want) << "step " << step << " defect " << to_string(p.defect());
        if (c.want != State::Bad) {
            EXPECT_EQ(p.status(), c.status) << "step " << step;
            EXPECT_EQ(p.body(), c.body) << "step " << step;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Table, ParserCases, ::testing::ValuesIn(kCases),
                         [](const auto& param_info) {
                             std::string n = param_info.param.name;
                             for (char& ch : n)
                                 if (ch == '-') ch = '_';
                             return n;
                         });

TEST(ResponseParser, HeadersAreFoundWhateverTheirCase) {
    ResponseParser p;
    p.feed("HTTP/1.1 301 Moved\r\nLOCATION:   /new/place  \r\nContent-Length: 0\r\n\r\n");
    ASSERT_EQ(p.state(), State::Done);
    EXPECT_EQ(p.header("location").value_or(""), "/new/place");
    EXPECT_EQ(p.header("Location").value_or(""), "/new/place");
    EXPECT_FALSE(p.header("server").has_value());
}

TEST(ResponseParser, BytesAfterTheResponseAreCountedAndDropped) {
    ResponseParser p;
    EXPECT_EQ(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA"), State::Done);
    EXPECT_EQ(p.body(), "ok");
    EXPECT_EQ(p.discarded(), 5u);
    EXPECT_EQ(p.feed("more"), State::Done);
    EXPECT_EQ(p.discarded(), 9u);
}

TEST(ResponseParser, ACutBodyIsFlaggedAndCounted) {
    ResponseParser p(4);
    EXPECT_EQ(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"), State::Done);
    EXPECT_EQ(p.body(), "0123");
    EXPECT_TRUE(p.body_cut());
}

TEST(ResponseParser, HeadHasNoBody) {
    ResponseParser p(kDefaultMaxBody, true);
    EXPECT_EQ(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"), State::Done);
}

TEST(ResponseParser, TooManyHeadersAreBad) {
    ResponseParser p;
    std::string wire = "HTTP/1.1 200 OK\r\n";
    for (std::size_t i = 0; i <= kMaxHeaders; ++i) wire += "X: y\r\n";
    EXPECT_EQ(p.feed(wire), State::Bad);
    EXPECT_EQ(p.defect(), Defect::TooManyHeaders);
}

TEST(ResponseParser, EndlessInterimResponsesAreBad) {
    ResponseParser p;
    std::string wire;
    for (std::size_t i = 0; i <= kMaxInterim; ++i) wire += "HTTP/1.1 100 Continue\r\n\r\n";
    EXPECT_EQ(p.feed(wire), State::Bad);
    EXPECT_EQ(p.defect(), Defect::TooManyInterim);
}

TEST(StatusSet, ListsAndRanges) {
    auto s = StatusSet::parse("200-299, 301,302");
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(s->contains(200));
    EXPECT_TRUE(s->contains(299));
    EXPECT_TRUE(s->contains(302));
    EXPECT_FALSE(s->contains(300));
    EXPECT_FALSE(s->contains(500));
    EXPECT_FALSE(s->contains(-1));
    EXPECT_FALSE(s->contains(1000));
    const auto d = StatusSet::default_set();
    EXPECT_TRUE(d.contains(200));
    EXPECT_TRUE(d.contains(399));
    EXPECT_FALSE(d.contains(400));
    EXPECT_FALSE(d.contains(199));
}

TEST(StatusSet, BadListsAreRefused) {
    for (const char* bad : {"", " ", "200-", "-200", "abc", "99", "600", "300-200", "200,", ",200", "200--300",
                            "2 00", "200;300"})
        EXPECT_FALSE(StatusSet::parse(bad).ok()) << '"' << bad << '"';
}

TEST(Digest, Sha256OfTheBody) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_TRUE(parse_digest(std::string(64, 'A')).ok());
    EXPECT_EQ(*parse_digest(std::string(64, 'A')), std::string(64, 'a'));
    EXPECT_FALSE(parse_digest(std::string(63, 'a')).ok());
    EXPECT_FALSE(parse_digest(std::string(64, 'g')).ok());
}

TEST(BodyRule, RegexAndDigest) {
    auto any = BodyRule::make("", "");
    ASSERT_TRUE(any.ok());
    EXPECT_TRUE(any->empty());
    EXPECT_TRUE(any->matches("whatever"));
    auto re = BodyRule::make("status: (ok|fine)", "");
    ASSERT_TRUE(re.ok());
    EXPECT_TRUE(re->matches("x\nstatus: ok\n"));
    EXPECT_FALSE(re->matches("status: bad"));
    EXPECT_TRUE(re->matches(std::string("\0\0status: fine", 14)));  // NULs are bytes
    auto dg = BodyRule::make("", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ASSERT_TRUE(dg.ok());
    EXPECT_TRUE(dg->matches("abc"));
    EXPECT_FALSE(dg->matches("abd"));
    EXPECT_FALSE(BodyRule::make("(unclosed", "").ok());
    EXPECT_FALSE(BodyRule::make("a++++++++++++++++++++++++++++++++++++++", "").ok());
    EXPECT_FALSE(BodyRule::make("", "abc").ok());
}

TEST(Request, MethodPathHostHeadersAndClose) {
    HttpSpec spec;
    spec.method = "HEAD";
    spec.host = "www.example.com";
    spec.headers = {"X-A: 1", "Authorization: Bearer t"};
    EXPECT_EQ(build_request(spec, "/health?x=1"),
              "HEAD /health?x=1 HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: lvs-nanny\r\nAccept: */*\r\n"
              "Connection: close\r\nX-A: 1\r\nAuthorization: Bearer t\r\n\r\n");
}

TEST(Request, DefaultHostBracketsIpv6AndNamesOtherPorts) {
    EXPECT_EQ(default_host("10.0.1.21", false, 80, false), "10.0.1.21");
    EXPECT_EQ(default_host("10.0.1.21", false, 8080, false), "10.0.1.21:8080");
    EXPECT_EQ(default_host("10.0.1.21", false, 443, true), "10.0.1.21");
    EXPECT_EQ(default_host("10.0.1.21", false, 80, true), "10.0.1.21:80");
    EXPECT_EQ(default_host("2001:db8::1", true, 80, false), "[2001:db8::1]");
    EXPECT_EQ(default_host("2001:db8::1", true, 8443, true), "[2001:db8::1]:8443");
}

TEST(Redirect, OnlyToThisServer) {
    const auto path = [](std::string_view loc, bool tls = false, std::uint16_t port = 80) {
        return redirect_path(loc, "www.example.com", "10.0.1.21", port, tls)
            .value_or("-");
    };
    EXPECT_EQ(path("/next"), "/next");
    EXPECT_EQ(path("  /next?a=b "), "/next?a=b");
    EXPECT_EQ(path("http://www.example.com/x"), "/x");
    EXPECT_EQ(path("HTTP://WWW.EXAMPLE.COM:80/x"), "/x");
    EXPECT_EQ(path("http://www.example.com"), "/");
    EXPECT_EQ(path("http://10.0.1.21:80/y"), "/y");
    EXPECT_EQ(path("http://10.0.1.21:8080/y", false, 8080), "/y");
    EXPECT_EQ(path("https://www.example.com/z", true, 443), "/z");
    EXPECT_EQ(path("//www.example.com/x"), "-");          // scheme-relative: not followed
    EXPECT_EQ(path("http://other.example.com/x"), "-");   // another host
    EXPECT_EQ(path("http://www.example.com:8080/x"), "-");  // another port
    EXPECT_EQ(path("https://www.example.com/x"), "-");    // another scheme
    EXPECT_EQ(path("relative/path"), "-");
    EXPECT_EQ(path("/with space"), "-");
    EXPECT_EQ(redirect_path("http://[2001:db8::1]:8080/v6", "x", "2001:db8::1", 8080, false).value_or("-"), "/v6");
}

}  // namespace
}  // namespace lvs::nanny::http
