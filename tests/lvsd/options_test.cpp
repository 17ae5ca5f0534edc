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

// -i and -t, once spellings of --settings and --test-config, are gone: an
// option letter means one thing in every program (send_arp's -i is its
// interface, nanny's -t its timeout).
TEST(LvsdOptions, HelpSettingsAndGoneSpellings) {
    Options o;
    EXPECT_EQ(parse({"lvsd", "--nofork", "-c", "/x.cf", "--attach-shm", "--settings", "/x.ini"}, o), -1);
    EXPECT_TRUE(o.nofork && o.attach_shm && o.settings_given);
    EXPECT_EQ(o.settings, "/x.ini");
    for (const char* gone : {"-t", "-i"}) {
        Options old;
        EXPECT_EQ(parse({"lvsd", gone, "/old.ini"}, old), kExitUsage) << gone;
    }
    Options h;
    EXPECT_EQ(parse({"lvsd", "--help"}, h), -1);
    EXPECT_EQ(h.mode, Options::Mode::Help);
    Options dash_h;
    EXPECT_EQ(parse({"lvsd", "-h"}, dash_h), kExitUsage);
}

}  // namespace
}  // namespace lvs::lvsd
