// SPDX-License-Identifier: GPL-2.0-or-later
// The real ProcessRunner (the send_program and load-command runner, on the
// event loop) with real children: a program that writes far more than the
// output cap keeps exactly kMaxProgramOutput bytes (the rest counted as
// discarded), the runner ends promptly, whether the program exits or has to
// be killed at its timeout, and no process is left running or unreaped,
// not even one the program left behind in its group. Like nanny, the test
// is a child subreaper, so such orphans are its own to reap.
#include <dirent.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/ev/event_loop.h"
#include "nanny/process_runner.h"

namespace lvs::nanny {
namespace {

using namespace std::chrono_literals;
using End = ProcessResult::End;
using Steady = std::chrono::steady_clock;

// This process's children, running or zombie (/proc/PID/stat's ppid).
std::set<pid_t> children() {
    std::set<pid_t> out;
    DIR* d = ::opendir("/proc");
    while (dirent* e = ::readdir(d)) {
        const pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
        if (pid <= 0) continue;
        std::ifstream in(std::string("/proc/") + e->d_name + "/stat");
        std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto paren = stat.rfind(')');
        if (paren == std::string::npos) continue;
        std::istringstream rest(stat.substr(paren + 1));
        char state = 0;
        pid_t ppid = 0;
        rest >> state >> ppid;
        if (ppid == ::getpid()) out.insert(pid);
    }
    ::closedir(d);
    return out;
}

// True once `done()` holds, giving the loop (which reaps) up to two seconds.
template <typename Pred>
bool eventually(ev::Loop& loop, Pred done) {
    for (const auto until = Steady::now() + 2s; Steady::now() < until;) {
        if (done()) return true;
        loop.run_nowait();
        ::usleep(1000);
    }
    return false;
}

// No process is left in process group `pgid`, zombies included.
bool group_gone(pid_t pgid) { return ::kill(-pgid, 0) != 0 && errno == ESRCH; }

class RealRunnerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0); }

    // Runs `argv` to its end on the loop; elapsed_ms_ is from start to done.
    ProcessResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
        std::optional<ProcessResult> got;
        const auto t0 = Steady::now();
        runner_->start(argv, timeout, [&](const ProcessResult& r) {
            got = r;
            elapsed_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - t0).count();
        });
        EXPECT_TRUE(runner_->running());
        while (!got) loop_.run_once();
        EXPECT_FALSE(runner_->running());
        return *got;
    }

    ev::Loop& loop_ = ev::Loop::instance();
    const std::set<pid_t> before_ = children();
    std::unique_ptr<ProcessRunner> runner_ = make_process_runner();  // nanny's cap: kMaxProgramOutput
    long elapsed_ms_ = -1;
};

TEST_F(RealRunnerTest, AMegabyteOfOutputKeepsTheCapAndTheRestIsCounted) {
    // A sleeper left behind in the group, the shell's pid (the group's: the
    // runner gives the program a group of its own), then a megabyte.
    constexpr std::size_t kBytes = 1'000'000;
    const ProcessResult r =
        run({"/bin/sh", "-c", "sleep 30 & echo $$; yes | head -c " + std::to_string(kBytes)}, 10'000ms);
    EXPECT_EQ(r.end, End::Exited);
    EXPECT_EQ(r.code, 0);
    EXPECT_LT(elapsed_ms_, 5000) << "the runner must not wait for its timeout";
    ASSERT_EQ(r.output.size(), kMaxProgramOutput);
    const auto nl = r.output.find('\n');
    ASSERT_NE(nl, std::string::npos);
    const pid_t pgid = static_cast<pid_t>(std::atoi(r.output.substr(0, nl).c_str()));
    ASSERT_GT(pgid, 1);
    EXPECT_EQ(r.output.substr(nl + 1, 6), "y\ny\ny\n");
    EXPECT_EQ(r.discarded, nl + 1 + kBytes - kMaxProgramOutput);
    EXPECT_TRUE(eventually(loop_, [&] { return group_gone(pgid); })) << "a process of the check's group is still there";
    EXPECT_TRUE(eventually(loop_, [&] { return children() == before_; })) << "a child is still running or unreaped";
}

TEST_F(RealRunnerTest, AProgramThatNeverStopsWritingIsKilledAtItsTimeout) {
    const ProcessResult r = run({"/usr/bin/yes"}, 300ms);
    EXPECT_EQ(r.end, End::TimedOut);
    EXPECT_GE(elapsed_ms_, 250);
    EXPECT_LT(elapsed_ms_, 3000) << "the timeout must fire while the output is still coming";
    EXPECT_EQ(r.output.size(), kMaxProgramOutput);
    EXPECT_EQ(r.output.substr(0, 6), "y\ny\ny\n");
    EXPECT_GT(r.discarded, 0u);
    EXPECT_TRUE(eventually(loop_, [&] { return children() == before_; }))
        << "the killed program is still running or unreaped";
}

}  // namespace
}  // namespace lvs::nanny
