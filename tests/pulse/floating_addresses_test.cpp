// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "common/config/parser.h"
#include "pulse/pulse_app.h"

namespace lvs::pulse {
namespace {

TEST(FloatingAddresses, DistinctVipsPlusNatRouterWithPiranhaLabels) {
    auto loaded = config::load_config_text(
        "network = nat\nnat_router = 10.0.1.254 eth1:1\nnat_nmask = 255.255.255.0\n"
        "virtual a {\n active = 1\n address = 192.0.2.80 eth0:1\n vip_nmask = 255.255.255.0\n}\n"
        "virtual b {\n active = 1\n address = 192.0.2.80 eth0:1\n port = 443\n}\n"
        "virtual c {\n active = 0\n address = 192.0.2.81 eth0:2\n}\n"
        "virtual d {\n active = 1\n address = 192.0.2.82 eth0:3\n}\n",
        "f", config::offline_parse_options());
    ASSERT_TRUE(loaded.ok());
    const auto f = floating_addresses(loaded.config);
    ASSERT_EQ(f.size(), 3u);
    EXPECT_EQ(f[0].addr.to_string(), "10.0.1.254");
    EXPECT_EQ(f[0].label, "eth1:1");
    EXPECT_EQ(f[0].prefix, 24);
    EXPECT_EQ(f[1].addr.to_string(), "192.0.2.80");
    EXPECT_EQ(f[1].prefix, 24);
    EXPECT_EQ(f[2].addr.to_string(), "192.0.2.82");
    EXPECT_EQ(f[2].prefix, 32);
}

}  // namespace
}  // namespace lvs::pulse
