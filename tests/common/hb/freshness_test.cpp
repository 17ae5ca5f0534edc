// SPDX-License-Identifier: GPL-2.0-or-later
// PeerFreshness: two simulated routers exchange heartbeats; restarts of
// either side, replays from before and after them, and no clock anywhere.
#include "common/hb/freshness.h"

#include <gtest/gtest.h>

#include <vector>

namespace lvs::hb {
namespace {

using V = PeerFreshness::Verdict;
constexpr std::uint64_t kWindow = 10;  // keepalive 100 ms, deadtime 500 ms

// One pulse: a boot nonce, its sequence (counting from `first`) and its judge.
struct Router {
    Role role;
    std::uint64_t boot;
    std::uint64_t seq;
    PeerFreshness fresh{boot, kWindow};

    Router(Role r, std::uint64_t b, std::uint64_t first = 1) : role(r), boot(b), seq(first - 1) {}
    Heartbeat send() {
        const Boot e = fresh.echo();
        Heartbeat h;
        h.state = State::Running;
        h.role = role;
        h.boot = boot;
        h.seq = ++seq;
        h.echo_boot = e.nonce;
        h.echo_seq = e.seq;
        return h;
    }
    PeerFreshness::Judgement hear(const Heartbeat& h) { return fresh.judge(h, seq); }
    V verdict(const Heartbeat& h) { return hear(h).verdict; }
};

// Both routers have accepted each other.
void bootstrap(Router& a, Router& b) {
    b.hear(a.send());
    a.hear(b.send());
    b.hear(a.send());
    ASSERT_EQ(a.fresh.partner_boot(), b.boot);
    ASSERT_EQ(b.fresh.partner_boot(), a.boot);
}

// A keepalive round: each sends, the other accepts.
void round(Router& a, Router& b, int n = 1) {
    for (int i = 0; i < n; ++i) {
        ASSERT_EQ(b.verdict(a.send()), V::Fresh);
        ASSERT_EQ(a.verdict(b.send()), V::Fresh);
    }
}

// `next`, a restarted partner of `b`, hears b and is accepted; then accepts b.
void restarted(Router& next, Router& b) {
    b.hear(next.send());
    next.hear(b.send());
    ASSERT_EQ(b.verdict(next.send()), V::NewBoot);
    ASSERT_EQ(next.verdict(b.send()), V::FirstBoot);
}

bool rejected(V v) { return v == V::StaleEcho || v == V::Replayed; }

TEST(PeerFreshness, EchoWindowIsTheKeepalivesInTwoDeadtimes) {
    using std::chrono::milliseconds;
    EXPECT_EQ(PeerFreshness::echo_window(milliseconds(100), milliseconds(500)), 10u);
    EXPECT_EQ(PeerFreshness::echo_window(milliseconds(2000), milliseconds(5000)), 5u);
    EXPECT_EQ(PeerFreshness::echo_window(milliseconds(300), milliseconds(500)), 4u);  // 3.3 rounded up
    EXPECT_EQ(PeerFreshness::echo_window(milliseconds(1000), milliseconds(1000)), PeerFreshness::kMinWindow);
    EXPECT_EQ(PeerFreshness::echo_window(milliseconds(0), milliseconds(500)), PeerFreshness::kMinWindow);
}

TEST(PeerFreshness, TwoRoutersStartingTogetherAcceptEachOtherAtTheirSecondHeartbeat) {
    Router a(Role::Primary, 0xa1), b(Role::Backup, 0xb1);
    const auto a1 = a.send(), b1 = b.send();  // both cross in flight, echoing nothing
    auto j = b.hear(a1);
    EXPECT_EQ(j.verdict, V::StaleEcho);
    EXPECT_TRUE(j.answer);  // a does not know b's boot yet
    EXPECT_EQ(a.verdict(b1), V::StaleEcho);
    EXPECT_EQ(a.fresh.echo(), (Boot{0xb1, 1}));  // learned from an unaccepted heartbeat
    EXPECT_EQ(b.verdict(a.send()), V::FirstBoot);
    EXPECT_EQ(a.verdict(b.send()), V::FirstBoot);
    round(a, b, 3);
    j = b.hear(a.send());
    EXPECT_FALSE(j.answer);  // steady: nothing to hurry
}

TEST(PeerFreshness, ARestartedSenderIsAcceptedAtItsFirstHeartbeatThatEchoes) {
    Router a(Role::Primary, 0xa1), b(Role::Backup, 0xb1);
    bootstrap(a, b);
    round(a, b, 5);
    Router a2(Role::Primary, 0xa2);  // new boot, sequence from 1 again
    auto j = b.hear(a2.send());
    EXPECT_EQ(j.verdict, V::StaleEcho);  // it has not heard b yet
    EXPECT_TRUE(j.answer);
    EXPECT_EQ(b.fresh.echo().nonce, 0xa1u);  // b keeps echoing the boot it accepted
    j = a2.hear(b.send());
    EXPECT_EQ(j.verdict, V::StaleEcho);  // echoes the old a
    EXPECT_TRUE(j.answer);               // a2 echoes b now: worth an early heartbeat
    EXPECT_EQ(b.verdict(a2.send()), V::NewBoot);
    EXPECT_EQ(b.fresh.partner_boot(), 0xa2u);
    EXPECT_EQ(a2.verdict(b.send()), V::FirstBoot);
    round(a2, b, 3);
}

TEST(PeerFreshness, ARestartedReceiverAcceptsThePartnerOnceItEchoesTheNewBoot) {
    Router a(Role::Primary, 0xa1), b(Role::Backup, 0xb1);
    bootstrap(a, b);
    round(a, b, 5);
    Router b2(Role::Backup, 0xb2);
    EXPECT_EQ(a.verdict(b2.send()), V::StaleEcho);  // b2 echoes nothing yet
    EXPECT_EQ(b2.verdict(a.send()), V::StaleEcho);  // a echoes b1
    EXPECT_EQ(a.verdict(b2.send()), V::NewBoot);    // b2 echoes a's latest
    EXPECT_EQ(b2.verdict(a.send()), V::FirstBoot);  // a echoes b2
    round(a, b2, 3);
}

TEST(PeerFreshness, ReplaysFromBeforeTheSenderRestartedAreRejectedAfterTheSwitch) {
    Router a(Role::Primary, 0xa1), b(Role::Backup, 0xb1);
    bootstrap(a, b);
    std::vector<Heartbeat> recorded;
    for (int i = 0; i < 5; ++i) {
        recorded.push_back(a.send());
        ASSERT_EQ(b.verdict(recorded.back()), V::Fresh);
        b.send();
    }
    const Heartbeat withheld = a.send();  // never delivered before a died
    Router a2(Role::Primary, 0xa2);
    restarted(a2, b);
    // At once: their echoes are recent, but no newer than a2's.
    for (const auto& h : recorded) EXPECT_EQ(b.verdict(h), V::Replayed);
    EXPECT_EQ(b.verdict(withheld), V::Replayed);
    EXPECT_EQ(b.fresh.partner_boot(), 0xa2u);
    round(a2, b, kWindow);
    // Later: their echoes are out of the window.
    for (const auto& h : recorded) EXPECT_EQ(b.verdict(h), V::StaleEcho);
    EXPECT_EQ(b.fresh.partner_boot(), 0xa2u);
    round(a2, b);
}

TEST(PeerFreshness, ReplaysFromBeforeTheReceiverRestartedAreRejected) {
    Router a(Role::Primary, 0xa1), b(Role::Backup, 0xb1);
    bootstrap(a, b);
    std::vector<Heartbeat> recorded;
    for (int i = 0; i < 5; ++i) recorded.push_back(a.send()), b.hear(recorded.back()), a.hear(b.send());
    recorded.push_back(a.send());  // and one b never heard
    Router b2(Role::Backup, 0xb2);
    for (const auto& h : recorded) EXPECT_EQ(b2.verdict(h), V::StaleEcho);  // before b2 knows a
    EXPECT_EQ(b2.fresh.partner_boot(), 0u);
    a.hear(b2.send());
    a.hear(b2.send());
    ASSERT_EQ(b2.verdict(a.send()), V::FirstBoot);
    for (const auto& h : recorded) EXPECT_EQ(b2.verdict(h), V::StaleEcho);  // and after
    round(a, b2);
}

TEST(PeerFreshness, AnEarlierBootReplayedBeforeTheNewBootIsHeardCannotHijack) {
    Router a0(Role::Primary, 0xa0), b(Role::Backup, 0xb1);
    bootstrap(a0, b);
    round(a0, b, 2);
    const Heartbeat from_a0 = a0.send();  // withheld by an attacker
    b.send();
    Router a1(Role::Primary, 0xa1);  // a0 restarted; b accepts a1
    restarted(a1, b);
    round(a1, b, 2);
    const Heartbeat from_a1 = a1.send();  // withheld too
    Router a2(Role::Primary, 0xa2);       // a1 restarts; b has not heard a2 yet
    EXPECT_EQ(b.verdict(from_a0), V::Replayed);  // an earlier boot than the one tracked
    EXPECT_EQ(b.fresh.partner_boot(), 0xa1u);
    EXPECT_EQ(b.verdict(from_a1), V::Fresh);  // a1's own, late: new in its window, echo recent
    EXPECT_EQ(b.verdict(from_a1), V::Duplicate);
    EXPECT_EQ(b.verdict(from_a0), V::Replayed);
    b.hear(a2.send());
    a2.hear(b.send());
    EXPECT_EQ(b.verdict(a2.send()), V::NewBoot);  // the new boot is accepted all the same
    EXPECT_EQ(b.fresh.partner_boot(), 0xa2u);
    EXPECT_TRUE(rejected(b.verdict(from_a1)));
    EXPECT_EQ(a2.verdict(b.send()), V::FirstBoot);
    round(a2, b);
}

TEST(PeerFreshness, AnOldBootHeardFirstAfterAReceiverRestartIsReplacedByTheNewBoot) {
    Router a1(Role::Primary, 0xa1), b(Role::Backup, 0xb1);
    b.send();
    a1.hear(b.send());
    const Heartbeat late = a1.send();  // echoes b, withheld; then a1 restarts
    Router a2(Role::Primary, 0xa2);
    b.send();
    EXPECT_EQ(b.verdict(late), V::FirstBoot);  // genuine, and within the window: accepted
    EXPECT_EQ(b.fresh.partner_boot(), 0xa1u);
    EXPECT_EQ(b.verdict(a2.send()), V::StaleEcho);
    a2.hear(b.send());
    EXPECT_EQ(b.verdict(a2.send()), V::NewBoot);
    EXPECT_EQ(b.verdict(late), V::Replayed);
}

TEST(PeerFreshness, AHeartbeatOlderThanTheWindowIsStaleEvenIfNeverDelivered) {
    Router a(Role::Primary, 0xa1), b(Role::Backup, 0xb1);
    bootstrap(a, b);
    const Heartbeat held = a.send();
    for (std::uint64_t i = 0; i <= kWindow; ++i) b.send();
    EXPECT_EQ(b.verdict(held), V::StaleEcho);
    auto future = a.send();
    future.echo_seq = b.seq + 1;  // a sequence b never sent
    EXPECT_EQ(b.verdict(future), V::StaleEcho);
    future.echo_seq = 0;
    EXPECT_EQ(b.verdict(future), V::StaleEcho);
}

TEST(PeerFreshness, SequencesBehindTheReplayWindowAreReplays) {
    Router a(Role::Primary, 0xa1), b(Role::Backup, 0xb1);
    bootstrap(a, b);
    Heartbeat old = a.send();
    for (int i = 0; i < 70; ++i) a.send();
    old.echo_seq = b.seq;  // as if it echoed b's latest
    EXPECT_EQ(b.verdict(a.send()), V::Fresh);
    EXPECT_EQ(b.verdict(old), V::Replayed);
}

TEST(PeerFreshness, WallClockSequencesMeanNothing) {
    // A boot seeded from a wall clock an hour ahead, then one from a clock
    // stepped back to 1970, then one a day ahead: each accepted at once.
    Router a(Role::Primary, 0xa1, 1'700'003'600ull * 1000000), b(Role::Backup, 0xb1);
    bootstrap(a, b);
    round(a, b, 2);
    for (std::uint64_t first : {1ull, 1'700'086'400ull * 1000000}) {
        Router next(Role::Primary, a.boot + 1, first);
        b.hear(next.send());
        next.hear(b.send());
        EXPECT_EQ(b.verdict(next.send()), V::NewBoot) << first;
        EXPECT_EQ(next.verdict(b.send()), V::FirstBoot) << first;
        round(next, b, 2);
        a = next;
    }
}

TEST(PeerFreshness, BothSidesRecoverAfterAOneWayOutageLongerThanTheWindow) {
    Router a(Role::Primary, 0xa1), b(Role::Backup, 0xb1);
    bootstrap(a, b);
    for (std::uint64_t i = 0; i < 2 * kWindow; ++i) {
        b.send();              // lost on the way to a
        b.hear(a.send());      // arrives, stale once a's echo is too old
    }
    EXPECT_EQ(b.verdict(a.send()), V::StaleEcho);
    EXPECT_EQ(a.verdict(b.send()), V::Fresh);  // b kept counting what it heard from a
    EXPECT_EQ(b.verdict(a.send()), V::Fresh);
    round(a, b);
}

}  // namespace
}  // namespace lvs::hb
