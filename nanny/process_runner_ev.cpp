// SPDX-License-Identifier: GPL-2.0-or-later
// ProcessRunner on libev's default loop: fork+exec through proc::spawn, a
// non-blocking stdout pipe watched by ev_io, an ev_child watcher for the
// exit status and an ev_timer for the timeout. Nothing here blocks.
#include <ev.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "common/proc/spawn.h"
#include "nanny/process_runner.h"

namespace lvs::nanny {
namespace {

class EvProcessRunner final : public ProcessRunner {
public:
    explicit EvProcessRunner(std::size_t cap) : cap_(cap) {
        ev_init(&io_, &EvProcessRunner::on_io);
        io_.data = this;
        ev_init(&timer_, &EvProcessRunner::on_timer);
        timer_.data = this;
        ev_init(&child_, &EvProcessRunner::on_child);
        child_.data = this;
    }
    ~EvProcessRunner() override { cancel(); }

    void start(const std::vector<std::string>& argv, std::chrono::milliseconds timeout, Done done) override {
        cancel();
        result_ = ProcessResult{};
        done_ = std::move(done);
        int fds[2];
        if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return finish(ProcessResult::End::SpawnFailed, errno);
        auto pid = proc::spawn(argv, proc::SpawnOptions{.die_with_parent = true, .new_process_group = true,
                                                        .search_path = true, .stdout_fd = fds[1]});
        ::close(fds[1]);
        if (!pid.ok()) {
            ::close(fds[0]);
            return finish(ProcessResult::End::SpawnFailed, pid.error().sys_errno);
        }
        pid_ = *pid;
        fd_ = fds[0];
        ev_io_set(&io_, fd_, EV_READ);
        ev_io_start(EV_DEFAULT, &io_);
        ev_child_set(&child_, pid_, 0);
        ev_child_start(EV_DEFAULT, &child_);
        ev_timer_set(&timer_, static_cast<double>(timeout.count()) / 1000.0, 0.0);
        ev_timer_start(EV_DEFAULT, &timer_);
    }

    void cancel() override {
        // libev's own SIGCHLD handler reaps a child whose watcher is gone.
        if (pid_ > 0) ::kill(-pid_, SIGKILL);
        release();
        done_ = nullptr;
    }

    bool running() const override { return pid_ > 0; }

private:
    void release() {
        ev_io_stop(EV_DEFAULT, &io_);
        ev_timer_stop(EV_DEFAULT, &timer_);
        ev_child_stop(EV_DEFAULT, &child_);
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

    static void on_io(struct ev_loop*, ev_io* w, int) noexcept {
        auto* self = static_cast<EvProcessRunner*>(w->data);
        if (!self->drain()) ev_io_stop(EV_DEFAULT, &self->io_);  // EOF: wait for the exit status
    }

    static void on_child(struct ev_loop*, ev_child* w, int) noexcept {
        auto* self = static_cast<EvProcessRunner*>(w->data);
        const int st = w->rstatus;
        self->drain();
        // Anything the program left running in its group goes with it.
        ::kill(-self->pid_, SIGKILL);
        if (WIFEXITED(st)) return self->finish(ProcessResult::End::Exited, WEXITSTATUS(st));
        self->finish(ProcessResult::End::Signalled, WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    }

    static void on_timer(struct ev_loop*, ev_timer* w, int) noexcept {
        auto* self = static_cast<EvProcessRunner*>(w->data);
        ::kill(-self->pid_, SIGKILL);
        self->finish(ProcessResult::End::TimedOut, SIGKILL);
    }

    std::size_t cap_;
    ev_io io_{};
    ev_timer timer_{};
    ev_child child_{};
    int fd_ = -1;
    pid_t pid_ = -1;
    ProcessResult result_;
    Done done_;
};

}  // namespace

std::unique_ptr<ProcessRunner> make_process_runner(std::size_t cap) { return std::make_unique<EvProcessRunner>(cap); }

}  // namespace lvs::nanny
