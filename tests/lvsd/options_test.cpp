// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd's command line: --help, and the old spellings a pulse of an earlier
// version passes (-i).
#include "lvsd/options.h"

#include <gtest/gtest.h>

#include "common/base/exit_codes.h"
#include "tests/support/argv.h"
#include "tests/support/stderr_capture.h"

namespace lvs::lvsd {
namespace {

using lvs::testing::Argv;

int parse(Argv a, Options& o) {
    lvs::testing::StderrCapture quiet;
    return parse_options(a.argc(), a.argv(), o);
}

TEST(LvsdOptions, HelpSettingsAndOldSpellings) {
    Options o;
    EXPECT_EQ(parse({"lvsd", "--nofork", "-c", "/x.cf", "--attach-shm", "--settings", "/x.ini"}, o), -1);
    EXPECT_TRUE(o.nofork && o.attach_shm && o.settings_given);
    EXPECT_EQ(o.settings, "/x.ini");
    Options old;
    EXPECT_EQ(parse({"lvsd", "-t", "-i", "/old.ini"}, old), -1);
    EXPECT_EQ(old.mode, Options::Mode::TestConfig);
    EXPECT_EQ(old.settings, "/old.ini");
    Options h;
    EXPECT_EQ(parse({"lvsd", "--help"}, h), -1);
    EXPECT_EQ(h.mode, Options::Mode::Help);
    Options dash_h;
    EXPECT_EQ(parse({"lvsd", "-h"}, dash_h), kExitUsage);
}

}  // namespace
}  // namespace lvs::lvsd
