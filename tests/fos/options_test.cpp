// SPDX-License-Identifier: GPL-2.0-or-later
// fos's command line: --active and --monitor (Piranha's -f, -F and -t are
// gone: nanny's -f is the firewall mark, -t the timeout), --help, and -i as
// an old spelling of --settings.
#include "fos/options.h"

#include <gtest/gtest.h>

#include "common/base/exit_codes.h"
#include "tests/support/argv.h"
#include "tests/support/stderr_capture.h"

namespace lvs::fos {
namespace {

using lvs::testing::Argv;

struct Parsed {
    int rc;
    std::string err;
};

Parsed parse(Argv a, Options& o) {
    lvs::testing::StderrCapture cap;
    const int rc = parse_options(a.argc(), a.argv(), o);
    return {rc, cap.text()};
}

TEST(FosOptions, ModesAreLongOptions) {
    Options o;
    EXPECT_EQ(parse({"fos", "--monitor", "-c", "/x.cf", "--nofork", "--settings", "/x.ini", "--test-start"}, o).rc, -1);
    EXPECT_TRUE(o.monitor && !o.active && o.nofork && o.test_start && o.settings_given);
    EXPECT_EQ(o.settings, "/x.ini");
    Options a;
    EXPECT_EQ(parse({"fos", "--active", "--settings", "/x.ini"}, a).rc, -1);
    EXPECT_TRUE(a.active);
    for (const char* gone : {"-f", "-F", "-t", "-h", "-i"}) {
        Options g;
        EXPECT_EQ(parse({"fos", "--active", gone}, g).rc, kExitUsage) << gone;
    }
}

TEST(FosOptions, ModeRequiredAndExclusive) {
    Options none;
    EXPECT_EQ(parse({"fos"}, none).err, "fos: Either --monitor or --active required!\n");
    Options both;
    const Parsed p = parse({"fos", "--monitor", "--active"}, both);
    EXPECT_EQ(p.rc, kExitUsage);
    EXPECT_EQ(p.err, "fos: Cannot specify both --monitor and --active!\n");
    Options h;
    EXPECT_EQ(parse({"fos", "--help"}, h).rc, -1);
    EXPECT_EQ(h.mode, Options::Mode::Help);
}

}  // namespace
}  // namespace lvs::fos
