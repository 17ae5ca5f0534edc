// SPDX-License-Identifier: GPL-2.0-or-later
// Benchmark fixture (guest): COUNT processes that do nothing but wake once a
// second, their phases spread over the second as the nannies' are. Their CPU
// is the floor that one process per real server pays for its wake-ups alone,
// before any check. The parent waits; SIGTERM to the process group ends all.
//   wakeups COUNT
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>

int main(int argc, char** argv) {
    const long count = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 1000;
    for (long i = 0; i < count; ++i) {
        if (fork() != 0) continue;
        timespec t{};
        clock_gettime(CLOCK_MONOTONIC, &t);
        t.tv_nsec += (i * 1000000000L / count) % 1000000000L;
        if (t.tv_nsec >= 1000000000L) ++t.tv_sec, t.tv_nsec -= 1000000000L;
        for (;;) {
            ++t.tv_sec;
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, nullptr);
        }
    }
    while (wait(nullptr) > 0) {
    }
    return 0;
}
