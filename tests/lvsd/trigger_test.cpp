// SPDX-License-Identifier: GPL-2.0-or-later
// The reconcile triggers' labels: operators and the end-to-end tests read
// them in "reconcile (LABEL): ..." log lines.
#include <gtest/gtest.h>

#include <string>

#include "lvsd/lvsd_app.h"

namespace lvs::lvsd {
namespace {

TEST(Trigger, LogLabels) {
    EXPECT_STREQ(to_string(Trigger::Start), "start");
    EXPECT_STREQ(to_string(Trigger::Reload), "reload");
    EXPECT_STREQ(to_string(Trigger::Health), "health");
    EXPECT_STREQ(to_string(Trigger::NannyExit), "nanny");
    EXPECT_STREQ(to_string(Trigger::Periodic), "periodic");
    EXPECT_STREQ(to_string(Trigger::Drift), "drift");
}

}  // namespace
}  // namespace lvs::lvsd
