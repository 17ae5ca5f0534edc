// SPDX-License-Identifier: GPL-2.0-or-later
// The suite's one restart policy (restart_policy.h).
#include "common/proc/restart_policy.h"

#include <sys/wait.h>

#include <algorithm>

#include "common/base/exit_codes.h"

namespace lvs::proc {

const char* to_string(ExitKind k) {
    switch (k) {
        case ExitKind::Clean: return "clean exit";
        case ExitKind::Failure: return "failure";
        case ExitKind::Signal: return "killed by a signal";
        case ExitKind::Config: return "configuration error";
        case ExitKind::Permission: return "missing permission";
        case ExitKind::Usage: return "usage error";
    }
    return "?";
}

const char* to_string(Decision::Kind k) {
    switch (k) {
        case Decision::Kind::Restart: return "restart";
        case Decision::Kind::Done: return "done";
        case Decision::Kind::GiveUp: return "give up";
        case Decision::Kind::Escalate: return "escalate";
    }
    return "?";
}

ExitStatus classify(int wait_status) {
    ExitStatus s;
    if (WIFSIGNALED(wait_status)) {
        s.kind = ExitKind::Signal;
        s.signal = WTERMSIG(wait_status);
        s.code = 128 + s.signal;
        return s;
    }
    s.code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : kExitFailure;
    switch (s.code) {
        case kExitOk: s.kind = ExitKind::Clean; break;
        case kExitConfig: s.kind = ExitKind::Config; break;
        case kExitPermission: s.kind = ExitKind::Permission; break;
        case kExitUsage: s.kind = ExitKind::Usage; break;
        default: s.kind = ExitKind::Failure; break;
    }
    return s;
}

Millis restart_delay(const RestartParams& p, int n) {
    auto d = p.first_delay;
    for (int i = 1; i < n && d < p.max_delay; ++i) d *= 2;
    return std::min(d, p.max_delay);
}

void note_start(RestartHistory& h, Clock::time_point now) { h.started = now; }

Decision decide(const RestartParams& p, RestartHistory& h, int wait_status, Clock::time_point now) {
    Decision d;
    d.status = classify(wait_status);
    if (now - h.started >= p.stable_run) h.streak = 0;
    const auto stop = p.escalate ? Decision::Kind::Escalate : Decision::Kind::GiveUp;
    switch (d.status.kind) {
        case ExitKind::Config:
        case ExitKind::Permission:
        case ExitKind::Usage: d.kind = stop; return d;
        case ExitKind::Clean:
            if (!p.restart_clean_exit) {
                d.kind = Decision::Kind::Done;
                return d;
            }
            break;
        case ExitKind::Failure:
        case ExitKind::Signal: break;
    }
    if (h.streak >= p.max_streak) {
        d.kind = stop;
        d.too_many = true;
        return d;
    }
    ++h.streak;
    ++h.restarts;
    d.kind = Decision::Kind::Restart;
    d.after = restart_delay(p, h.streak);
    return d;
}

}  // namespace lvs::proc
