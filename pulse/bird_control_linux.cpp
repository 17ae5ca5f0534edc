// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp: BIRD through birdc and the include file (see bird_control.h).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "common/proc/spawn.h"
#include "pulse/bird_control.h"

namespace lvs::pulse {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Reads fd to its end or the deadline; false on the deadline.
bool read_all(int fd, SteadyClock::time_point deadline, std::string& out) {
    char buf[4096];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd, POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(left.count()));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return true;
        if (out.size() < (std::size_t{1} << 20)) out.append(buf, static_cast<std::size_t>(n));
    }
}

}  // namespace

BirdPaths bird_paths(const config::LvsConfig& cfg) {
    BirdPaths p;
    p.birdc = cfg.birdc;
    p.socket = cfg.bird_socket;
    p.include = cfg.bird_include;
    p.bfd = cfg.bfd;
    p.routes4 = p.routes6 = false;
    for (const auto& vs : cfg.virtuals) {
        if (!vs.active || vs.address.is_unspecified()) continue;
        (vs.address.is_v4() ? p.routes4 : p.routes6) = true;
    }
    return p;
}

std::vector<std::vector<std::string>> status_commands(const BirdPaths& paths) {
    std::vector<std::vector<std::string>> c = {{"show", "protocols"}};
    if (paths.bfd) c.push_back({"show", "bfd", "sessions"});
    if (paths.routes4) c.push_back({"show", "route", "protocol", "lvs_vips4"});
    if (paths.routes6) c.push_back({"show", "route", "protocol", "lvs_vips6"});
    return c;
}

std::vector<std::string> birdc_argv(const BirdPaths& paths, const std::vector<std::string>& command) {
    std::vector<std::string> argv = {paths.birdc, "-s", paths.socket};
    argv.insert(argv.end(), command.begin(), command.end());
    return argv;
}

BirdStatus bird_status(std::string_view protocols, std::string_view bfd_sessions,
                       const std::vector<std::string>& routes) {
    BirdStatus s;
    for (auto& p : parse_protocols(protocols))
        if (p.proto == "BGP") s.bgp.push_back(std::move(p));
    s.bfd = parse_bfd_sessions(bfd_sessions);
    for (const auto& text : routes)
        for (auto& r : parse_routes(text))
            if (std::find(s.routes.begin(), s.routes.end(), r) == s.routes.end()) s.routes.push_back(std::move(r));
    return s;
}

Result<void> write_file_atomic(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return make_error(ErrorCode::Io, "cannot create " + tmp, errno);
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            return make_error(ErrorCode::Io, "cannot write " + tmp, err);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return make_error(ErrorCode::Io, "cannot write " + tmp, err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return make_error(ErrorCode::Io, "cannot rename " + tmp + " to " + path, err);
    }
    return {};
}

Result<std::string> run_capture(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return make_error(ErrorCode::Io, "pipe", errno);
    auto pid = proc::spawn(argv, proc::SpawnOptions{.die_with_parent = true, .new_process_group = true,
                                                    .stdout_fd = fds[1]});
    ::close(fds[1]);
    if (!pid.ok()) {
        ::close(fds[0]);
        return std::move(pid).error();
    }
    std::string out;
    const bool ended = read_all(fds[0], SteadyClock::now() + timeout, out);
    ::close(fds[0]);
    if (!ended) ::kill(-*pid, SIGKILL);
    int status = 0;
    while (::waitpid(*pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!ended) return make_error(ErrorCode::Timeout, argv[0] + " did not answer within " +
                                                          std::to_string(timeout.count()) + " ms");
    if (!WIFEXITED(status))
        return make_error(ErrorCode::Io, argv[0] + " was killed by signal " + std::to_string(WTERMSIG(status)));
    if (WEXITSTATUS(status) != 0)
        return make_error(ErrorCode::Io, argv[0] + " exited with status " + std::to_string(WEXITSTATUS(status)) +
                                             (out.empty() ? "" : ": " + out.substr(0, 200)));
    return out;
}

namespace {

// BIRD's answer to `configure`: a refusal is an error with its message.
Result<void> configured(const std::string& answer) {
    std::string why;
    if (parse_configure(answer, why) == BirdConfigure::Failed)
        return make_error(ErrorCode::Config, "BIRD refused its configuration: " + why);
    return {};
}

}  // namespace

void BirdControlLinux::apply(const std::string& fragment, Applied done) {
    if (auto w = write_file_atomic(paths_.include, fragment); !w.ok()) return done(std::move(w).error());
    const bool started = configure_.start(birdc_argv(paths_, {"configure"}), paths_.timeout,
                                          [done](Result<std::string> out) {
                                              if (!out.ok()) return done(std::move(out).error());
                                              done(configured(*out));
                                          });
    if (!started) done(make_error(ErrorCode::Invalid, "birdc configure is already under way"));
}

void BirdControlLinux::status(Polled done) {
    if (polled_) return done(make_error(ErrorCode::Invalid, "a birdc status request is already under way"));
    steps_ = status_commands(paths_);
    asked_bfd_ = paths_.bfd;
    answers_.clear();
    polled_ = std::move(done);
    status_step();
}

// One birdc command after the other; the first failure ends the request.
void BirdControlLinux::status_step() {
    if (answers_.size() == steps_.size()) {
        Polled done = std::move(polled_);
        polled_ = nullptr;
        const std::size_t r = asked_bfd_ ? 2 : 1;  // the first route answer
        const std::string bfd = asked_bfd_ ? answers_[1] : std::string();
        return done(bird_status(answers_[0], bfd, {answers_.begin() + static_cast<std::ptrdiff_t>(r), answers_.end()}));
    }
    show_.start(birdc_argv(paths_, steps_[answers_.size()]), paths_.timeout, [this](Result<std::string> out) {
        if (!out.ok()) {
            Polled done = std::move(polled_);
            polled_ = nullptr;
            return done(std::move(out).error());
        }
        answers_.push_back(std::move(*out));
        status_step();
    });
}

Result<void> apply_and_wait(const BirdPaths& paths, const std::string& fragment) {
    if (auto w = write_file_atomic(paths.include, fragment); !w.ok()) return std::move(w).error();
    auto out = run_capture(birdc_argv(paths, {"configure"}), paths.timeout);
    if (!out.ok()) return std::move(out).error();
    return configured(*out);
}

}  // namespace lvs::pulse
