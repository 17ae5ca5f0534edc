// SPDX-License-Identifier: GPL-2.0-or-later
// The gratuitous ARP frame, byte for byte, as Piranha's send_arp sent it:
// reply opcode, broadcast destination, sender and target both the VIP.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

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

TEST(UnsolicitedNa, AllNodesOverrideWithTargetLinkLayerAddress) {
    const std::array<std::uint8_t, 6> mac{0x02, 0x00, 0x5e, 0x10, 0x20, 0x30};
    const auto a = *IpAddress::parse("2001:db8::80");
    const auto f = unsolicited_na_frame(mac, a);
    ASSERT_EQ(f.size(), 14u + 40u + 32u);
    const std::vector<std::uint8_t> eth = {0x33, 0x33, 0, 0, 0, 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30, 0x86, 0xdd};
    EXPECT_TRUE(std::equal(eth.begin(), eth.end(), f.begin()));
    EXPECT_EQ(f[14], 0x60);
    EXPECT_EQ(f[14 + 5], 32);    // payload length
    EXPECT_EQ(f[14 + 6], 58);    // ICMPv6
    EXPECT_EQ(f[14 + 7], 255);   // hop limit
    EXPECT_EQ(0, std::memcmp(f.data() + 22, a.bytes().data(), 16));
    EXPECT_EQ(f[38], 0xff);
    EXPECT_EQ(f[53], 0x01);      // ff02::1
    EXPECT_EQ(f[54], 136);       // neighbour advertisement
    EXPECT_EQ(f[58], 0x20);      // Override, not Solicited, not Router
    EXPECT_EQ(0, std::memcmp(f.data() + 62, a.bytes().data(), 16));
    EXPECT_EQ(f[78], 2);
    EXPECT_EQ(f[79], 1);
    EXPECT_EQ(0, std::memcmp(f.data() + 80, mac.data(), 6));
    // A receiver's check: the sum over pseudo-header and message is 0xffff.
    std::uint32_t sum = 0;
    for (std::size_t i = 22; i < 54; i += 2) sum += static_cast<std::uint32_t>(f[i] << 8 | f[i + 1]);
    sum += 32 + 58;
    for (std::size_t i = 54; i < f.size(); i += 2) sum += static_cast<std::uint32_t>(f[i] << 8 | f[i + 1]);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    EXPECT_EQ(sum, 0xffffu);
}

TEST(FloatingAddress, DeviceIsTheLabelBeforeTheColon) {
    EXPECT_EQ((FloatingAddress{{}, 24, "eth0:1"}).device(), "eth0");
    EXPECT_EQ((FloatingAddress{{}, 24, "eth1"}).device(), "eth1");
}

}  // namespace
}  // namespace lvs::net
