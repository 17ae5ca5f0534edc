// SPDX-License-Identifier: GPL-2.0-or-later
#include "lvsweb/options.h"

#include <gtest/gtest.h>

#include "tests/support/argv.h"
#include "tests/support/stderr_capture.h"

namespace lvs::web {
namespace {

TEST(LvswebOptions, ModesAndPaths) {
    {
        testing::Argv a{"lvsweb"};
        Options o;
        EXPECT_EQ(parse_options(a.argc(), a.argv(), o), -1);
        EXPECT_EQ(o.mode, Options::Mode::Run);
        EXPECT_EQ(o.settings, "/etc/sysconfig/ha/lvs.ini");
        EXPECT_FALSE(o.settings_given);
    }
    {
        testing::Argv a{"lvsweb", "--passwd", "--settings", "/tmp/x.ini", "--shm", "lvs-t"};
        Options o;
        EXPECT_EQ(parse_options(a.argc(), a.argv(), o), -1);
        EXPECT_EQ(o.mode, Options::Mode::Passwd);
        EXPECT_EQ(o.settings, "/tmp/x.ini");
        EXPECT_TRUE(o.settings_given);
        EXPECT_EQ(o.shm, "lvs-t");
    }
    {
        testing::Argv a{"lvsweb", "--help"};
        Options o;
        EXPECT_EQ(parse_options(a.argc(), a.argv(), o), -1);
        EXPECT_EQ(o.mode, Options::Mode::Help);
    }
}

TEST(LvswebOptions, Refusals) {
    for (auto words : {std::initializer_list<std::string>{"lvsweb", "--nope"},
                       std::initializer_list<std::string>{"lvsweb", "extra"},
                       std::initializer_list<std::string>{"lvsweb", "--settings"}}) {
        testing::Argv a(words);
        Options o;
        testing::StderrCapture err;
        EXPECT_EQ(parse_options(a.argc(), a.argv(), o), 4);
        EXPECT_NE(err.text().find("usage: lvsweb"), std::string::npos);
    }
}

}  // namespace
}  // namespace lvs::web
