// SPDX-License-Identifier: GPL-2.0-or-later
// clone(CLONE_VM | CLONE_VFORK) + exec, the way glibc's posix_spawn does it:
// the child borrows the parent's memory until it execs, so starting a
// process costs no copy of the parent's page tables (lvsd starts a nanny per
// real server: thousands of forks of a big process were most of a fleet's
// start). The parent waits until the child has exec'd or failed to.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>

#include "common/proc/spawn.h"

namespace lvs::proc {
namespace {

constexpr std::size_t kChildStack = 64 * 1024;  // execvp's path buffer and script fallback fit

struct Child {
    char* const* argv;
    const SpawnOptions* opts;
    pid_t parent;
    int err = 0;  // written by the child when it cannot exec (shared memory)
};

// Runs on its own stack in the parent's memory, with every signal blocked:
// only system calls, nothing that allocates or takes a lock. The parent's
// handlers must never run here, so every disposition goes back to default
// before the mask is cleared.
__attribute__((no_sanitize("address", "undefined"))) int child_main(void* arg) {
    auto* c = static_cast<Child*>(arg);
    for (int s = 1; s < NSIG; ++s) signal(s, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    const SpawnOptions& opts = *c->opts;
    if (opts.new_process_group) setpgid(0, 0);
    if (opts.stdout_fd >= 0) {
        const int null = open("/dev/null", O_RDWR);
        if (null < 0 || dup2(null, 0) < 0 || dup2(null, 2) < 0 || dup2(opts.stdout_fd, 1) < 0) {
            c->err = errno;
            _exit(127);
        }
        if (null > 2) close(null);
    }
    if (opts.die_with_parent) {
        prctl(PR_SET_PDEATHSIG, opts.parent_death_signal);
        if (getppid() != c->parent) _exit(1);
    }
    if (opts.search_path) execvp(c->argv[0], c->argv);
    else execv(c->argv[0], c->argv);
    c->err = errno != 0 ? errno : ENOEXEC;
    _exit(127);
}

}  // namespace

Result<pid_t> spawn(const std::vector<std::string>& argv, const SpawnOptions& opts) {
    if (argv.empty()) return make_error(ErrorCode::Invalid, "empty argument vector");
    // A missing program costs no process (lvsd may start thousands of nannies).
    if (!opts.search_path && access(argv[0].c_str(), X_OK) != 0) return make_error(ErrorCode::NotFound, argv[0], errno);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    void* stack = mmap(nullptr, kChildStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return make_error(ErrorCode::Io, "mmap", errno);
    Child c{args.data(), &opts, getpid()};
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, &old);
    const pid_t pid = clone(child_main, static_cast<char*>(stack) + kChildStack, CLONE_VM | CLONE_VFORK | SIGCHLD, &c);
    const int clone_errno = errno;
    sigprocmask(SIG_SETMASK, &old, nullptr);
    munmap(stack, kChildStack);
    if (pid < 0) return make_error(ErrorCode::Io, "clone", clone_errno);
    // The child is reaped by the caller's SIGCHLD handling, as any other.
    if (c.err != 0) return make_error(ErrorCode::NotFound, "cannot execute " + argv[0], c.err);
    return pid;
}

}  // namespace lvs::proc
