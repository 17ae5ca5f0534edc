// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/config/escapes.h"

#include <gtest/gtest.h>

namespace lvs::config {
namespace {

TEST(Escapes, DecodesPiranhaSetAndHex) {
    struct Case {
        const char* name;
        std::string raw;
        bool ok;
        std::string want;
    };
    const Case cases[] = {
        {.name = "plain", .raw = "HTTP", .ok = true, .want = "HTTP"},
        {.name = "crlf", .raw = "GET / HTTP/1.0\\r\\n\\r\\n", .ok = true, .want = "GET / HTTP/1.0\r\n\r\n"},
        {.name = "all", .raw = "\\\\\\t\\'\\\"", .ok = true, .want = "\\\t'\""},
        {.name = "hex", .raw = "\\x41\\x7e", .ok = true, .want = "A~"},
        {.name = "empty", .raw = "", .ok = true, .want = ""},
        {.name = "unknown", .raw = "a\\qb", .ok = false, .want = "unknown escape '\\q'"},
        {.name = "trailing", .raw = "abc\\", .ok = false, .want = "trailing backslash"},
        {.name = "bad hex", .raw = "\\x4", .ok = false, .want = "bad escape '\\x': two hex digits expected"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = decode_escapes(c.raw);
        ASSERT_EQ(r.ok(), c.ok);
        EXPECT_EQ(r.ok() ? *r : r.error().context, c.want);
    }
}

TEST(Escapes, ReportsOffset) {
    std::size_t off = 99;
    auto r = decode_escapes("ab\\z", &off);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(off, 2u);
}

}  // namespace
}  // namespace lvs::config
