// SPDX-License-Identifier: GPL-2.0-or-later
// The gratuitous ARP frame, byte for byte (spec §8).
#include <gtest/gtest.h>

#include "common/net/address_manager.h"

namespace lvs::net {
namespace {

TEST(GratuitousArp, FrameMatchesPiranhasSendArp) {
    const std::array<std::uint8_t, 6> mac{0x02, 0x00, 0x5e, 0x10, 0x20, 0x30};
    const auto f = gratuitous_arp_frame(mac, *IpAddress::parse("192.0.2.80"));
    const std::vector<std::uint8_t> want = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30, 0x08, 0x06,  // Ethernet
        0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x02,                                            // ARP reply
        0x02, 0x00, 0x5e, 0x10, 0x20, 0x30, 192, 0, 2, 80,                                  // sender
        0x02, 0x00, 0x5e, 0x10, 0x20, 0x30, 192, 0, 2, 80,                                  // target = sender
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};                             // padding
    EXPECT_EQ(f, want);
}

TEST(FloatingAddress, DeviceIsTheLabelBeforeTheColon) {
    EXPECT_EQ((FloatingAddress{{}, 24, "eth0:1"}).device(), "eth0");
    EXPECT_EQ((FloatingAddress{{}, 24, "eth1"}).device(), "eth1");
}

}  // namespace
}  // namespace lvs::net
