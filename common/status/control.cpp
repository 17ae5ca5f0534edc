// SPDX-License-Identifier: GPL-2.0-or-later
// The controls: which process gets which signal, and when it shows.
#include "common/status/control.h"

#include <algorithm>
#include <signal.h>

#include <cerrno>
#include <cstring>

#include "common/hb/heartbeat.h"
#include "common/log/logger.h"

namespace lvs::status {

const char* to_string(Action a) {
    switch (a) {
        case Action::Drain: return "drain";
        case Action::Undrain: return "undrain";
        case Action::ForceUp: return "force-up";
        case Action::Reload: return "reload";
        case Action::Switchover: return "switchover";
    }
    return "?";
}

bool targets_server(Action a) { return a == Action::Drain || a == Action::Undrain || a == Action::ForceUp; }

std::vector<const ServerView*> match_servers(const Snapshot& s, const std::string& target) {
    std::vector<const ServerView*> exact, by_name, by_addr;
    for (const auto& v : s.servers) {
        const std::string n = server_name(v);
        const auto slash = n.find('/');
        if (n == target) exact.push_back(&v);
        if (slash != std::string::npos && n.substr(slash + 1) == target) by_name.push_back(&v);
        if (server_text(v.rs) == target) by_addr.push_back(&v);
    }
    if (!exact.empty()) return exact;
    if (!by_name.empty()) return by_name;
    return by_addr;
}

Signal system_signal() {
    return [](int pid, int sig) { return ::kill(pid, sig); };
}

namespace {

void send(ControlPlan& p, int sig, const Signal& signal) {
    if (signal(p.pid, sig) != 0) {
        p.sys_errno = errno;
        p.outcome = ControlOutcome::SignalFailed;
    }
}

ControlPlan server_control(ControlPlan p, const std::string& target, const Snapshot& s, const std::string& by,
                           const Signal& signal) {
    const auto hits = match_servers(s, target);
    p.subject = target;
    if (hits.empty()) return p.outcome = ControlOutcome::NoSuchServer, p;
    if (hits.size() > 1) {
        for (const auto* h : hits) p.candidates.push_back(server_name(*h));
        return p.outcome = ControlOutcome::Ambiguous, p;
    }
    const auto& v = *hits.front();
    p.subject = server_name(v);
    p.pid = v.rs.owner_pid;
    p.slot = v.slot;
    p.verdict_seq = v.rs.verdict_seq;
    if (p.pid <= 0) return p.outcome = ControlOutcome::NoNanny, p;
    LVS_LOG_NOTICE("%s %s (nanny pid %d) by %s", to_string(p.action), p.subject.c_str(), p.pid, by.c_str());
    send(p, p.action == Action::Drain ? SIGUSR1 : p.action == Action::ForceUp ? SIGUSR2 : SIGHUP, signal);
    return p;
}

}  // namespace

ControlPlan request_control(Action a, const std::string& target, const Snapshot& s, const std::string& by,
                            const Signal& signal) {
    ControlPlan p;
    p.action = a;
    p.reloads = s.lvsd.reloads;
    p.reload_failures = s.lvsd.reload_failures;
    p.lvsd_present = s.lvsd_present;
    p.deadtime_ms = s.router.deadtime_ms;
    if (targets_server(a)) return server_control(std::move(p), target, s, by, signal);
    if (a == Action::Reload) {
        p.pid = s.router_present ? s.router.pid : s.lvsd_present ? s.lvsd.pid : 0;
        p.subject = s.router_present ? "pulse" : "lvsd";
        if (p.pid <= 0) return p.outcome = ControlOutcome::NoDaemon, p;
        LVS_LOG_NOTICE("reload of %s (pid %d) by %s", p.subject.c_str(), p.pid, by.c_str());
        send(p, SIGHUP, signal);
        return p;
    }
    p.subject = "pulse";
    p.pid = s.router.pid;
    if (!s.router_present) return p.outcome = ControlOutcome::NoPulse, p;
    if (s.router.ecmp) return p.outcome = ControlOutcome::NoPartner, p;
    if (!s.router.active) {
        p.partner = std::string(s.router.partner, strnlen(s.router.partner, sizeof s.router.partner));
        return p.outcome = ControlOutcome::Standby, p;
    }
    LVS_LOG_NOTICE("switchover requested by %s", by.c_str());
    send(p, SIGUSR1, signal);
    return p;
}

Confirmation confirm(const ControlPlan& p, const Snapshot& now) {
    switch (p.action) {
        case Action::Drain: case Action::Undrain: case Action::ForceUp:
            for (const auto& x : now.servers) {
                if (x.slot != p.slot) continue;
                bool done = false;
                if (p.action == Action::Drain) done = x.rs.state == shm::RsState::Drained && x.dest.kernel_weight <= 0;
                else if (p.action == Action::ForceUp) done = x.rs.state == shm::RsState::ForcedUp && x.dest.kernel_weight > 0;
                else done = x.rs.verdict_seq != p.verdict_seq || x.rs.state == shm::RsState::Up;
                return done ? Confirmation::Done : Confirmation::Pending;
            }
            return Confirmation::Pending;
        case Action::Reload:
            if (now.lvsd.reloads > p.reloads) return Confirmation::Done;
            return now.lvsd.reload_failures > p.reload_failures ? Confirmation::Refused : Confirmation::Pending;
        case Action::Switchover:
            return now.router.active ? Confirmation::Pending : Confirmation::Done;
    }
    return Confirmation::Pending;
}

std::chrono::milliseconds confirm_limit(const ControlPlan& p) {
    if (targets_server(p.action)) return std::chrono::milliseconds(3000);
    if (p.action == Action::Reload) return std::chrono::milliseconds(5000);
    // pulse gives the partner deadtime, at least kMinReleaseWindow, to take
    // over; then 2 s to see the result.
    const std::chrono::milliseconds deadtime(p.deadtime_ms);
    return std::max(deadtime, hb::kMinReleaseWindow) + std::chrono::milliseconds(2000);
}

std::string describe_failure(const ControlPlan& p) {
    switch (p.outcome) {
        case ControlOutcome::Requested: return std::string(to_string(p.action)) + " requested";
        case ControlOutcome::NoSuchServer: return "no real server " + p.subject;
        case ControlOutcome::Ambiguous: {
            std::string m = p.subject + " is ambiguous:";
            for (const auto& c : p.candidates) m += " " + c;
            return m;
        }
        case ControlOutcome::NoNanny: return p.subject + " has no running nanny";
        case ControlOutcome::NoDaemon: return "neither pulse nor lvsd is running";
        case ControlOutcome::NoPulse: return "pulse is not running";
        case ControlOutcome::Standby:
            return "this router is standby; run switchover on the active router" + (p.partner.empty() ? "" : " " + p.partner);
        case ControlOutcome::NoPartner:
            return "redundancy = ecmp has no partner to switch over to: stop pulse on this router to withdraw its "
                   "routes (it drains for withdraw_drain first)";
        case ControlOutcome::SignalFailed:
            return (targets_server(p.action) ? p.subject : std::string(to_string(p.action))) + ": " +
                   std::strerror(p.sys_errno);
    }
    return "?";
}

}  // namespace lvs::status
