// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's parts on their own, against recording fakes: Takeover (addresses
// and announcements), HeartbeatIntake, HandOver.
#include <gtest/gtest.h>

#include "common/config/parser.h"
#include "tests/fakes/fake_pulse_ports.h"

namespace lvs::pulse {
namespace {

config::LvsConfig parse(const std::string& text) {
    auto loaded = config::load_config_text(text, "lvs.cf", config::offline_parse_options());
    EXPECT_TRUE(loaded.ok());
    return loaded.config;
}

const char* kNat =
    "network = nat\nnat_router = 10.0.1.254 eth1:1\narp_count = 3\narp_interval = 0.5\narp_refresh = 30\n"
    "virtual web {\n active = 1\n address = 192.0.2.80 eth0:1\n}\n";

TEST(Takeover, EveryAddressIsUpBeforeTheFirstAnnouncement) {
    FakeAddressManager addrs;
    FakeAnnouncer ann;
    Takeover t(addrs, ann);
    const auto cfg = parse(kNat);
    const auto next = t.activate(cfg);
    EXPECT_EQ(addrs.log, (std::vector<std::string>{"add 10.0.1.254", "add 192.0.2.80"}));
    EXPECT_EQ(ann.log, (std::vector<std::string>{"eth1 10.0.1.254", "eth0 192.0.2.80"}));
    EXPECT_EQ(next, std::chrono::milliseconds(500));
    EXPECT_EQ(t.announce(cfg, true), std::chrono::milliseconds(500));
    EXPECT_EQ(t.announce(cfg, true), std::chrono::milliseconds(30000));  // the series is over: arp_refresh
    EXPECT_EQ(ann.log.size(), 6u);
    EXPECT_EQ(t.announce(cfg, true), std::chrono::milliseconds(30000));
    EXPECT_EQ(t.announce(cfg, false), Takeover::kNone);  // no refresh once inactive
    t.deactivate(cfg);
    EXPECT_TRUE(t.plumbed().empty());
    EXPECT_EQ(addrs.log.back(), "remove 192.0.2.80");
}

// A Takeover that has activated kNat, its address log cleared.
struct Active {
    FakeAddressManager addrs;
    FakeAnnouncer ann;
    Takeover t{addrs, ann};
    config::LvsConfig cfg = parse(kNat);
    Active() {
        t.activate(cfg);
        addrs.log.clear();
    }
};

TEST(Takeover, RepairsOnlyItsOwnAddresses) {
    Active a;
    auto& [addrs, ann, t, cfg] = a;
    EXPECT_FALSE(t.repair(*IpAddress::parse("192.0.2.99")));
    EXPECT_TRUE(t.repair(*IpAddress::parse("192.0.2.80")));
    EXPECT_EQ(addrs.log, (std::vector<std::string>{"add 192.0.2.80"}));
}

TEST(Takeover, AReloadMovesOnlyWhatChanged) {
    Active a;
    auto& [addrs, ann, t, before] = a;
    const auto after = parse(std::string(kNat) + "virtual mail {\n active = 1\n address = 192.0.2.81 eth0:2\n}\n");
    t.reload(before, after, true);
    EXPECT_EQ(addrs.log, (std::vector<std::string>{"add 192.0.2.81"}));
    EXPECT_EQ(t.plumbed().size(), 3u);
    addrs.stale = {"192.0.2.81"};
    addrs.log.clear();
    t.remove_stale(after);
    EXPECT_EQ(addrs.log, (std::vector<std::string>{"remove 192.0.2.81"}));
}

constexpr std::uint64_t kOwnBoot = 0xb0070a, kPartnerBoot = 0xb0070b;

// A heartbeat of the partner's boot that echoes our boot and sequence 1.
std::vector<std::uint8_t> beat(hb::Role role, std::uint64_t seq, hb::Mode mode = hb::Mode::Lvs,
                               hb::Digest digest = {}, std::uint64_t boot = kPartnerBoot,
                               std::uint64_t echo_boot = kOwnBoot) {
    return hb::encode(hb::Heartbeat{.state = hb::State::Running, .role = role, .mode = mode, .boot = boot,
                                    .seq = seq, .echo_boot = echo_boot, .echo_seq = 1, .config_digest = digest},
                      {});
}

TEST(HeartbeatIntake, ChecksSourceModeRoleAndReplay) {
    const auto partner = *IpAddress::parse("192.0.2.11");
    const auto priv = *IpAddress::parse("10.0.1.3");
    HeartbeatIntake in(hb::Role::Primary, hb::Mode::Lvs, {}, {partner, priv},
                       hb::PeerFreshness(kOwnBoot, 4));
    using O = HeartbeatIntake::Outcome;
    EXPECT_EQ(in.accept(beat(hb::Role::Backup, 1), *IpAddress::parse("192.0.2.66"), 1).outcome, O::UnexpectedSource);
    auto r = in.accept(beat(hb::Role::Backup, 1, hb::Mode::Fos), partner, 1);
    EXPECT_EQ(r.outcome, O::Rejected);
    EXPECT_EQ(r.reject, hb::Reject::WrongMode);
    r = in.accept(beat(hb::Role::Primary, 1), partner, 1);  // our own role: a looped or forged packet
    EXPECT_EQ(r.reject, hb::Reject::BadField);
    EXPECT_EQ(in.accept(std::vector<std::uint8_t>(10), partner, 1).reject, hb::Reject::Truncated);
    r = in.accept(beat(hb::Role::Backup, 5), partner, 1);
    EXPECT_EQ(r.outcome, O::Accepted);
    EXPECT_EQ(r.fresh, HeartbeatIntake::Verdict::FirstBoot);
    EXPECT_TRUE(r.answer);  // we echo the partner's boot now
    EXPECT_EQ(in.echo(), (hb::Boot{kPartnerBoot, 5}));
    EXPECT_EQ(in.accept(beat(hb::Role::Backup, 5), priv, 1).outcome, O::Duplicate);  // the second path
    r = in.accept(beat(hb::Role::Backup, 6, hb::Mode::Lvs, hb::Digest{1}), priv, 1);
    EXPECT_EQ(r.outcome, O::Accepted);
    EXPECT_EQ(r.fresh, HeartbeatIntake::Verdict::Fresh);
    EXPECT_FALSE(r.answer);
    EXPECT_EQ(r.hb.config_digest, hb::Digest{1});  // passed on: the shell compares it with ours
    const auto& n = in.counters();
    EXPECT_EQ(n.received, 2u);
    EXPECT_EQ(n.unexpected_source, 1u);
    EXPECT_EQ(n.duplicates, 1u);
    EXPECT_EQ(n.rejected[static_cast<int>(hb::Reject::WrongMode)], 1u);
    EXPECT_EQ(n.rejected[static_cast<int>(hb::Reject::BadField)], 1u);
    EXPECT_EQ(n.rejected[static_cast<int>(hb::Reject::Truncated)], 1u);
}

TEST(HeartbeatIntake, StaleEchoesAndEarlierBootsAreCountedAsRejected) {
    const auto partner = *IpAddress::parse("192.0.2.11");
    HeartbeatIntake in(hb::Role::Primary, hb::Mode::Lvs, {}, {partner}, hb::PeerFreshness(kOwnBoot, 4));
    using O = HeartbeatIntake::Outcome;
    // Made before this pulse started: it echoes another boot of ours.
    auto r = in.accept(beat(hb::Role::Backup, 9, hb::Mode::Lvs, {}, kPartnerBoot, 0xdead), partner, 1);
    EXPECT_EQ(r.outcome, O::Rejected);
    EXPECT_EQ(r.reject, hb::Reject::StaleEcho);
    EXPECT_TRUE(r.answer);  // the partner should learn our boot
    ASSERT_EQ(in.accept(beat(hb::Role::Backup, 10), partner, 1).outcome, O::Accepted);
    // Echoes sequence 1 while we are at 6: out of the window of 4.
    EXPECT_EQ(in.accept(beat(hb::Role::Backup, 11), partner, 6).reject, hb::Reject::StaleEcho);
    // Another boot that echoes nothing newer than the tracked one did.
    EXPECT_EQ(in.accept(beat(hb::Role::Backup, 99, hb::Mode::Lvs, {}, 0xb0070c), partner, 1).reject,
              hb::Reject::Replayed);
    const auto& n = in.counters();
    EXPECT_EQ(n.rejected[hb::index_of(hb::Reject::StaleEcho)], 2u);
    EXPECT_EQ(n.rejected[hb::index_of(hb::Reject::Replayed)], 1u);
    EXPECT_EQ(n.received, 1u);
    EXPECT_EQ(in.freshness().partner_boot(), kPartnerBoot);
}

TEST(HandOver, BackupDaemonOnBothRoutersMasterOnTheActiveOne) {
    FakeSyncPorts ports;
    HandOver h(ports);
    auto cfg = parse(std::string(kNat) + "syncdaemon = 1\nsyncd_iface = eth1\nsyncd_id = 7\n");
    h.set_role(cfg, true);
    EXPECT_EQ(ports.client.daemons.size(), 2u);
    h.set_role(cfg, false);
    ASSERT_EQ(ports.client.daemons.size(), 1u);
    EXPECT_EQ(ports.client.daemons[0].state, ipvs::SyncDaemon::State::Backup);
    EXPECT_EQ(ports.client.daemons[0].syncid, 7u);
}

TEST(HandOver, APassSendsTheLiveConnectionsOnTheSyncInterface) {
    FakeSyncPorts ports;
    HandOver h(ports);
    auto cfg = parse(std::string(kNat) + "syncdaemon = 1\nsyncd_iface = eth1\n");
    ports.table =
        "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n"
        "TCP C0000264 D431 C0000250 0050 0A000115 0050 ESTABLISHED     899\n";
    h.pass(cfg, "first");
    EXPECT_EQ(ports.sends, (std::vector<std::string>{"eth1"}));
    EXPECT_EQ(h.handed_over(), 1u);
    cfg.syncdaemon = false;
    h.pass(cfg, "final");  // without the sync daemon there is no receiver
    EXPECT_EQ(ports.sends.size(), 1u);
}

}  // namespace
}  // namespace lvs::pulse
