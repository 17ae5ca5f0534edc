// SPDX-License-Identifier: GPL-2.0-or-later
// Default gateway from /proc/net/route text; ICMP echo build and match.
#include "common/net/gateway.h"

#include <gtest/gtest.h>

namespace lvs::net {
namespace {

constexpr const char* kHeader =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

TEST(Gateway, DefaultRouteWithTheLowestMetric) {
    // 192.0.2.1 (metric 100) and 192.0.2.254 (metric 5), native little-endian.
    const std::string text = std::string(kHeader) +
                             "eth0\t0002000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
                             "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
                             "eth1\t00000000\tFE0200C0\t0003\t0\t0\t5\t00000000\t0\t0\t0\n";
    auto gw = parse_default_gateway(text);
    ASSERT_TRUE(gw.has_value());
    EXPECT_EQ(gw->to_string(), "192.0.2.254");
}

TEST(Gateway, NoDefaultRouteOrGarbage) {
    EXPECT_FALSE(parse_default_gateway(kHeader).has_value());
    EXPECT_FALSE(parse_default_gateway("").has_value());
    EXPECT_FALSE(parse_default_gateway(std::string(kHeader) + "eth0\t00000000\tZZZZ\t0003\t0\t0\t0\t00000000\n"));
    // A default route that is down, or without a gateway (a device route).
    EXPECT_FALSE(parse_default_gateway(std::string(kHeader) + "eth0\t00000000\t010200C0\t0002\t0\t0\t0\t00000000\n"));
    EXPECT_FALSE(parse_default_gateway(std::string(kHeader) + "eth0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\n"));
}

std::vector<std::uint8_t> as_reply(std::vector<std::uint8_t> icmp) {
    // Echo request -> reply: type 0, checksum adjusted by +8 in the first word.
    icmp[0] = 0;
    std::uint32_t c = static_cast<std::uint32_t>(icmp[2] << 8 | icmp[3]) + 0x0800;
    c = (c & 0xffff) + (c >> 16);
    icmp[2] = static_cast<std::uint8_t>(c >> 8);
    icmp[3] = static_cast<std::uint8_t>(c);
    std::vector<std::uint8_t> ip(20 + icmp.size(), 0);
    ip[0] = 0x45;
    ip[9] = 1;
    for (std::size_t i = 0; i < icmp.size(); ++i) ip[20 + i] = icmp[i];
    return ip;
}

TEST(Gateway, EchoReplyMatchesItsRequestOnly) {
    const auto req = icmp_echo_request(0x1234, 7);
    ASSERT_EQ(req[0], 8);
    const auto reply = as_reply(req);
    EXPECT_TRUE(is_echo_reply(reply, 0x1234));
    EXPECT_FALSE(is_echo_reply(reply, 0x1235));  // someone else's ping
    auto corrupt = reply;
    corrupt[30] ^= 1;
    EXPECT_FALSE(is_echo_reply(corrupt, 0x1234));  // bad checksum
    auto req_ip = as_reply(req);
    req_ip[20] = 8;  // a request, not a reply
    EXPECT_FALSE(is_echo_reply(req_ip, 0x1234));
    for (std::size_t n = 0; n < reply.size(); ++n)  // every truncation
        EXPECT_FALSE(is_echo_reply(std::span(reply).first(n), 0x1234)) << n;
}

}  // namespace
}  // namespace lvs::net
