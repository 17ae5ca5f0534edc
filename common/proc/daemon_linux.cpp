// SPDX-License-Identifier: GPL-2.0-or-later
// Daemonising and PID files.
#include <fcntl.h>
#include <malloc.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "common/proc/daemon.h"

namespace lvs::proc {

Status daemonize(bool fork_away) {
    if (fork_away) {
        pid_t pid = fork();
        if (pid < 0) return make_error(ErrorCode::Io, "fork", errno);
        if (pid > 0) _exit(0);
    }
    if (setsid() < 0 && fork_away) return make_error(ErrorCode::Io, "setsid", errno);
    if (fork_away) {
        pid_t pid = fork();
        if (pid < 0) return make_error(ErrorCode::Io, "fork", errno);
        if (pid > 0) _exit(0);
    }
    if (chdir("/") != 0) return make_error(ErrorCode::Io, "chdir /", errno);
    const int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd < 0) return make_error(ErrorCode::Io, "open /dev/null", errno);
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    if (fd > 2) close(fd);
    return ok_status();
}

Status write_pidfile(const std::string& path) {
    std::ifstream in(path);
    long old = 0;
    if (in >> old && old > 0 && old != getpid() && kill(static_cast<pid_t>(old), 0) == 0)
        return make_error(ErrorCode::Exists, "already running as pid " + std::to_string(old) + " (" + path + ")");
    const std::string tmp = path + ".tmp";
    FILE* f = std::fopen(tmp.c_str(), "w");
    if (!f) return make_error(ErrorCode::Io, "cannot write " + tmp, errno);
    std::fprintf(f, "%d\n", static_cast<int>(getpid()));
    if (std::fclose(f) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0)
        return make_error(ErrorCode::Io, "cannot write " + path, errno);
    return ok_status();
}

void remove_pidfile(const std::string& path) { unlink(path.c_str()); }

Status set_realtime(int priority) {
    if (priority <= 0) return {};
    sched_param p{};
    p.sched_priority = priority;
    if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &p) != 0)
        return make_error(ErrorCode::Permission, "real-time priority " + std::to_string(priority), errno);
    return {};
}

Status lock_memory() {
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer maps terabytes of shadow memory: locking it would
    // fault all of it in. A sanitizer build is a test build; it runs unlocked.
    return make_error(ErrorCode::Invalid, "locking memory (not in an AddressSanitizer build)", 0);
#endif
    if (mlockall(MCL_CURRENT) != 0) return make_error(ErrorCode::Permission, "locking memory", errno);
    return {};
}

void return_large_buffers() {
    mallopt(M_MMAP_THRESHOLD, 64 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024);
}

}  // namespace lvs::proc
