// SPDX-License-Identifier: GPL-2.0-or-later
// IPVS codec: request bytes against goldens (tests/golden/ipvs/*.hex, family
// 0x1f, seq 42; the table is tests/support/ipvs_golden_cases.h), decode round
// trips, and a table of malformed replies. The test only reads the goldens:
// after a deliberate change to the bytes, rewrite them with
// `make golden-update` and review the diff. A GOLDEN_UPDATE variable left in
// the environment (the old way to rewrite them) fails the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/ipvs/ipvs_codec.h"
#include "tests/support/ipvs_golden_cases.h"

namespace lvs::ipvs {
namespace {

using codec::Bytes;
using golden::dest;
using golden::fwm6_key;
using golden::kFamily;
using golden::kSeq;
using golden::tcp_key;
using golden::web;

const char* const kGoldenDir = "tests/golden/ipvs";

TEST(IpvsCodec, RequestsMatchGoldenBytes) {
    ASSERT_EQ(std::getenv("GOLDEN_UPDATE"), nullptr)
        << "GOLDEN_UPDATE is set, but tests never write goldens: unset it and run "
           "`make golden-update` to rewrite tests/golden, then review the diff";
    for (const auto& c : golden::cases()) {
        SCOPED_TRACE(c.file);
        std::ifstream in(std::string(kGoldenDir) + "/" + c.file, std::ios::binary);
        ASSERT_TRUE(in.is_open()) << "missing golden; `make golden-update` writes it";
        std::stringstream ss;
        ss << in.rdbuf();
        EXPECT_EQ(golden::hex(c.bytes), ss.str());
    }
}

TEST(IpvsCodec, EveryGoldenFileHasACase) {
    std::vector<std::string> files, named;
    for (const auto& e : std::filesystem::directory_iterator(kGoldenDir)) files.push_back(e.path().filename());
    for (const auto& c : golden::cases()) named.emplace_back(c.file);
    std::sort(files.begin(), files.end());
    std::sort(named.begin(), named.end());
    EXPECT_EQ(files, named);
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
