// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/hb/heartbeat.h"

#include <gtest/gtest.h>

#include <set>

namespace lvs::hb {
namespace {

const std::string kKeyText = "00112233445566778899aabbccddeeff";
std::span<const std::uint8_t> key() {
    static const auto k = *parse_key(kKeyText);
    return k;
}

Heartbeat sample() {
    Heartbeat h;
    h.state = State::Running;
    h.role = Role::Backup;
    h.boot = 0x1112131415161718ull;
    h.seq = 0x0102030405060708ull;
    h.echo_boot = 0x2122232425262728ull;
    h.echo_seq = 0x3132333435363738ull;
    h.config_digest.fill(0xab);
    return h;
}

TEST(Heartbeat, WireLayout) {
    const auto p = encode(sample(), {});
    ASSERT_EQ(p.size(), kPacketSize);
    EXPECT_EQ(p[0], 'L');
    EXPECT_EQ(p[3], 'B');
    EXPECT_EQ(p[4], kVersion);
    EXPECT_EQ(p[5], 1);
    EXPECT_EQ(p[6], 1);
    EXPECT_EQ(p[kOffsetBoot], 0x11);
    EXPECT_EQ(p[kOffsetSeq], 0x01);
    EXPECT_EQ(p[kOffsetSeq + 7], 0x08);
    EXPECT_EQ(p[kOffsetEchoBoot], 0x21);
    EXPECT_EQ(p[kOffsetEchoSeq + 7], 0x38);
    EXPECT_EQ(p[kOffsetDigest], 0xab);
    EXPECT_EQ(p[kOffsetDigest + 31], 0xab);
    EXPECT_EQ(p[kOffsetMac], 0);  // no key, no MAC
    EXPECT_EQ(kOffsetMac + 32, kPacketSize);
}

TEST(Heartbeat, RoundTripWithAndWithoutKey) {
    for (bool keyed : {false, true}) {
        auto k = keyed ? key() : std::span<const std::uint8_t>{};
        auto d = decode(encode(sample(), k), k);
        ASSERT_TRUE(d.ok);
        EXPECT_EQ(d.hb.boot, sample().boot);
        EXPECT_EQ(d.hb.seq, sample().seq);
        EXPECT_EQ(d.hb.echo_boot, sample().echo_boot);
        EXPECT_EQ(d.hb.echo_seq, sample().echo_seq);
        EXPECT_EQ(d.hb.state, State::Running);
        EXPECT_EQ(d.hb.role, Role::Backup);
        EXPECT_EQ(d.hb.config_digest, sample().config_digest);
    }
}

TEST(Heartbeat, MalformedAndForgedAreRejected) {
    const auto good = encode(sample(), key());
    struct Case {
        const char* name;
        std::vector<std::uint8_t> bytes;
        Reject want;
    };
    auto flip = [&](std::size_t at) { auto b = good; b[at] ^= 1; return b; };
    auto longer = good;
    longer.push_back(0);
    auto bad_state = good;
    bad_state[5] = 9;
    auto no_boot = sample();
    no_boot.boot = 0;
    // A version-1 heartbeat (80 bytes, sequence at 8, no boot nonce) and a
    // future one, longer: the version is named, not the size.
    auto v1 = std::vector<std::uint8_t>(good.begin(), good.begin() + 80);
    v1[4] = 1;
    auto v3 = good;
    v3[4] = 3;
    v3.resize(200);
    const Case cases[] = {
        {"empty", {}, Reject::Truncated},
        {"truncated", std::vector<std::uint8_t>(good.begin(), good.end() - 1), Reject::Truncated},
        {"piranha 4-byte magic", {0xda, 0xdb, 0xad, 0xbd}, Reject::Truncated},
        {"oversized", longer, Reject::Oversized},
        {"bad magic", flip(0), Reject::BadMagic},
        {"bad version", flip(4), Reject::BadVersion},
        {"version 1", v1, Reject::BadVersion},
        {"version 3, longer", v3, Reject::BadVersion},
        {"bad state", bad_state, Reject::BadField},
        {"no boot nonce", encode(no_boot, key()), Reject::BadField},
        {"forged state", flip(5), Reject::Forged},
        {"forged seq", flip(kOffsetSeq + 7), Reject::Forged},
        {"forged boot", flip(kOffsetBoot + 7), Reject::Forged},
        {"forged echo", flip(kOffsetEchoSeq + 7), Reject::Forged},
        {"forged mac", flip(kOffsetMac), Reject::Forged},
        {"unsigned packet", encode(sample(), {}), Reject::Forged},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto d = decode(c.bytes, key());
        EXPECT_FALSE(d.ok);
        EXPECT_EQ(d.reject, c.want);
    }
}

TEST(ReplayWindow, AcceptsNewRejectsReplaysAndOld) {
    ReplayWindow w;
    EXPECT_TRUE(w.accept(100));
    EXPECT_FALSE(w.accept(100));
    EXPECT_TRUE(w.accept(102));
    EXPECT_TRUE(w.accept(101));  // reordered within the window
    EXPECT_FALSE(w.accept(101));
    EXPECT_TRUE(w.accept(1000));
    EXPECT_FALSE(w.accept(900));  // older than the window
    EXPECT_TRUE(w.accept(990));
    EXPECT_TRUE(w.behind(936));
    EXPECT_FALSE(w.behind(937));
    EXPECT_FALSE(w.behind(2000));
    EXPECT_FALSE(ReplayWindow{}.behind(1));
}

TEST(HeartbeatBoot, RandomNoncesAreNeverZeroAndDiffer) {
    std::set<std::uint64_t> seen;
    for (int i = 0; i < 16; ++i) {
        auto n = random_boot_nonce();
        ASSERT_TRUE(n.ok());
        EXPECT_NE(*n, 0u);
        seen.insert(*n);
    }
    EXPECT_EQ(seen.size(), 16u);
}

TEST(HeartbeatKey, TrimsAndRefusesShortKeys) {
    auto k = parse_key("  " + kKeyText + "\n");
    ASSERT_TRUE(k.ok());
    EXPECT_EQ(k->size(), 32u);
    EXPECT_FALSE(parse_key("short key\n").ok());
    // NUL bytes are key data, not whitespace to trim: 15 bytes of text and
    // a NUL on each side make 17.
    const std::string nuls = std::string(1, '\0') + "0123456789abcde" + std::string(1, '\0');
    auto n = parse_key(nuls);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(n->size(), 17u);
    EXPECT_FALSE(parse_key(" \t\r\n").ok());
}

TEST(Reject, OneRowPerReasonInEnumeratorOrder) {
    ASSERT_EQ(kRejectCount, 9u);
    std::set<std::string> labels, texts;
    for (std::size_t i = 0; i < kRejectCount; ++i) {
        EXPECT_EQ(index_of(kRejectInfo[i].reason), i);
        labels.insert(kRejectInfo[i].label);
        texts.insert(to_string(kRejectInfo[i].reason));
    }
    EXPECT_EQ(labels.size(), kRejectCount);
    EXPECT_EQ(texts.size(), kRejectCount);
    EXPECT_STREQ(kRejectInfo[index_of(Reject::BadMagic)].label, "bad_magic");
    EXPECT_STREQ(to_string(Reject::BadMagic), "bad-magic");
    EXPECT_STREQ(kRejectInfo[index_of(Reject::WrongMode)].label, "wrong_mode");
    EXPECT_STREQ(kRejectInfo[index_of(Reject::StaleEcho)].label, "stale_echo");
    EXPECT_STREQ(to_string(Reject::Replayed), "replayed");
}

}  // namespace
}  // namespace lvs::hb
