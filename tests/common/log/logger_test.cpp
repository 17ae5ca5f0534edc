// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/log/logger.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lvs::log {
namespace {

TEST(Logger, FormatsAndFiltersByLevel) {
    std::vector<std::string> lines;
    use_sink([&](Level, const std::string& t, const std::string& m) { lines.push_back(t + ": " + m); });
    set_tag("unit");
    set_level(Level::Info);
    LVS_LOG_INFO("x=%d %s", 3, "%n is data");
    LVS_LOG_DEBUG("hidden");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0], "unit: x=3 %n is data");
    use_stderr();
}

TEST(Logger, ParsesNames) {
    Level l{};
    EXPECT_TRUE(level_from_name("debug", &l));
    EXPECT_EQ(l, Level::Debug);
    EXPECT_FALSE(level_from_name("loud", &l));
    EXPECT_GE(facility_from_name("local3"), 0);
    EXPECT_EQ(facility_from_name("nope"), -1);
}

}  // namespace
}  // namespace lvs::log
