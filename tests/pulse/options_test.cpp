// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's command line: help is --help only (nanny's -h is its real
// server); -i and -t still work as old spellings of --settings and
// --test-config.
#include "pulse/options.h"

#include <gtest/gtest.h>

#include "common/base/exit_codes.h"
#include "tests/support/argv.h"
#include "tests/support/stderr_capture.h"

namespace lvs::pulse {
namespace {

using lvs::testing::Argv;

int parse(Argv a, Options& o) {
    lvs::testing::StderrCapture quiet;
    return parse_options(a.argc(), a.argv(), o);
}

TEST(PulseOptions, LongSpellings) {
    Options o;
    EXPECT_EQ(parse({"pulse", "-c", "/x.cf", "--settings", "/x.ini", "-n", "-v"}, o), -1);
    EXPECT_EQ(o.config, "/x.cf");
    EXPECT_EQ(o.settings, "/x.ini");
    EXPECT_TRUE(o.settings_given && o.nodaemon && o.verbose);
    EXPECT_EQ(o.mode, Options::Mode::Run);
    Options t;
    EXPECT_EQ(parse({"pulse", "--test-config"}, t), -1);
    EXPECT_EQ(t.mode, Options::Mode::TestConfig);
    Options h;
    EXPECT_EQ(parse({"pulse", "--help"}, h), -1);
    EXPECT_EQ(h.mode, Options::Mode::Help);
}

// -i and -t, once spellings of --settings and --test-config, are gone: an
// option letter means one thing in every program (send_arp's -i is its
// interface, nanny's -t its timeout).
TEST(PulseOptions, OldSpellingsAreGone) {
    for (const char* gone : {"-t", "-i"}) {
        Options o;
        EXPECT_EQ(parse({"pulse", gone, "/old.ini"}, o), kExitUsage) << gone;
    }
}

TEST(PulseOptions, DashHIsNoLongerHelp) {
    Options o;
    EXPECT_EQ(parse({"pulse", "-h"}, o), kExitUsage);
}

}  // namespace
}  // namespace lvs::pulse
