// SPDX-License-Identifier: GPL-2.0-or-later
// The BIRD 2 fragment pulse writes in ecmp mode: golden text.
#include "pulse/bird_config.h"

#include <gtest/gtest.h>

#include "common/config/parser.h"

namespace lvs::pulse {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

TEST(BirdConfig, TwoPeersWithBfdAndBothFamilies) {
    BirdParams p;
    p.local_as = 64512;
    p.peers = {{ip("192.0.2.1"), 64500}, {ip("2001:db8::1"), 4200000000u}};
    p.bfd = true;
    p.bfd_interval = std::chrono::milliseconds{50};
    p.bfd_multiplier = 4;
    const std::string want =
        "# Written by pulse (lvs.cf redundancy = ecmp) on every change: do not edit.\n"
        "# bird.conf includes it. lvs_vips4 and lvs_vips6 hold the virtual addresses\n"
        "# this router announces now; the filter lvs_vips accepts just those routes.\n"
        "\n"
        "protocol static lvs_vips4 {\n"
        "\tipv4;\n"
        "\troute 198.51.100.10/32 blackhole;\n"
        "\troute 198.51.100.11/32 blackhole;\n"
        "}\n"
        "\n"
        "protocol static lvs_vips6 {\n"
        "\tipv6;\n"
        "\troute 2001:db8:10::80/128 blackhole;\n"
        "}\n"
        "\n"
        "filter lvs_vips {\n"
        "\tif proto = \"lvs_vips4\" || proto = \"lvs_vips6\" then accept;\n"
        "\treject;\n"
        "}\n"
        "\n"
        "protocol bfd lvs_bfd {\n"
        "\tinterface \"*\" {\n"
        "\t\tinterval 50 ms;\n"
        "\t\tmultiplier 4;\n"
        "\t};\n"
        "}\n"
        "\n"
        "protocol bgp lvs_bgp_192_0_2_1 {\n"
        "\tlocal as 64512;\n"
        "\tneighbor 192.0.2.1 as 64500;\n"
        "\tbfd on;\n"
        "\terror wait time 1, 60;\n"
        "\tipv4 {\n"
        "\t\timport none;\n"
        "\t\texport filter lvs_vips;\n"
        "\t};\n"
        "}\n"
        "\n"
        "protocol bgp lvs_bgp_2001_db8__1 {\n"
        "\tlocal as 64512;\n"
        "\tneighbor 2001:db8::1 as 4200000000;\n"
        "\tbfd on;\n"
        "\terror wait time 1, 60;\n"
        "\tipv6 {\n"
        "\t\timport none;\n"
        "\t\texport filter lvs_vips;\n"
        "\t};\n"
        "}\n";
    EXPECT_EQ(bird_fragment(p, {ip("198.51.100.10"), ip("2001:db8:10::80"), ip("198.51.100.11")}), want);
}

TEST(BirdConfig, NothingAnnouncedNoBfdKeepsTheProtocolsAndFilter) {
    BirdParams p;
    p.local_as = 65001;
    p.peers = {{ip("192.0.2.1"), 65000}};
    const std::string want =
        "# Written by pulse (lvs.cf redundancy = ecmp) on every change: do not edit.\n"
        "# bird.conf includes it. lvs_vips4 and lvs_vips6 hold the virtual addresses\n"
        "# this router announces now; the filter lvs_vips accepts just those routes.\n"
        "\n"
        "protocol static lvs_vips4 {\n"
        "\tipv4;\n"
        "}\n"
        "\n"
        "protocol static lvs_vips6 {\n"
        "\tipv6;\n"
        "}\n"
        "\n"
        "filter lvs_vips {\n"
        "\tif proto = \"lvs_vips4\" || proto = \"lvs_vips6\" then accept;\n"
        "\treject;\n"
        "}\n"
        "\n"
        "protocol bgp lvs_bgp_192_0_2_1 {\n"
        "\tlocal as 65001;\n"
        "\tneighbor 192.0.2.1 as 65000;\n"
        "\terror wait time 1, 60;\n"
        "\tipv4 {\n"
        "\t\timport none;\n"
        "\t\texport filter lvs_vips;\n"
        "\t};\n"
        "}\n";
    EXPECT_EQ(bird_fragment(p, {}), want);
}

TEST(BirdConfig, ParamsFromLvsCf) {
    const std::string text =
        "redundancy = ecmp\nnetwork = direct\nbgp_local_as = 64512\nbgp_peer = [ 192.0.2.1 192.0.2.2 ]\n"
        "bgp_peer_as = [ 64500 64501 ]\nbfd = 1\nbfd_interval = 0.2\nbfd_multiplier = 5\n";
    auto loaded = config::load_config_text(text, "f", config::offline_parse_options());
    const BirdParams p = bird_params(loaded.config);
    EXPECT_EQ(p.local_as, 64512u);
    ASSERT_EQ(p.peers.size(), 2u);
    EXPECT_EQ(p.peers[1].address.to_string(), "192.0.2.2");
    EXPECT_EQ(p.peers[1].as, 64501u);
    EXPECT_TRUE(p.bfd);
    EXPECT_EQ(p.bfd_interval, std::chrono::milliseconds{200});
    EXPECT_EQ(p.bfd_multiplier, 5);
    // One AS for all peers.
    auto one = config::load_config_text("redundancy = ecmp\nbgp_peer = [ 192.0.2.1 192.0.2.2 ]\nbgp_peer_as = 7\n",
                                        "f", config::offline_parse_options());
    const BirdParams q = bird_params(one.config);
    ASSERT_EQ(q.peers.size(), 2u);
    EXPECT_EQ(q.peers[0].as, 7u);
    EXPECT_EQ(q.peers[1].as, 7u);
}

TEST(BirdConfig, BgpNamesAreBirdSymbols) {
    EXPECT_EQ(bird_bgp_name(ip("10.1.2.3")), "lvs_bgp_10_1_2_3");
    EXPECT_EQ(bird_bgp_name(ip("fe80::1")), "lvs_bgp_fe80__1");
}

}  // namespace
}  // namespace lvs::pulse
