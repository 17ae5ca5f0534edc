// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/base/ip_address.h"

#include <gtest/gtest.h>

namespace lvs {
namespace {

struct ParseCase {
    const char* name;
    const char* text;
    bool legacy;
    bool ok;
    const char* canonical;
};

TEST(IpAddress, ParsesAndFormats) {
    const ParseCase cases[] = {
        {.name = "v4", .text = "192.0.2.1", .legacy = false, .ok = true, .canonical = "192.0.2.1"},
        {.name = "v6", .text = "2001:DB8::1", .legacy = false, .ok = true, .canonical = "2001:db8::1"},
        {.name = "short v4 strict", .text = "10.1", .legacy = false, .ok = false, .canonical = ""},
        {.name = "short v4 legacy", .text = "10.1", .legacy = true, .ok = true, .canonical = "10.0.0.1"},
        {.name = "garbage", .text = "x.y", .legacy = true, .ok = false, .canonical = ""},
        {.name = "empty", .text = "", .legacy = true, .ok = false, .canonical = ""},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto a = c.legacy ? IpAddress::parse_legacy(c.text) : IpAddress::parse(c.text);
        ASSERT_EQ(a.has_value(), c.ok);
        if (c.ok) {
            EXPECT_EQ(a->to_string(), c.canonical);
        }
    }
}

TEST(IpAddress, PrefixLength) {
    EXPECT_EQ(IpAddress::parse("255.255.255.0")->prefix_length(), 24);
    EXPECT_EQ(IpAddress::parse("255.0.255.0")->prefix_length(), -1);
    EXPECT_EQ(IpAddress::parse("ffff:ffff::")->prefix_length(), 32);
}

TEST(IpAddress, UnspecifiedAndOrdering) {
    EXPECT_TRUE(IpAddress{}.is_unspecified());
    EXPECT_TRUE(IpAddress::parse("0.0.0.0")->is_unspecified());
    EXPECT_FALSE(IpAddress::parse("::1")->is_unspecified());
    EXPECT_LT(*IpAddress::parse("10.0.0.1"), *IpAddress::parse("10.0.0.2"));
    EXPECT_EQ(IpAddress::v4(0x0a000001).to_string(), "10.0.0.1");
    EXPECT_EQ(IpAddress::parse("10.0.0.1")->v4_host_order(), 0x0a000001u);
}

}  // namespace
}  // namespace lvs
