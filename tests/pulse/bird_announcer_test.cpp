// SPDX-License-Identifier: GPL-2.0-or-later
// The announce policy's actions reach BIRD as one fragment per change,
// one birdc at a time, retried after a failure, through the recording fake.
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
    ann.apply({act(Kind::Announce, kA), act(Kind::Announce, kB)});
    ASSERT_EQ(bird.applied.size(), 1u);
    EXPECT_EQ(bird.applied[0], bird_fragment(params(), {kA, kB}));
    ann.apply({act(Kind::Withdraw, kA)});
    ASSERT_EQ(bird.applied.size(), 2u);
    EXPECT_EQ(bird.applied[1], bird_fragment(params(), {kB}));
    EXPECT_EQ(ann.announced(), (std::vector<IpAddress>{kB}));
    EXPECT_EQ(ann.confirmed(), (std::vector<IpAddress>{kB}));
    EXPECT_FALSE(ann.pending());
    EXPECT_EQ(ann.applies(), 2u);
}

TEST(BirdAnnouncer, NoChangeNoCallAndStopAfterIsIgnored) {
    FakeBirdControl bird;
    BirdAnnouncer ann(bird, params());
    ann.apply({});  // the first call writes the empty set
    EXPECT_EQ(bird.applied.size(), 1u);
    ann.apply({act(Kind::Withdraw, kA), act(Kind::StopAfter, IpAddress{})});
    EXPECT_EQ(bird.applied.size(), 1u);
}

TEST(BirdAnnouncer, FailedApplyIsRetriedWithTheSameSet) {
    FakeBirdControl bird;
    std::vector<bool> settled;
    BirdAnnouncer ann(bird, params(), [&](const Result<void>& r) { settled.push_back(r.ok()); });
    bird.apply_error = make_error(ErrorCode::Io, "birdc");
    ann.apply({act(Kind::Announce, kA)});
    EXPECT_TRUE(ann.failed());
    EXPECT_TRUE(ann.pending());
    EXPECT_EQ(ann.last_error(), "birdc");
    EXPECT_TRUE(ann.confirmed().empty());
    ann.apply({});  // no change: waits for the retry
    EXPECT_EQ(bird.applied.size(), 1u);
    bird.apply_error.reset();
    ann.retry();
    EXPECT_FALSE(ann.pending());
    EXPECT_FALSE(ann.failed());
    EXPECT_TRUE(ann.last_error().empty());
    ASSERT_EQ(bird.applied.size(), 2u);
    EXPECT_EQ(bird.applied[1], bird_fragment(params(), {kA}));
    EXPECT_EQ(settled, (std::vector<bool>{false, true}));
    EXPECT_EQ(ann.failures(), 1u);
    ann.retry();  // nothing failed: nothing sent
    EXPECT_EQ(bird.applied.size(), 2u);
}

TEST(BirdAnnouncer, AWithdrawAfterAFailureGoesOutAtOnce) {
    FakeBirdControl bird;
    BirdAnnouncer ann(bird, params());
    ann.apply({act(Kind::Announce, kA)});
    bird.apply_error = make_error(ErrorCode::Timeout, "birdc did not answer");
    ann.apply({act(Kind::Announce, kB)});
    EXPECT_TRUE(ann.failed());
    bird.apply_error.reset();
    ann.apply({act(Kind::Withdraw, kA)});
    EXPECT_FALSE(ann.failed());
    EXPECT_EQ(bird.applied.back(), bird_fragment(params(), {kB}));
}

TEST(BirdAnnouncer, AChangeWhileBirdcRunsGoesOutWhenItEnds) {
    FakeBirdControl bird;
    bird.hold_apply = true;
    BirdAnnouncer ann(bird, params());
    ann.apply({act(Kind::Announce, kA)});
    ann.apply({act(Kind::Withdraw, kA)});
    ann.apply({act(Kind::Announce, kB)});
    EXPECT_EQ(bird.applied.size(), 1u);  // one birdc at a time
    EXPECT_TRUE(ann.busy());
    bird.hold_apply = false;
    ASSERT_TRUE(bird.finish_apply());  // the first ends; the changes go out in one
    ASSERT_EQ(bird.applied.size(), 2u);
    EXPECT_EQ(bird.applied[1], bird_fragment(params(), {kB}));
    EXPECT_EQ(ann.confirmed(), (std::vector<IpAddress>{kB}));
    EXPECT_FALSE(ann.pending());
}

TEST(BirdAnnouncer, NewParamsAreWrittenAtOnce) {
    FakeBirdControl bird;
    BirdAnnouncer ann(bird, params());
    ann.apply({act(Kind::Announce, kA)});
    BirdParams next = params();
    next.bfd = true;
    ann.set_params(next);
    EXPECT_FALSE(ann.pending());
    EXPECT_EQ(bird.applied.back(), bird_fragment(next, {kA}));
}

}  // namespace
}  // namespace lvs::pulse
