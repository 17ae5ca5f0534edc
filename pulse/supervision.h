// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's children, kept by the suite's restart policy (common/proc):
//   - lvsd, on both routers (warm standby). A crash is retried with a
//     backoff; lvsd that cannot be kept running is escalated: the router
//     hands the service over. A reload retries it.
//   - fos in FOS mode: `fos --active` on the active router, `fos --monitor`
//     on a standby whose partner serves. A monitor that exits 0 saw the
//     partner's service fail: before taking over, the router checks that
//     it can see its default gateway (a router that cannot has the network
//     fault itself and stays passive). A new fos never starts before the
//     previous one has exited, so the services never run twice.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/ev/event_loop.h"
#include "common/net/gateway.h"
#include "common/proc/child_set.h"
#include "pulse/pulse_fos.h"

namespace lvs::pulse {

class Supervision {
public:
    struct Events {
        std::function<void(bool failed)> lvsd_failed{};        // escalated, or runs again after a reload
        std::function<bool()> partner_service_failed{};         // FOS: take the services over; true if active now
        std::function<void()> changed{};                        // re-evaluate (a hold ended)
        std::function<void()> all_stopped{};                    // after stop()
    };
    struct Commands {
        std::vector<std::string> lvsd;  // empty: no lvsd (FOS mode, --norun)
        std::vector<std::string> fos_active, fos_monitor;  // empty: not FOS mode
    };

    // `pinger` may be null (no gateway check possible: the router stays passive).
    Supervision(proc::ChildPorts& ports, Commands cmds, net::GatewayPinger* pinger, Events events);

    void start_lvsd();
    // The fos child the failover machine wants now.
    void sync_fos(const FailoverFsm& fsm);
    // A heartbeat arrived: a network fault we sat out is over.
    void heartbeat_seen();
    // SIGHUP to the children that run; a given-up one is started again.
    void reload();
    // Stops every child without blocking: lvsd gets 10 s, fos 60 s (it
    // runs its stop_cmd first) before SIGKILL; then Events::all_stopped.
    void stop();

    bool on_exit(pid_t pid, int wait_status) { return set_.on_exit(pid, wait_status); }
    void on_alarm() { set_.on_alarm(); }
    // FOS: a fos --active child runs (or is still stopping its services).
    bool services_running() const;
    pid_t lvsd_pid() const { return lvsd_ ? set_.pid(lvsd_) : -1; }
    // FOS: the fos child that runs now, or the one still stopping (-1: none).
    pid_t fos_pid() const;
    std::uint64_t lvsd_restarts() const { return lvsd_restarts_; }

private:
    void on_exited(proc::ChildId id, pid_t pid, const proc::Decision& d, const Error* spawn_error);
    void on_lvsd_exit(pid_t pid, const proc::Decision& d, const Error* spawn_error);
    void on_fos_exit(const proc::Decision& d, const Error* spawn_error);
    void forget_fos(std::chrono::milliseconds grace);
    void hold_fos(std::chrono::milliseconds ms);
    void check_gateway();
    void on_gateway(bool reachable);
    const std::vector<std::string>& fos_argv(FosRole r) const;

    proc::ChildPorts& ports_;  // signals go through it too (a recording fake in tests)
    Commands cmds_;
    net::GatewayPinger* pinger_;
    Events ev_;
    proc::ChildSet set_;
    proc::ChildId lvsd_ = 0;
    std::uint64_t lvsd_restarts_ = 0;
    proc::ChildId fos_ = 0;            // the fos child, if any
    proc::ChildId fos_leaving_ = 0;    // a fos asked to stop, until it exits
    FosRole fos_role_ = FosRole::None;
    bool held_ = false;                // a delay before the next fos start
    bool gateway_check_ = false;       // a check is under way
    bool network_fault_ = false;       // we could not see the gateway: passive
    std::unique_ptr<ev::Timer> hold_timer_;
};

}  // namespace lvs::pulse
