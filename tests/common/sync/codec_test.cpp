// SPDX-License-Identifier: GPL-2.0-or-later
// Config-sync frames: round trip, partial input, the size cap, bad types,
// an Installed answer with and without its change lines.
#include "common/sync/codec.h"

#include <gtest/gtest.h>

namespace lvs::sync {
namespace {

TEST(SyncCodec, RoundTripAndPartialInput) {
    const std::string bytes = encode(push("serial_no = 1\n"));
    EXPECT_EQ(bytes.size(), kHeader + 14);
    EXPECT_EQ(bytes.substr(0, 5), std::string("\0\0\0\x0e\x01", 5));
    Frame f;
    std::size_t used = 99;
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        EXPECT_EQ(decode(std::string_view(bytes).substr(0, n), f, used), Decode::Incomplete) << n;
        EXPECT_EQ(used, 0u);
    }
    ASSERT_EQ(decode(bytes + "extra", f, used), Decode::Complete);
    EXPECT_EQ(used, bytes.size());
    EXPECT_EQ(f.type, FrameType::Push);
    EXPECT_EQ(f.payload, "serial_no = 1\n");
    EXPECT_EQ(encode(push("")).size(), kHeader);
}

TEST(SyncCodec, AnswersCarryTheDigestOrTheReason) {
    hb::Digest d{};
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = static_cast<std::uint8_t>(i * 7);
    Frame f;
    std::size_t used = 0;
    ASSERT_EQ(decode(encode(installed(d)), f, used), Decode::Complete);
    EXPECT_EQ(f.type, FrameType::Installed);
    EXPECT_EQ(digest_of(f), d);
    EXPECT_TRUE(changes_of(f).empty());  // the digest alone
    ASSERT_EQ(decode(encode(installed(d, {"global key 'serial_no': '1' -> '2'", "virtual 'web' removed"})), f, used),
              Decode::Complete);
    EXPECT_EQ(digest_of(f), d);
    EXPECT_EQ(changes_of(f), (std::vector<std::string>{"global key 'serial_no': '1' -> '2'", "virtual 'web' removed"}));
    ASSERT_EQ(decode(encode(refused("lvs.cf:3:1: error: x")), f, used), Decode::Complete);
    EXPECT_EQ(f.type, FrameType::Refused);
    EXPECT_EQ(f.payload, "lvs.cf:3:1: error: x");
}

TEST(SyncCodec, RefusesOversizedUnknownAndMalformedFrames) {
    Frame f;
    std::size_t used = 0;
    // the length alone decides: no 16 MiB need arrive to refuse 16 MiB + 1
    EXPECT_EQ(decode(std::string("\x01\x00\x00\x01\x01", 5), f, used), Decode::TooLarge);
    EXPECT_EQ(decode(std::string("\x01\x00\x00\x00\x01", 5), f, used), Decode::Incomplete);  // exactly 16 MiB: allowed
    EXPECT_EQ(decode(std::string("\xff\xff\xff\xff\x01", 5), f, used), Decode::TooLarge);
    EXPECT_EQ(decode(std::string("\0\0\0\0\x00", 5), f, used), Decode::BadType);
    EXPECT_EQ(decode(std::string("\0\0\0\0\x04", 5), f, used), Decode::BadType);
    EXPECT_EQ(decode(std::string("\0\0\0\x01\x02x", 6), f, used), Decode::BadPayload);  // a digest is 32 bytes
    EXPECT_EQ(used, 0u);
}

}  // namespace
}  // namespace lvs::sync
