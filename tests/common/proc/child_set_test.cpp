// SPDX-License-Identifier: GPL-2.0-or-later
// ChildSet against recording ports: restarts on the alarm, argv changes,
// removal with a deadline, stop_all without blocking.
#include "common/proc/child_set.h"

#include <gtest/gtest.h>

#include <csignal>

#include "tests/fakes/fake_child_ports.h"

namespace lvs::proc {
namespace {

constexpr int exited(int code) { return code << 8; }

struct Rig {
    FakeChildPorts ports;
    std::vector<std::pair<ChildId, Decision::Kind>> exits;
    std::vector<pid_t> starts;
    int all_stopped = 0;
    ChildSet set{ports, ChildSet::Handlers{
                            .started = [this](ChildId, pid_t pid) { starts.push_back(pid); },
                            .exited = [this](ChildId id, pid_t, const Decision& d,
                                             const Error*) { exits.emplace_back(id, d.kind); },
                            .all_stopped = [this] { ++all_stopped; },
                        }};
};

ChildSpec spec(const std::string& prog) { return ChildSpec{.argv = {prog, "-x"}}; }

TEST(ChildSet, RestartsACrashedChildWhenTheAlarmRings) {
    Rig r;
    const auto id = r.set.add(spec("/bin/a"));
    ASSERT_EQ(r.ports.spawned.size(), 1u);
    const pid_t first = r.set.pid(id);
    EXPECT_TRUE(r.set.on_exit(first, SIGSEGV));
    EXPECT_FALSE(r.set.running(id));
    ASSERT_EQ(r.exits.size(), 1u);
    EXPECT_EQ(r.exits[0].second, Decision::Kind::Restart);
    EXPECT_EQ(r.ports.alarm, r.ports.clock + Millis{100});
    EXPECT_FALSE(r.ports.ring(r.set, r.ports.clock + Millis{99}));  // not yet
    EXPECT_TRUE(r.ports.ring(r.set));
    EXPECT_TRUE(r.set.running(id));
    EXPECT_NE(r.set.pid(id), first);
    EXPECT_EQ(r.set.restarts_total(), 1u);
    EXPECT_FALSE(r.set.on_exit(4242, 0));  // not ours
}

TEST(ChildSet, AConfigErrorIsGivenUpAndAStartRetriesIt) {
    Rig r;
    const auto id = r.set.add(spec("/bin/a"));
    r.set.on_exit(r.set.pid(id), exited(2));
    EXPECT_TRUE(r.set.gave_up(id));
    EXPECT_EQ(r.ports.alarm, Clock::time_point::max());
    r.set.start(id);  // a reload
    EXPECT_TRUE(r.set.running(id));
    EXPECT_FALSE(r.set.gave_up(id));
}

TEST(ChildSet, ANewCommandLineRestartsAtOnceWithoutCountingARestart) {
    Rig r;
    const auto id = r.set.add(spec("/bin/a"));
    const pid_t first = r.set.pid(id);
    r.set.set_argv(id, {"/bin/a", "-y"});
    ASSERT_EQ(r.ports.signals.size(), 1u);
    EXPECT_EQ(r.ports.signals[0].pid, first);
    EXPECT_EQ(r.ports.signals[0].sig, SIGTERM);
    r.set.on_exit(first, SIGTERM);
    EXPECT_TRUE(r.exits.empty());
    EXPECT_TRUE(r.set.running(id));
    EXPECT_EQ(r.ports.spawned.back().argv, (std::vector<std::string>{"/bin/a", "-y"}));
    EXPECT_EQ(r.set.restarts_total(), 0u);
    r.set.set_argv(id, {"/bin/a", "-y"});  // unchanged: untouched
    EXPECT_EQ(r.ports.signals.size(), 1u);
}

TEST(ChildSet, RemoveKillsAfterTheGraceAndForgets) {
    Rig r;
    const auto id = r.set.add(spec("/bin/a"));
    const pid_t pid = r.set.pid(id);
    r.set.remove(id, Millis{500});
    EXPECT_EQ(r.ports.signals.back().sig, SIGTERM);
    EXPECT_TRUE(r.ports.ring(r.set));
    EXPECT_EQ(r.ports.signals.back().sig, SIGKILL);
    EXPECT_EQ(r.ports.signals.back().pid, pid);
    r.set.on_exit(pid, SIGKILL);
    EXPECT_EQ(r.set.size(), 0u);
    EXPECT_TRUE(r.exits.empty());
}

TEST(ChildSet, StopAllWaitsWithoutBlockingAndStartsNothing) {
    Rig r;
    const auto a = r.set.add(spec("/bin/a"));
    const auto b = r.set.add(spec("/bin/b"));
    r.set.on_exit(r.set.pid(b), SIGSEGV);  // b waits for its restart
    const pid_t pa = r.set.pid(a);
    r.set.stop_all(Millis{10000});
    EXPECT_EQ(r.all_stopped, 0);
    EXPECT_EQ(r.ports.alarm, r.ports.clock + Millis{10000});  // only a's SIGKILL is due
    r.set.on_exit(pa, exited(0));
    EXPECT_EQ(r.all_stopped, 1);
    EXPECT_EQ(r.ports.spawned.size(), 2u);
    EXPECT_EQ(r.set.size(), 0u);
}

TEST(ChildSet, StopAllWithNothingRunningIsDoneAtOnce) {
    Rig r;
    r.set.stop_all(Millis{1000});
    EXPECT_EQ(r.all_stopped, 1);
}

TEST(ChildSet, AProgramThatCannotRunIsGivenUpOnce) {
    Rig r;
    r.ports.failing.insert("/bin/missing");
    const auto id = r.set.add(spec("/bin/missing"));
    EXPECT_TRUE(r.set.gave_up(id));
    ASSERT_EQ(r.exits.size(), 1u);
    EXPECT_EQ(r.exits[0].second, Decision::Kind::GiveUp);
    EXPECT_EQ(r.ports.alarm, Clock::time_point::max());
}

TEST(ChildSet, TheHandlerMayTakeOverTheDecision) {
    FakeChildPorts ports;
    ChildSet* self = nullptr;
    ChildSet set{ports, ChildSet::Handlers{.exited = [&](ChildId id, pid_t, const Decision&, const Error*) {
                     self->remove(id);  // a fos monitor's exit: the owner acts instead
                 }}};
    self = &set;
    const auto id = set.add(spec("/bin/a"));
    set.on_exit(set.pid(id), exited(1));
    EXPECT_EQ(set.size(), 0u);
    EXPECT_EQ(ports.alarm, Clock::time_point::max());
}

}  // namespace
}  // namespace lvs::proc
