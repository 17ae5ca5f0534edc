// SPDX-License-Identifier: GPL-2.0-or-later
// When a child that exited on its own is started again. Pure: the exit
// status, the child's history and `now` go in; a decision comes out.
// Every parent of the suite (pulse for lvsd and fos, lvsd for its nannies)
// applies the same rules, written once here:
//   - exit 2 (configuration), 3 (permission) and 4 (usage) are never
//     retried: the same command line would fail the same way;
//   - any other exit, or death by a signal, is retried after a delay that
//     starts at first_delay and doubles up to max_delay;
//   - more than max_streak restarts in a row ends the retries;
//   - a run of at least stable_run clears the streak, so a child that
//     crashes once a day is restarted for ever, one that crashes at once
//     is not.
// A child that is not retried is given up, or, where the parent cannot do
// its job without it (lvsd under pulse, an active fos, nannies with
// hard_shutdown), escalated.
#pragma once

#include <chrono>
#include <cstdint>

namespace lvs::proc {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

struct RestartParams {
    Millis first_delay{100};
    Millis max_delay{30000};
    Millis stable_run{60000};
    int max_streak = 10;
    bool restart_clean_exit = true;  // false: exit 0 means done (a fos monitor saw its failure)
    bool escalate = false;           // a child not retried is escalated rather than given up
};

// What the policy remembers of one child; the owner keeps it per child.
struct RestartHistory {
    int streak = 0;              // restarts since the last stable run
    std::uint64_t restarts = 0;  // in the child's life, for the status table
    Clock::time_point started{};
};

// Why a child exited, from its wait status.
enum class ExitKind : std::uint8_t { Clean, Failure, Signal, Config, Permission, Usage };
const char* to_string(ExitKind k);

struct ExitStatus {
    ExitKind kind = ExitKind::Clean;
    int code = 0;  // the exit code, or 128 + the signal number
    int signal = 0;
};
ExitStatus classify(int wait_status);

struct Decision {
    enum class Kind : std::uint8_t {
        Restart,   // start it again after `after`
        Done,      // a clean exit that needs no restart (restart_clean_exit false)
        GiveUp,    // leave it stopped; the parent carries on without it
        Escalate,  // leave it stopped; the parent must act (hand the service over)
    };
    Kind kind = Kind::Restart;
    Millis after{0};
    ExitStatus status;
    bool too_many = false;  // given up because of max_streak, not the exit code
};
const char* to_string(Decision::Kind k);

// Backoff before restart number `n` (1-based): first_delay doubling to max_delay.
Millis restart_delay(const RestartParams& p, int n);

// Records a start.
void note_start(RestartHistory& h, Clock::time_point now);
// Decides about an exit the parent did not ask for, and updates `h`.
Decision decide(const RestartParams& p, RestartHistory& h, int wait_status, Clock::time_point now);

}  // namespace lvs::proc
