// SPDX-License-Identifier: GPL-2.0-or-later
// ev::Io, ev::Child, ev::Timer and the Loop's turns: an Io watcher fires on
// a readable pipe and is silent once stopped, a Child watcher sees its
// child's exit, timers fire once or repeatedly (to below a millisecond),
// and the loop polls without anyone asking for it.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "common/ev/event_loop.h"

namespace lvs::ev {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

class Pipe {
public:
    Pipe() { EXPECT_EQ(::pipe2(fd_, O_NONBLOCK | O_CLOEXEC), 0); }
    ~Pipe() {
        ::close(fd_[0]);
        ::close(fd_[1]);
    }
    int r() const { return fd_[0]; }
    int w() const { return fd_[1]; }
    void put() { ASSERT_EQ(::write(fd_[1], "x", 1), 1); }

private:
    int fd_[2] = {-1, -1};
};

// Runs the loop until stop() or `limit` has passed.
void run_for(Loop& loop, std::chrono::milliseconds limit) {
    auto guard = loop.timer([&] { loop.stop(); });
    guard->start(limit, 0ms);
    loop.run();
}

TEST(Loop, PollsWithoutBeingAsked) { EXPECT_TRUE(Loop::instance().polls()); }

TEST(Io, FiresOnAReadablePipeAndStopsCleanly) {
    auto& loop = Loop::instance();
    Pipe p;
    int fired = 0, seen = 0;
    auto io = loop.io([&](int events) {
        ++fired;
        seen = events;
        loop.stop();
    });
    EXPECT_FALSE(io->active());
    io->start(p.r(), Io::kRead);
    EXPECT_TRUE(io->active());
    p.put();
    run_for(loop, 1000ms);
    EXPECT_EQ(fired, 1);
    EXPECT_EQ(seen, Io::kRead);
    // Still readable (nothing was read), but stopped: silent.
    io->stop();
    EXPECT_FALSE(io->active());
    loop.run_nowait();
    run_for(loop, 5ms);
    EXPECT_EQ(fired, 1);
    // Restarted, it sees the unread byte again.
    io->start(p.r(), Io::kRead);
    run_for(loop, 1000ms);
    EXPECT_EQ(fired, 2);
}

TEST(Io, ReArmsToAnotherDescriptorAndEvents) {
    auto& loop = Loop::instance();
    Pipe p;
    int seen = 0;
    auto io = loop.io([&](int events) {
        seen = events;
        loop.stop();
    });
    io->start(p.r(), Io::kRead);  // nothing to read
    io->start(p.w(), Io::kWrite);  // moved: an empty pipe is writable
    run_for(loop, 1000ms);
    EXPECT_EQ(seen, Io::kWrite);
}

TEST(Io, MayBeDestroyedFromItsOwnCallback) {
    auto& loop = Loop::instance();
    Pipe p;
    int fired = 0;
    std::unique_ptr<Io> io;
    io = loop.io([&](int) {
        ++fired;
        io.reset();
    });
    io->start(p.r(), Io::kRead);
    p.put();
    run_for(loop, 20ms);
    EXPECT_EQ(fired, 1);
    EXPECT_EQ(io, nullptr);
}

TEST(Child, SeesItsChildExit) {
    auto& loop = Loop::instance();
    int got_pid = 0, got_status = -1;
    auto child = loop.child([&](int pid, int status) {
        got_pid = pid;
        got_status = status;
        loop.stop();
    });
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(7);
    child->start(pid);
    run_for(loop, 5000ms);
    EXPECT_EQ(got_pid, pid);
    ASSERT_TRUE(WIFEXITED(got_status));
    EXPECT_EQ(WEXITSTATUS(got_status), 7);
}

TEST(Child, AStoppedWatcherIsNotCalled) {
    auto& loop = Loop::instance();
    int fired = 0;
    auto child = loop.child([&](int, int) { ++fired; });
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(0);
    child->start(pid);
    child->stop();
    // The loop reaps it all the same (looked at without reaping it here).
    siginfo_t info{};
    for (int i = 0; i < 500 && ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0; ++i)
        run_for(loop, 10ms);
    EXPECT_EQ(::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT), -1);
    EXPECT_EQ(fired, 0);
}

TEST(Timer, OneShotBelowAMillisecondFiresOnce) {
    auto& loop = Loop::instance();
    int fired = 0;
    auto t = loop.timer([&] { ++fired; });
    const auto t0 = Steady::now();
    loop.update_loop_time();  // a timer counts from the loop's time, else the last turn's
    t->start(300us, 0us);
    EXPECT_TRUE(t->active());
    while (fired == 0 && Steady::now() - t0 < 1s) loop.run_once();
    EXPECT_EQ(fired, 1);
    EXPECT_GE(Steady::now() - t0, 300us);
    EXPECT_FALSE(t->active());
    run_for(loop, 5ms);
    EXPECT_EQ(fired, 1);
}

TEST(Timer, RepeatsAndRestartsFromNow) {
    auto& loop = Loop::instance();
    int fired = 0;
    std::unique_ptr<Timer> t;
    t = loop.timer([&] {
        if (++fired == 3) t->stop();
    });
    t->start(1ms, 1ms);
    run_for(loop, 50ms);
    EXPECT_EQ(fired, 3);
    // Restarting a running timer moves it: the first instant never comes.
    fired = 0;
    t->start(1ms, 0ms);
    t->start(1h, 0ms);
    run_for(loop, 10ms);
    EXPECT_EQ(fired, 0);
    t->stop();
}

TEST(Loop, LoopTimeAdvancesOnlyWhenRead) {
    auto& loop = Loop::instance();
    loop.update_loop_time();
    const auto a = loop.loop_time();
    const auto until = Steady::now() + 2ms;
    while (Steady::now() < until) {
    }
    EXPECT_EQ(loop.loop_time(), a);  // not read again by itself
    loop.update_loop_time();
    EXPECT_GE(loop.loop_time() - a, 1900us);  // a double's rounding aside
}

TEST(Loop, RunNowaitDoesNotWait) {
    auto& loop = Loop::instance();
    auto t = loop.timer([] {});
    t->start(1s, 0ms);  // a watcher, far away
    const auto t0 = Steady::now();
    loop.run_nowait();
    EXPECT_LT(Steady::now() - t0, 500ms);
}

}  // namespace
}  // namespace lvs::ev
