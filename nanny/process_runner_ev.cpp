// SPDX-License-Identifier: GPL-2.0-or-later
// ProcessRunner on the event loop: fork+exec through proc::spawn, a
// non-blocking stdout pipe watched by an ev::Io, an ev::Child watcher for
// the exit status and an ev::Timer for the timeout. Nothing here blocks.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "common/ev/event_loop.h"
#include "common/proc/spawn.h"
#include "nanny/process_runner.h"

namespace lvs::nanny {
namespace {

class EvProcessRunner final : public ProcessRunner {
public:
    // The watchers and their callbacks are made once, here.
    explicit EvProcessRunner(std::size_t cap)
        : cap_(cap), io_(ev::Loop::instance().io([this](int) { on_io(); })),
          timer_(ev::Loop::instance().timer([this] { on_timer(); })),
          child_(ev::Loop::instance().child([this](int, int status) { on_child(status); })) {}
    ~EvProcessRunner() override { cancel(); }

    void start(const std::vector<std::string>& argv, std::chrono::milliseconds timeout, Done done) override {
        cancel();
        result_ = ProcessResult{};
        done_ = std::move(done);
        // Only nanny's end is non-blocking: a program whose stdout were
        // non-blocking would fail its write (EAGAIN) whenever it outran
        // nanny's reads, where it must simply wait for them.
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) return finish(ProcessResult::End::SpawnFailed, errno);
        if (::fcntl(fds[0], F_SETFL, O_NONBLOCK) != 0) {
            const int err = errno;
            ::close(fds[0]);
            ::close(fds[1]);
            return finish(ProcessResult::End::SpawnFailed, err);
        }
        auto pid = proc::spawn(argv, proc::SpawnOptions{.die_with_parent = true, .new_process_group = true,
                                                        .search_path = true, .stdout_fd = fds[1]});
        ::close(fds[1]);
        if (!pid.ok()) {
            ::close(fds[0]);
            return finish(ProcessResult::End::SpawnFailed, pid.error().sys_errno);
        }
        pid_ = *pid;
        fd_ = fds[0];
        io_->start(fd_, ev::Io::kRead);
        child_->start(pid_);
        // The timeout counts from now, not from the loop's cached time
        // (older by however long the spawn and the caller took).
        ev::Loop::instance().update_loop_time();
        timer_->start(timeout, std::chrono::microseconds(0));
    }

    void cancel() override {
        // The loop's own SIGCHLD handler reaps a child whose watcher is gone.
        if (pid_ > 0) ::kill(-pid_, SIGKILL);
        release();
        done_ = nullptr;
    }

    bool running() const override { return pid_ > 0; }

private:
    void release() {
        io_->stop();
        timer_->stop();
        child_->stop();
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
        pid_ = -1;
    }

    void finish(ProcessResult::End end, int code) {
        result_.end = end;
        result_.code = code;
        release();
        if (done_) {
            auto d = std::move(done_);
            done_ = nullptr;
            d(result_);
        }
    }

    // Reads what is there; false at end of file.
    bool drain() {
        char buf[1024];
        for (;;) {
            const ssize_t n = ::read(fd_, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return errno == EAGAIN;
            if (n == 0) return false;
            const std::size_t keep = std::min<std::size_t>(static_cast<std::size_t>(n), cap_ - result_.output.size());
            result_.output.append(buf, keep);
            result_.discarded += static_cast<std::uint64_t>(n) - keep;
        }
    }

    void on_io() {
        if (!drain()) io_->stop();  // EOF: wait for the exit status
    }

    void on_child(int st) {
        drain();
        // Anything the program left running in its group goes with it.
        ::kill(-pid_, SIGKILL);
        if (WIFEXITED(st)) return finish(ProcessResult::End::Exited, WEXITSTATUS(st));
        finish(ProcessResult::End::Signalled, WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    }

    void on_timer() {
        ::kill(-pid_, SIGKILL);
        finish(ProcessResult::End::TimedOut, SIGKILL);
    }

    std::size_t cap_;
    std::unique_ptr<ev::Io> io_;
    std::unique_ptr<ev::Timer> timer_;
    std::unique_ptr<ev::Child> child_;
    int fd_ = -1;
    pid_t pid_ = -1;
    ProcessResult result_;
    Done done_;
};

}  // namespace

std::unique_ptr<ProcessRunner> make_process_runner(std::size_t cap) { return std::make_unique<EvProcessRunner>(cap); }

}  // namespace lvs::nanny
