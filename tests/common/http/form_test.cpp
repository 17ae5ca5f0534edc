// SPDX-License-Identifier: GPL-2.0-or-later
// Form and cookie parsing, and the listener helpers.
#include "common/http/form.h"

#include <gtest/gtest.h>

#include "common/http/server.h"

namespace lvs::http {
namespace {

TEST(Form, DecodesFields) {
    auto f = parse_form("action=drain&target=www%2Frs1&note=a+b%21&empty=&flag");
    ASSERT_TRUE(f.ok()) << f.error().message();
    EXPECT_EQ(f->size(), 5u);
    EXPECT_EQ(field(*f, "action"), "drain");
    EXPECT_EQ(field(*f, "target"), "www/rs1");
    EXPECT_EQ(field(*f, "note"), "a b!");
    EXPECT_EQ(field(*f, "empty"), "");
    EXPECT_EQ(field(*f, "flag"), "");
    EXPECT_EQ(field(*f, "nope"), std::nullopt);
    auto e = parse_form("");
    ASSERT_TRUE(e.ok());
    EXPECT_TRUE(e->empty());
    auto skip = parse_form("&&a=1&&");
    ASSERT_TRUE(skip.ok());
    EXPECT_EQ(skip->size(), 1u);
    EXPECT_EQ(field(*parse_form("t=%3Cscript%3E"), "t"), "<script>");
    EXPECT_EQ(field(*parse_form("t=%e2%82%ac"), "t"), "\xe2\x82\xac");
}

TEST(Form, RefusesMalformedInput) {
    for (const char* bad : {"a=%", "a=%2", "a=%zz", "a=%2g", "=1", "%3d=1&=2", "a=1&a=2", "a=%00", "a=x%01y",
                            "a=%7f", "%00=1"}) {
        SCOPED_TRACE(bad);
        EXPECT_FALSE(parse_form(bad).ok());
    }
    std::string many;
    for (std::size_t i = 0; i <= kMaxFormFields; ++i) many += "f" + std::to_string(i) + "=1&";
    EXPECT_FALSE(parse_form(many).ok());
    EXPECT_TRUE(parse_form("a=line%0D%0Anext%09tab").ok());
}

TEST(Form, UrlDecode) {
    EXPECT_EQ(url_decode("a%20b+c"), "a b c");
    EXPECT_EQ(url_decode("%41%4a%4A"), "AJJ");
    EXPECT_EQ(url_decode("100%"), std::nullopt);
    EXPECT_EQ(url_decode("%4"), std::nullopt);
}

TEST(Cookies, ParsesTheHeader) {
    auto c = parse_cookies("lvsweb_session=abc123; theme=dark;other = \"quoted\" ;novalue; =x; last=");
    ASSERT_EQ(c.size(), 4u);
    EXPECT_EQ(field(c, "lvsweb_session"), "abc123");
    EXPECT_EQ(field(c, "theme"), "dark");
    EXPECT_EQ(field(c, "other"), "quoted");
    EXPECT_EQ(field(c, "last"), "");
    EXPECT_TRUE(parse_cookies("").empty());
    EXPECT_TRUE(parse_cookies(";;;").empty());
    std::string many;
    for (int i = 0; i < 100; ++i) many += "c" + std::to_string(i) + "=v; ";
    EXPECT_EQ(parse_cookies(many).size(), kMaxCookies);
}

TEST(Listen, SplitAndLoopback) {
    std::string a;
    std::uint16_t p = 0;
    EXPECT_TRUE(split_listen("[::1]:3636", a, p));
    EXPECT_EQ(a, "::1");
    EXPECT_EQ(p, 3636);
    EXPECT_TRUE(is_loopback("127.0.0.1"));
    EXPECT_TRUE(is_loopback("127.1.2.3"));
    EXPECT_TRUE(is_loopback("::1"));
    EXPECT_FALSE(is_loopback("0.0.0.0"));
    EXPECT_FALSE(is_loopback("::"));
    EXPECT_FALSE(is_loopback("192.0.2.1"));
    EXPECT_FALSE(is_loopback("localhost"));
}

}  // namespace
}  // namespace lvs::http
