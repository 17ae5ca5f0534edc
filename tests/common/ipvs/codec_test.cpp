// SPDX-License-Identifier: GPL-2.0-or-later
// IPVS codec: request bytes against goldens (tests/golden/ipvs/*.hex, family
// 0x1f, seq 42; GOLDEN_UPDATE=1 rewrites them), decode round trips, and a
// table of malformed replies.
#include "common/ipvs/ipvs_codec.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace lvs::ipvs {
namespace {

using codec::Bytes;
constexpr std::uint16_t kFamily = 0x1f;
constexpr std::uint32_t kSeq = 42;

ServiceKey tcp_key() { return ServiceKey{IpAddress::Family::V4, kProtoTcp, *IpAddress::parse("192.0.2.80"), 80, 0}; }
ServiceKey fwm6_key() { return ServiceKey{IpAddress::Family::V6, 0, IpAddress{}, 0, 7}; }

Service web() {
    return Service{.key = tcp_key(), .scheduler = "wlc", .flags = kFlagPersistent, .timeout_s = 300,
                   .netmask = 0xffffff00u};
}
Destination dest(Fwd f, int w) {
    return Destination{.key = {*IpAddress::parse("10.0.1.21"), 8080}, .fwd = f, .weight = w,
                       .u_threshold = 100, .l_threshold = 50};
}

std::string hex(const Bytes& b) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (std::size_t i = 0; i < b.size(); ++i) {
        s += d[b[i] >> 4];
        s += d[b[i] & 15];
        s += (i % 16 == 15) ? '\n' : ' ';
    }
    if (!s.empty() && s.back() == ' ') s.back() = '\n';
    return s;
}

struct GoldenCase {
    const char* file;
    Bytes bytes;
};

TEST(IpvsCodec, RequestsMatchGoldenBytes) {
    const GoldenCase cases[] = {
        {"01-add-service-tcp.hex", codec::encode_op(kFamily, kSeq, Op::add_service(web()))},
        {"02-add-service-fwmark6-sh.hex",
         codec::encode_op(kFamily, kSeq, Op::add_service(Service{.key = fwm6_key(), .scheduler = "sh",
                                                                 .flags = kFlagSched1 | kFlagSched2,
                                                                 .timeout_s = 0, .netmask = 128}))},
        {"03-delete-service.hex", codec::encode_op(kFamily, kSeq, Op::delete_service(tcp_key()))},
        {"04-add-dest.hex", codec::encode_op(kFamily, kSeq, Op::add_dest(tcp_key(), dest(Fwd::Nat, 5)))},
        {"05-update-dest.hex", codec::encode_op(kFamily, kSeq, Op::update_dest(tcp_key(), dest(Fwd::Direct, 0)))},
        {"06-delete-dest.hex", codec::encode_op(kFamily, kSeq, Op::delete_dest(tcp_key(), dest(Fwd::Nat, 1).key))},
        {"07-set-timeouts.hex", codec::encode_set_timeouts(kFamily, kSeq, Timeouts{900, 120, 300})},
        {"08-new-daemon.hex", codec::encode_new_daemon(kFamily, kSeq, SyncDaemon{SyncDaemon::State::Master, "eth2", 7})},
        {"09-del-daemon.hex", codec::encode_del_daemon(kFamily, kSeq, SyncDaemon::State::Backup)},
        {"10-dump-services.hex", codec::encode_dump_services(kFamily, kSeq)},
        {"11-dump-dests.hex", codec::encode_dump_dests(kFamily, kSeq, tcp_key())},
    };
    const bool update = std::getenv("GOLDEN_UPDATE") != nullptr;
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        const std::string path = std::string("tests/golden/ipvs/") + c.file;
        if (update) std::ofstream(path) << hex(c.bytes);
        std::ifstream in(path);
        std::stringstream ss;
        ss << in.rdbuf();
        EXPECT_EQ(hex(c.bytes), ss.str());
    }
}

TEST(IpvsCodec, ServiceAndDestRoundTrip) {
    for (const Service& s : {web(), Service{.key = fwm6_key(), .scheduler = "mh", .flags = kFlagSched2,
                                            .timeout_s = 0, .netmask = 128}}) {
        SCOPED_TRACE(to_string(s));
        Bytes b = codec::encode_op(kFamily, kSeq, Op::add_service(s));
        auto msgs = codec::split(b);
        ASSERT_TRUE(msgs.ok());
        ASSERT_EQ(msgs->size(), 1u);
        EXPECT_EQ((*msgs)[0].seq, kSeq);
        auto back = codec::decode_service((*msgs)[0].payload);
        ASSERT_TRUE(back.ok()) << back.error().message();
        EXPECT_EQ(*back, s);
    }
    for (Fwd f : {Fwd::Nat, Fwd::Direct, Fwd::Tunnel}) {
        Bytes b = codec::encode_op(kFamily, kSeq, Op::add_dest(tcp_key(), dest(f, 9)));
        auto msgs = codec::split(b);
        ASSERT_TRUE(msgs.ok());
        auto back = codec::decode_dest((*msgs)[0].payload, nullptr);
        ASSERT_TRUE(back.ok()) << back.error().message();
        EXPECT_EQ(*back, dest(f, 9));
    }
}

TEST(IpvsCodec, TimeoutsAndDaemonRoundTrip) {
    const Bytes tbytes = codec::encode_set_timeouts(kFamily, kSeq, Timeouts{1, 2, 3});
    auto t = codec::split(tbytes);
    ASSERT_TRUE(t.ok());
    auto tb = codec::decode_timeouts((*t)[0].payload);
    ASSERT_TRUE(tb.ok());
    EXPECT_EQ(*tb, (Timeouts{1, 2, 3}));
    const SyncDaemon d{SyncDaemon::State::Backup, "eth9", 200};
    const Bytes dbytes = codec::encode_new_daemon(kFamily, kSeq, d);
    auto m = codec::split(dbytes);
    ASSERT_TRUE(m.ok());
    auto db = codec::decode_daemon((*m)[0].payload);
    ASSERT_TRUE(db.ok());
    EXPECT_EQ(*db, d);
}

TEST(IpvsCodec, ParsesAcksAndErrors) {
    // NLMSG_ERROR (type 2), seq 7, error -17 (EEXIST), then a copy of a header.
    Bytes b(36, 0);
    b[0] = 36; b[4] = 2; b[8] = 7;
    const int err = -17;
    std::memcpy(b.data() + 16, &err, 4);
    auto r = codec::split(b);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->size(), 1u);
    EXPECT_TRUE((*r)[0].is_error);
    EXPECT_EQ((*r)[0].error, 17);
    EXPECT_EQ((*r)[0].seq, 7u);
}

TEST(IpvsCodec, MalformedRepliesAreErrors) {
    Bytes good = codec::encode_op(kFamily, kSeq, Op::add_service(web()));
    struct Case {
        const char* name;
        Bytes bytes;
        bool split_ok;
    };
    Bytes short_len = good;
    short_len[0] = 8;  // nlmsg_len below the header size
    Bytes too_long = good;
    too_long[0] = 0xff; too_long[1] = 0xff;
    Bytes bad_attr = good;
    bad_attr[20] = 0xff; bad_attr[21] = 0x7f;  // first attribute's length beyond the message
    Bytes no_nest = good;
    no_nest.resize(20);
    no_nest[0] = 20; no_nest[1] = 0;
    Bytes short_err(18, 0);
    short_err[0] = 18; short_err[4] = 2;
    const Case cases[] = {
        {"truncated header", Bytes(good.begin(), good.begin() + 10), false},
        {"length below header", short_len, false},
        {"length beyond buffer", too_long, false},
        {"truncated error", short_err, false},
        {"bad attribute length", bad_attr, true},
        {"no nested service", no_nest, true},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto msgs = codec::split(c.bytes);
        ASSERT_EQ(msgs.ok(), c.split_ok);
        if (!msgs.ok()) {
            EXPECT_EQ(msgs.error().code, ErrorCode::Protocol);
            continue;
        }
        auto s = codec::decode_service((*msgs)[0].payload);
        EXPECT_FALSE(s.ok());
        auto d = codec::decode_dest((*msgs)[0].payload, nullptr);
        EXPECT_FALSE(d.ok());
    }
}

}  // namespace
}  // namespace lvs::ipvs
