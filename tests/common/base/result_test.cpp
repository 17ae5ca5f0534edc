// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/base/result.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace lvs {
namespace {

Result<int> half(int x) {
    if (x % 2 != 0) return make_error(ErrorCode::Invalid, "odd");
    return x / 2;
}

TEST(Result, CarriesValue) {
    auto r = half(8);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, 4);
}

TEST(Result, CarriesError) {
    auto r = half(3);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Invalid);
    EXPECT_EQ(r.error().message(), "odd");
}

TEST(Result, ErrorMessageIncludesErrno) {
    Error e = make_error(ErrorCode::Io, "open /x", ENOENT);
    EXPECT_EQ(e.message(), "open /x: No such file or directory");
    EXPECT_STREQ(to_string(e.code), "io");
}

TEST(Status, DefaultIsOk) {
    Status s;
    EXPECT_TRUE(s.ok());
    Status f = make_error(ErrorCode::Timeout, "t");
    EXPECT_FALSE(f.ok());
}

}  // namespace
}  // namespace lvs
