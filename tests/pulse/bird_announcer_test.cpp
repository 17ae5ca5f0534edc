// SPDX-License-Identifier: GPL-2.0-or-later
// The announce policy's actions reach BIRD as one fragment per change,
// through the recording fake.
#include "pulse/bird_announcer.h"

#include <gtest/gtest.h>

#include "tests/fakes/fake_bird_control.h"

namespace lvs::pulse {
namespace {

using Kind = AnnounceAction::Kind;
const IpAddress kA = *IpAddress::parse("198.51.100.10");
const IpAddress kB = *IpAddress::parse("198.51.100.11");

AnnounceAction act(Kind k, const IpAddress& v) { return {k, v, AnnounceReason::Announced, {}}; }

BirdParams params() {
    BirdParams p;
    p.local_as = 64512;
    p.peers = {{*IpAddress::parse("192.0.2.1"), 64500}};
    return p;
}

TEST(BirdAnnouncer, OneFragmentPerBatch) {
    FakeBirdControl bird;
    BirdAnnouncer ann(bird, params());
    ASSERT_TRUE(ann.apply({act(Kind::Announce, kA), act(Kind::Announce, kB)}).ok());
    ASSERT_EQ(bird.applied.size(), 1u);
    EXPECT_EQ(bird.applied[0], bird_fragment(params(), {kA, kB}));
    ASSERT_TRUE(ann.apply({act(Kind::Withdraw, kA)}).ok());
    ASSERT_EQ(bird.applied.size(), 2u);
    EXPECT_EQ(bird.applied[1], bird_fragment(params(), {kB}));
    EXPECT_EQ(ann.announced(), (std::vector<IpAddress>{kB}));
}

TEST(BirdAnnouncer, NoChangeNoCallAndStopAfterIsIgnored) {
    FakeBirdControl bird;
    BirdAnnouncer ann(bird, params());
    ASSERT_TRUE(ann.apply({}).ok());  // the first call writes the empty set
    EXPECT_EQ(bird.applied.size(), 1u);
    ASSERT_TRUE(ann.apply({act(Kind::Withdraw, kA), act(Kind::StopAfter, IpAddress{})}).ok());
    EXPECT_EQ(bird.applied.size(), 1u);
}

TEST(BirdAnnouncer, FailedApplyIsRetried) {
    FakeBirdControl bird;
    BirdAnnouncer ann(bird, params());
    bird.apply_error = make_error(ErrorCode::Io, "birdc");
    EXPECT_FALSE(ann.apply({act(Kind::Announce, kA)}).ok());
    EXPECT_TRUE(ann.pending());
    bird.apply_error.reset();
    ASSERT_TRUE(ann.apply({}).ok());
    EXPECT_FALSE(ann.pending());
    ASSERT_EQ(bird.applied.size(), 2u);
    EXPECT_EQ(bird.applied[1], bird_fragment(params(), {kA}));
}

TEST(BirdAnnouncer, NewParamsAreWrittenOnRetry) {
    FakeBirdControl bird;
    BirdAnnouncer ann(bird, params());
    ASSERT_TRUE(ann.apply({act(Kind::Announce, kA)}).ok());
    BirdParams next = params();
    next.bfd = true;
    ann.set_params(next);
    EXPECT_TRUE(ann.pending());
    ASSERT_TRUE(ann.retry().ok());
    EXPECT_EQ(bird.applied.back(), bird_fragment(next, {kA}));
}

}  // namespace
}  // namespace lvs::pulse
