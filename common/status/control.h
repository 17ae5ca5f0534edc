// SPDX-License-Identifier: GPL-2.0-or-later
// The operator's controls, shared by lvsctl and lvsweb: drain, undrain and
// force-up of a real server, reload and planned switchover. A control is a
// signal to the process that owns the decision (the server's nanny, pulse
// or lvsd), chosen from a status snapshot; the change then shows in the
// table, which confirm() reads. request_control() logs what it sends and
// for whom, once; its callers only report the outcome.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status/snapshot.h"

namespace lvs::status {

enum class Action : std::uint8_t { Drain, Undrain, ForceUp, Reload, Switchover };
const char* to_string(Action a);  // "drain", "undrain", "force-up", "reload", "switchover"
bool targets_server(Action a);    // drain, undrain, force-up

enum class ControlOutcome : std::uint8_t {
    Requested,     // the signal went out
    NoSuchServer,  // the target names no real server
    Ambiguous,     // ... more than one (ControlPlan::candidates)
    NoNanny,       // the server has no running nanny
    NoDaemon,      // reload: neither pulse nor lvsd runs
    NoPulse,       // switchover: pulse is not running
    Standby,       // switchover asked of the standby router
    NoPartner,     // switchover with redundancy = ecmp: every router is active
    SignalFailed,  // kill(2) failed (ControlPlan::sys_errno)
};

// What was asked, what came of it, and what to compare the table with to
// see it done.
struct ControlPlan {
    Action action = Action::Reload;
    ControlOutcome outcome = ControlOutcome::Requested;
    std::string subject;                  // "www/rs1", "pulse", "lvsd"
    std::vector<std::string> candidates;  // Ambiguous: the servers the target names
    int pid = 0;
    int sys_errno = 0;
    std::string partner;                  // Standby: the active router, if known
    // The table when the signal went out.
    std::uint32_t slot = 0;
    std::uint64_t verdict_seq = 0;
    std::uint64_t reloads = 0, reload_failures = 0;
    bool lvsd_present = false;
    std::uint32_t deadtime_ms = 0;
};

// The real servers `target` names: "virtual/server" exactly, else a
// server name, else "address:port". Pure.
std::vector<const ServerView*> match_servers(const Snapshot& s, const std::string& target);

// kill(2), or a fake in tests: 0, or -1 with errno set.
using Signal = std::function<int(int pid, int sig)>;
Signal system_signal();

// Chooses the process and signal from `s`, logs "WHAT ... by BY" at notice
// and sends it. `target` is for the server actions. Pure but for `signal`
// and the log line.
ControlPlan request_control(Action a, const std::string& target, const Snapshot& s, const std::string& by,
                            const Signal& signal);

enum class Confirmation : std::uint8_t {
    Pending,  // not yet in the table
    Done,     // drained/undrained/forced up; reload applied; partner active
    Refused,  // reload: lvsd refused the new lvs.cf (the running one stays)
};
// A Requested plan against a later snapshot. Pure.
Confirmation confirm(const ControlPlan& p, const Snapshot& now);
// How long a caller that waits should wait for confirm(). Pure.
std::chrono::milliseconds confirm_limit(const ControlPlan& p);

// One line for an outcome other than Requested, e.g. "no real server x",
// "this router is standby; run switchover on the active router 192.0.2.11".
std::string describe_failure(const ControlPlan& p);

}  // namespace lvs::status
