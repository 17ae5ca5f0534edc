// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's command line: lvs.ini's [log] arrives as --log-facility and
// --log-level; --nofork, with Piranha's -c still accepted.
#include "nanny/options.h"

#include <gtest/gtest.h>

#include "common/base/exit_codes.h"
#include "tests/support/argv.h"
#include "tests/support/stderr_capture.h"

namespace lvs::nanny {
namespace {

using lvs::testing::Argv;

int parse(Argv a, Options& o) {
    lvs::testing::StderrCapture quiet;
    return parse_options(a.argc(), a.argv(), o);
}

TEST(NannyOptions, LogFacilityAndLevel) {
    Options d;
    EXPECT_EQ(parse({"nanny", "-h", "10.0.1.21", "--lvs"}, d), -1);
    EXPECT_EQ(d.log_facility, "daemon");
    EXPECT_EQ(d.log_level, log::Level::Info);
    Options o;
    EXPECT_EQ(parse({"nanny", "-h", "10.0.1.21", "--lvs", "--log-facility", "local4", "--log-level", "warning"}, o),
              -1);
    EXPECT_EQ(o.log_facility, "local4");
    EXPECT_EQ(o.log_level, log::Level::Warning);
    Options bad_facility, bad_level;
    EXPECT_EQ(parse({"nanny", "-h", "10.0.1.21", "--lvs", "--log-facility", "kern9"}, bad_facility), kExitUsage);
    EXPECT_EQ(parse({"nanny", "-h", "10.0.1.21", "--lvs", "--log-level", "loud"}, bad_level), kExitUsage);
}

TEST(NannyOptions, NoforkAndPiranhasDashC) {
    Options o;
    EXPECT_EQ(parse({"nanny", "--nofork", "-h", "10.0.1.21", "--lvs"}, o), -1);
    EXPECT_TRUE(o.nofork);
    Options c;
    EXPECT_EQ(parse({"nanny", "-c", "-h", "10.0.1.21", "-t", "2", "--lvs"}, c), -1);
    EXPECT_TRUE(c.nofork);
    EXPECT_EQ(c.server, "10.0.1.21");
    EXPECT_EQ(c.timeout.count(), 2000);
}

}  // namespace
}  // namespace lvs::nanny
