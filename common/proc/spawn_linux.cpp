// SPDX-License-Identifier: GPL-2.0-or-later
// fork/exec. The exec error travels back through a close-on-exec pipe.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>

#include "common/proc/spawn.h"

namespace lvs::proc {

Result<pid_t> spawn(const std::vector<std::string>& argv, const SpawnOptions& opts) {
    if (argv.empty()) return make_error(ErrorCode::Invalid, "empty argument vector");
    // A missing program costs no fork (lvsd may start thousands of nannies).
    if (!opts.search_path && access(argv[0].c_str(), X_OK) != 0) return make_error(ErrorCode::NotFound, argv[0], errno);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return make_error(ErrorCode::Io, "pipe", errno);
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        const int e = errno;
        close(fds[0]);
        close(fds[1]);
        return make_error(ErrorCode::Io, "fork", e);
    }
    if (pid == 0) {
        close(fds[0]);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        for (int s = 1; s < NSIG; ++s) signal(s, SIG_DFL);
        if (opts.new_process_group) setpgid(0, 0);
        if (opts.stdout_fd >= 0) {
            const int null = open("/dev/null", O_RDWR);
            if (null < 0 || dup2(null, 0) < 0 || dup2(null, 2) < 0 || dup2(opts.stdout_fd, 1) < 0) {
                const int e = errno;
                (void)!write(fds[1], &e, sizeof e);
                _exit(127);
            }
            if (null > 2) close(null);
        }
        if (opts.die_with_parent) {
            prctl(PR_SET_PDEATHSIG, opts.parent_death_signal);
            if (getppid() != parent) _exit(1);
        }
        if (opts.search_path) execvp(args[0], args.data());
        else execv(args[0], args.data());
        const int e = errno;
        (void)!write(fds[1], &e, sizeof e);
        _exit(127);
    }
    close(fds[1]);
    int child_errno = 0;
    ssize_t n;
    do {
        n = read(fds[0], &child_errno, sizeof child_errno);
    } while (n < 0 && errno == EINTR);
    close(fds[0]);
    if (n == sizeof child_errno) return make_error(ErrorCode::NotFound, "cannot execute " + argv[0], child_errno);
    return pid;
}

}  // namespace lvs::proc
