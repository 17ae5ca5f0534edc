// SPDX-License-Identifier: GPL-2.0-or-later
// Connection handover codec: /proc/net/ip_vs_conn in, IPVS sync v1 out.
#include "common/ipvs/conn_sync.h"

#include <gtest/gtest.h>

namespace lvs::ipvs {
namespace {

constexpr std::string_view kTable =
    "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n"
    "TCP C0000264 D7F6 C0000250 0050 0A000117 0050 ESTABLISHED     899\n"
    "TCP C0000264 D80C C0000250 0050 0A000115 0050 TIME_WAIT       119\n"
    "TCP C0000264 0000 C0000250 0050 0A000115 0050 NONE            300\n"
    "UDP C0000264 9C40 C0000250 0035 0A000116 0035 UDP             299\n"
    "TCP C0000264 D812 C0000250 0050 0A000117 0050 SYN_RECV         59\n"
    "SCTP C0000264 D812 C0000250 0050 0A000117 0050 ESTABLISHED     59\n"
    "TCP 2001:0db8:0000:0000:0000:0000:0000:0064 A000 2001:0db8:0000:0000:0000:0000:0000:0050 01BB "
    "2001:0db8:0001:0000:0000:0000:0000:0015 01BB FIN_WAIT 119\n"
    "TCP C0000264 D812 C0000250 0050 0A000117 0050 BOGUS 59\n"
    "TCP C0000264 D8 C0000250\n"
    "TCP ZZZZZZZZ D812 C0000250 0050 0A000117 0050 ESTABLISHED 59\n";

TEST(ConnSync, ParsesLiveConnectionsAndCountsTheRest) {
    const auto t = parse_conn_table(kTable);
    ASSERT_EQ(4u, t.conns.size());
    EXPECT_EQ(3u, t.finished);   // TIME_WAIT, template, SCTP
    EXPECT_EQ(3u, t.malformed);  // unknown state, short line, bad hex
    const auto& c = t.conns[0];
    EXPECT_EQ(6, c.protocol);
    EXPECT_EQ("192.0.2.100", c.caddr.to_string());
    EXPECT_EQ(0xd7f6, c.cport);
    EXPECT_EQ("192.0.2.80", c.vaddr.to_string());
    EXPECT_EQ(80, c.vport);
    EXPECT_EQ("10.0.1.23", c.daddr.to_string());
    EXPECT_EQ(1, c.state);
    EXPECT_EQ(17, t.conns[1].protocol);
    EXPECT_EQ(0, t.conns[1].state);
    EXPECT_EQ(3, t.conns[2].state);
    EXPECT_EQ("2001:db8::64", t.conns[3].caddr.to_string());
    EXPECT_EQ(443, t.conns[3].dport);
    EXPECT_EQ(4, t.conns[3].state);
}

TEST(ConnSync, EncodesVersionOneMessages) {
    const auto t = parse_conn_table(kTable);
    const auto m = encode_sync_messages(t.conns, 7);
    ASSERT_EQ(1u, m.size());
    const auto& b = m[0];
    ASSERT_EQ(8u + 3 * 36 + 72, b.size());
    EXPECT_EQ(0, b[0]);                    // reserved
    EXPECT_EQ(7, b[1]);                    // syncid
    EXPECT_EQ(b.size(), (b[2] << 8) | b[3]);  // size
    EXPECT_EQ(4, b[4]);                    // connections
    EXPECT_EQ(1, b[5]);                    // version
    // First connection: type 0, TCP, size 36, flags 0, state 1, ports, fwmark, timeout, addresses.
    const std::vector<std::uint8_t> first = {0, 6, 0, 36, 0, 0, 0, 0, 0, 1, 0xd7, 0xf6, 0, 80, 0, 80,
                                             0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 100, 192, 0, 2, 80, 10, 0, 1, 23};
    EXPECT_EQ(first, std::vector<std::uint8_t>(b.begin() + 8, b.begin() + 44));
    const std::size_t v6 = 8 + 3 * 36;
    EXPECT_EQ(1, b[v6]);  // STYPE_F_INET6
    EXPECT_EQ(72, b[v6 + 3]);
}

TEST(ConnSync, SplitsAtTheMessageSize) {
    std::vector<SyncConn> many(100, parse_conn_table(kTable).conns[0]);
    const auto m = encode_sync_messages(many, 0);
    ASSERT_EQ(3u, m.size());  // 40 + 40 + 20 at 1472 bytes
    std::size_t n = 0;
    for (const auto& b : m) {
        EXPECT_LE(b.size(), kSyncMaxMessage);
        n += b[4];
    }
    EXPECT_EQ(100u, n);
    EXPECT_TRUE(encode_sync_messages({}, 0).empty());
}

TEST(ConnSync, AtMost255ConnectionsPerMessage) {
    std::vector<SyncConn> many(300, parse_conn_table(kTable).conns[0]);
    const auto m = encode_sync_messages(many, 0, 65000);
    ASSERT_EQ(2u, m.size());
    EXPECT_EQ(255, m[0][4]);
    EXPECT_EQ(45, m[1][4]);
}

}  // namespace
}  // namespace lvs::ipvs
