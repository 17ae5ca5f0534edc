// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd's nanny fleet: backoff, reload without disturbance, give-up.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <csignal>
#include <unistd.h>

#include "common/config/nanny_command.h"
#include "lvsd/nanny_supervisor.h"
#include "tests/fakes/fake_child_ports.h"
#include "tests/support/sample_configs.h"

namespace lvs::lvsd {
namespace {

class Fleet : public ::testing::Test {
protected:
    void SetUp() override {
        name_ = "lvs-test-fleet-" + std::to_string(getpid());
        auto t = shm::StatusTable::create(name_, 8);
        ASSERT_TRUE(t.ok());
        table_ = std::move(*t);
        ports_.next_pid = 100;
        sup_ = std::make_unique<NannySupervisor>(*table_, NannyContext{name_, "/opt/nanny", false, false}, ports_);
        ports_.wired = [this] { sup_->on_alarm(); };
    }
    void TearDown() override { shm::StatusTable::remove(name_); }

    std::vector<std::vector<std::string>> spawned() const {
        std::vector<std::vector<std::string>> out;
        for (const auto& s : ports_.spawned) out.push_back(s.argv);
        return out;
    }
    std::vector<pid_t> killed() const {  // SIGTERMs, in order
        std::vector<pid_t> out;
        for (const auto& s : ports_.signals)
            if (s.sig == SIGTERM) out.push_back(s.pid);
        return out;
    }

    std::string name_;
    std::unique_ptr<shm::StatusTable> table_;
    proc::FakeChildPorts ports_;
    std::unique_ptr<NannySupervisor> sup_;
};

TEST_F(Fleet, StartsOnePerServerAndLeavesUnchangedOnesAlone) {
    auto c = testing::web_config();
    ASSERT_TRUE(sup_->sync(c));
    EXPECT_EQ(spawned().size(), 2u);
    c.virtuals[0].servers[1].weight = 9;  // a weight change does not restart nannies
    ASSERT_TRUE(sup_->sync(c));
    EXPECT_EQ(spawned().size(), 2u);
    EXPECT_TRUE(killed().empty());
    c.virtuals[0].servers.pop_back();
    ASSERT_TRUE(sup_->sync(c));
    EXPECT_EQ(killed(), std::vector<pid_t>{101});
}

TEST_F(Fleet, ReadsTheNannyWeightOnlyWithSlowStartOrLoadMonitor) {
    auto c = testing::web_config();
    ASSERT_TRUE(sup_->sync(c));
    shm::RealServerRecord r{};
    r.state = shm::RsState::Up;
    r.weight = 3;
    for (std::uint32_t slot = 0; slot < 2; ++slot) table_->rs(slot).publish(r);
    for (const auto& [k, v] : sup_->health()) EXPECT_EQ(v.weight, -1);  // configured weight
    c.virtuals[0].slow_start = config::Millis{2000};
    ASSERT_TRUE(sup_->sync(c));  // new argv: nannies restarted with --slow-start
    EXPECT_EQ(killed().size(), 2u);
    for (std::uint32_t slot = 0; slot < 2; ++slot) table_->rs(slot).publish(r);
    for (const auto& [k, v] : sup_->health()) EXPECT_EQ(v.weight, 3);
}

TEST_F(Fleet, DeferredStartAndInitialStateUpUntilTheFirstNannysVerdict) {
    auto c = testing::web_config();
    c.virtuals[0].initial_state = config::InitialState::Up;
    ASSERT_TRUE(sup_->sync(c, true));
    EXPECT_TRUE(spawned().empty());  // the table goes first
    for (const auto& [k, v] : sup_->health()) EXPECT_EQ(v.health, shm::RsState::Up);
    sup_->start_pending(c);
    ASSERT_EQ(spawned().size(), 2u);
    EXPECT_EQ(spawned()[0], config::nanny_argv(c.virtuals[0], config::RealServerCheck{&c, &c.virtuals[0].servers[0], name_, 0},
                                             config::NannyOptions{"/opt/nanny"}));
    for (const auto& [k, v] : sup_->health()) EXPECT_EQ(v.health, shm::RsState::Up);  // no verdict yet
    shm::RealServerRecord down{};
    down.state = shm::RsState::Down;
    table_->rs(0).publish(down);
    int ups = 0;
    for (const auto& [k, v] : sup_->health()) ups += v.health == shm::RsState::Up;
    EXPECT_EQ(ups, 1);
    // A restarted nanny's Unknown keeps the entry as it is, assumed no more.
    ASSERT_TRUE(sup_->on_exit(101, 9));
    ASSERT_TRUE(ports_.ring_wired());
    int unknown = 0;
    for (const auto& [k, v] : sup_->health()) unknown += v.health == shm::RsState::Unknown;
    EXPECT_EQ(unknown, 1);
}

TEST_F(Fleet, RestartsWithBackoffAndGivesUpOnConfigErrors) {
    ASSERT_TRUE(sup_->sync(testing::web_config()));
    EXPECT_TRUE(sup_->on_exit(100, 9 /* killed by SIGKILL */));
    EXPECT_EQ(ports_.alarm - ports_.clock, std::chrono::milliseconds(100));
    ASSERT_TRUE(ports_.ring_wired());
    EXPECT_EQ(spawned().size(), 3u);
    EXPECT_TRUE(sup_->on_exit(101, 2 << 8 /* exit 2 */));
    EXPECT_EQ(sup_->given_up(), 1);
    auto h = sup_->health();
    int down = 0;
    for (const auto& [k, v] : h) down += v.health == shm::RsState::Down;
    EXPECT_EQ(down, 1);
    EXPECT_FALSE(sup_->on_exit(999, 0));
}

TEST_F(Fleet, RefreshReportsOnlyWhatChangedAndTheOldestNewVerdict) {
    ASSERT_TRUE(sup_->sync(testing::web_config()));
    HealthMap h;
    auto d = sup_->refresh(h);
    EXPECT_TRUE(d.rebuilt);  // first look: every server is new
    EXPECT_EQ(h.size(), 2u);
    d = sup_->refresh(h);
    EXPECT_FALSE(d.rebuilt);
    EXPECT_TRUE(d.services.empty());
    EXPECT_EQ(d.oldest_verdict_ns, 0);
    shm::RealServerRecord r{};
    r.state = shm::RsState::Up;
    r.verdict_seq = 1;
    r.verdict_mono_ns = 500;
    table_->rs(1).publish(r);
    r.verdict_mono_ns = 300;
    table_->rs(0).publish(r);
    d = sup_->refresh(h);
    EXPECT_FALSE(d.rebuilt);
    ASSERT_EQ(d.services.size(), 1u);
    EXPECT_EQ(*d.services.begin(), h.begin()->first.first);
    EXPECT_EQ(d.oldest_verdict_ns, 300);
    for (const auto& [k, v] : h) EXPECT_EQ(v.health, shm::RsState::Up);
    // Counters alone (a check that changed nothing) are no change.
    d = sup_->refresh(h);
    EXPECT_TRUE(d.services.empty());
    EXPECT_EQ(d.oldest_verdict_ns, 0);
    // A server leaves on reload: rebuilt, and its entry is gone.
    auto c = testing::web_config();
    c.virtuals[0].servers.pop_back();
    ASSERT_TRUE(sup_->sync(c));
    d = sup_->refresh(h);
    EXPECT_TRUE(d.rebuilt);
    EXPECT_EQ(h.size(), 1u);
}

TEST_F(Fleet, ReattachRestartsEveryNannyOnTheNewSegment) {
    ASSERT_TRUE(sup_->sync(testing::web_config()));
    shm::RealServerRecord up{};
    up.state = shm::RsState::Up;
    for (std::uint32_t i = 0; i < 2; ++i) table_->rs(i).publish(up);
    const std::string other = name_ + "-new";
    auto t = shm::StatusTable::create(other, 8);
    ASSERT_TRUE(t.ok());
    sup_->reattach(**t);
    EXPECT_EQ(killed(), (std::vector<pid_t>{100, 101}));
    // Health now comes from the new segment: Unknown (the kernel is left alone).
    for (const auto& [k, v] : sup_->health()) EXPECT_EQ(v.health, shm::RsState::Unknown);
    shm::StatusTable::remove(other);
}

}  // namespace
}  // namespace lvs::lvsd
