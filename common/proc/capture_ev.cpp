// SPDX-License-Identifier: GPL-2.0-or-later
// Capture on the event loop (capture.h).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "common/ev/event_loop.h"
#include "common/proc/capture.h"
#include "common/proc/spawn.h"

namespace lvs::proc {

struct Capture::Watchers {
    std::unique_ptr<ev::Io> io;
    std::unique_ptr<ev::Child> child;
    std::unique_ptr<ev::Timer> timer;
};

Capture::Capture() : w_(std::make_unique<Watchers>()) {
    ev::Loop& loop = ev::Loop::instance();
    w_->io = loop.io([this](int) { on_readable(); });
    w_->child = loop.child([this](int, int status) { on_exit(status); });
    w_->timer = loop.timer([this] { on_timeout(); });
}

Capture::~Capture() {
    if (pid_ > 0) ::kill(-pid_, SIGKILL);  // reaped by the loop's other child watchers, if any
    close_pipe();
}

void Capture::close_pipe() {
    w_->io->stop();
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

bool Capture::start(const std::vector<std::string>& argv, std::chrono::milliseconds timeout, Done done) {
    if (pid_ > 0) return false;
    name_ = argv.empty() ? std::string("?") : argv[0];
    out_.clear();
    timed_out_ = false;
    status_ = 0;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        done(make_error(ErrorCode::Io, "pipe for " + name_, errno));
        return true;
    }
    // The child's end blocks as usual; only ours does not.
    ::fcntl(fds[1], F_SETFL, 0);
    auto pid = spawn(argv, SpawnOptions{.die_with_parent = true, .new_process_group = true, .stdout_fd = fds[1]});
    ::close(fds[1]);
    if (!pid.ok()) {
        ::close(fds[0]);
        done(std::move(pid).error());
        return true;
    }
    pid_ = *pid;
    fd_ = fds[0];
    timeout_ = timeout;
    done_ = std::move(done);
    w_->child->start(pid_);
    w_->io->start(fd_, ev::Io::kRead);
    w_->timer->start(timeout, std::chrono::milliseconds(0));
    return true;
}

// Reads what the pipe holds now; true at its end.
bool Capture::drain() {
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return false;
        if (n <= 0) return true;  // the end (or an error: nothing more will come)
        if (out_.size() < kMaxOutput) out_.append(buf, static_cast<std::size_t>(n));
    }
}

void Capture::on_readable() {
    if (drain()) close_pipe();
}

// The command has exited: its output is in the pipe (a grandchild that
// keeps the pipe open does not hold the answer back).
void Capture::on_exit(int status) {
    w_->child->stop();
    status_ = status;
    if (fd_ >= 0 && !timed_out_) drain();
    finish();
}

void Capture::on_timeout() {
    timed_out_ = true;
    ::kill(-pid_, SIGKILL);  // the exit watcher finishes
    close_pipe();
}

void Capture::finish() {
    if (fd_ >= 0) close_pipe();
    w_->timer->stop();
    pid_ = -1;
    Done done = std::move(done_);
    done_ = nullptr;
    if (timed_out_)
        return done(make_error(ErrorCode::Timeout, name_ + " did not answer within " +
                                                       std::to_string(timeout_.count()) + " ms"));
    if (!WIFEXITED(status_))
        return done(make_error(ErrorCode::Io, name_ + " was killed by signal " + std::to_string(WTERMSIG(status_))));
    if (WEXITSTATUS(status_) != 0)
        return done(make_error(ErrorCode::Io, name_ + " exited with status " + std::to_string(WEXITSTATUS(status_)) +
                                                  (out_.empty() ? "" : ": " + out_.substr(0, 200))));
    done(std::move(out_));
}

}  // namespace lvs::proc
