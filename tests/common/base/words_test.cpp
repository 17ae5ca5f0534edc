// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/base/words.h"

#include <gtest/gtest.h>

namespace lvs {
namespace {

using Words = std::vector<std::string>;

TEST(SplitCommand, SplitsOnBlanksWithoutAShell) {
    EXPECT_EQ(split_command("/etc/init.d/httpd  start"), (Words{"/etc/init.d/httpd", "start"}));
    EXPECT_EQ(split_command("/bin/x 'a b' $HOME;rm"), (Words{"/bin/x", "'a", "b'", "$HOME;rm"}));
    EXPECT_EQ(split_command("\t/bin/x\n-y \r"), (Words{"/bin/x", "-y"}));
    EXPECT_TRUE(split_command("   ").empty());
    EXPECT_TRUE(split_command("").empty());
}

}  // namespace
}  // namespace lvs
