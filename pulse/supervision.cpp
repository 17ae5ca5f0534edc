// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's children: lvsd, and fos in FOS mode (supervision.h).
#include "pulse/supervision.h"

#include <csignal>

#include "common/log/logger.h"

namespace lvs::pulse {
namespace {

constexpr auto kLvsdGrace = std::chrono::seconds(10);
constexpr auto kFosGrace = std::chrono::seconds(60);  // fos runs stop_cmd (bounded by cmd_timeout) first
constexpr auto kFosRetry = std::chrono::milliseconds(1000);

// lvsd and fos: five restarts in a row, then the router hands over (lvsd,
// an active fos) or stops watching (a monitor). A minute of running clears
// the streak.
proc::RestartParams policy(bool escalate, bool restart_clean_exit) {
    proc::RestartParams p;
    p.max_streak = 5;
    p.escalate = escalate;
    p.restart_clean_exit = restart_clean_exit;
    return p;
}

}  // namespace

Supervision::Supervision(proc::ChildPorts& ports, Commands cmds, net::GatewayPinger* pinger, Events events)
    : ports_(ports), cmds_(std::move(cmds)), pinger_(pinger), ev_(std::move(events)),
      set_(ports, proc::ChildSet::Handlers{
                      .started =
                          [this](proc::ChildId id, pid_t pid) {
                              if (id == lvsd_) LVS_LOG_INFO("lvsd running as pid %d", static_cast<int>(pid));
                              else LVS_LOG_INFO("fos --%s running as pid %d", to_string(fos_role_), static_cast<int>(pid));
                          },
                      .exited = [this](proc::ChildId id, pid_t pid, const proc::Decision& d,
                                       const Error* e) { on_exited(id, pid, d, e); },
                      .all_stopped = [this] {
                          if (ev_.all_stopped) ev_.all_stopped();
                      }}),
      hold_timer_(ev::Loop::instance().timer([this] {
          held_ = false;
          if (ev_.changed) ev_.changed();
      })) {}

void Supervision::start_lvsd() {
    if (cmds_.lvsd.empty() || lvsd_) return;
    // If pulse dies (kill -9), lvsd hears SIGUSR2: it stops its nannies but
    // leaves the IPVS table, so connections keep flowing through addresses
    // that are still here until the partner takes over.
    lvsd_ = set_.add(proc::ChildSpec{.argv = cmds_.lvsd,
                                     .spawn = proc::SpawnOptions{.parent_death_signal = SIGUSR2},
                                     .policy = policy(true, true)},
                     false);
    set_.start(lvsd_);  // the id is known to the handlers from the first start on
}

void Supervision::on_exited(proc::ChildId id, pid_t pid, const proc::Decision& d, const Error* spawn_error) {
    if (id == lvsd_) return on_lvsd_exit(pid, d, spawn_error);
    if (id == fos_) return on_fos_exit(d, spawn_error);
}

void Supervision::on_lvsd_exit(pid_t pid, const proc::Decision& d, const Error* spawn_error) {
    using Kind = proc::Decision::Kind;
    if (spawn_error) LVS_LOG_ERROR("cannot start lvsd: %s", spawn_error->message().c_str());
    else if (d.status.signal) LVS_LOG_WARN("Child process %d terminated with signal %d", pid, d.status.signal);
    else LVS_LOG_WARN("Child process %d exited with status %d", pid, d.status.code);
    if (d.kind == Kind::Restart) {
        ++lvsd_restarts_;
        return;
    }
    // lvsd keeps failing, or cannot run at all: hand the service over.
    if (!spawn_error)
        LVS_LOG_ERROR("lvsd cannot be kept running (%s): handing the service over",
                      d.too_many ? "too many restarts in a row" : proc::to_string(d.status.kind));
    if (ev_.lvsd_failed) ev_.lvsd_failed(true);
}

void Supervision::reload() {
    held_ = false;  // a fos given up is started again by the next sync_fos
    hold_timer_->stop();
    if (lvsd_ && set_.gave_up(lvsd_)) {
        LVS_LOG_NOTICE("starting lvsd again after the reload");
        set_.start(lvsd_);
        if (set_.running(lvsd_) && ev_.lvsd_failed) ev_.lvsd_failed(false);
    } else if (pid_t p = lvsd_pid(); p > 0) {
        ports_.kill(p, SIGHUP);  // no child: nothing to forward
    }
    if (fos_ && set_.running(fos_)) ports_.kill(set_.pid(fos_), SIGHUP);  // fos reloads its services
}

void Supervision::stop() {
    if (lvsd_) set_.remove(lvsd_, kLvsdGrace);
    if (fos_) forget_fos(kFosGrace);
    lvsd_ = 0;
    set_.stop_all(kFosGrace);
}

// --- FOS mode --------------------------------------------------------------

bool Supervision::services_running() const {
    if (fos_ && fos_role_ == FosRole::Active && set_.running(fos_)) return true;
    return fos_leaving_ && set_.running(fos_leaving_);
}

pid_t Supervision::fos_pid() const {
    if (fos_ && set_.running(fos_)) return set_.pid(fos_);
    if (fos_leaving_ && set_.running(fos_leaving_)) return set_.pid(fos_leaving_);
    return -1;
}

const std::vector<std::string>& Supervision::fos_argv(FosRole r) const {
    return r == FosRole::Active ? cmds_.fos_active : cmds_.fos_monitor;
}

void Supervision::sync_fos(const FailoverFsm& fsm) {
    if (cmds_.fos_active.empty()) return;
    const FosRole want = wanted_fos(fsm);
    if (fos_) {
        if (want == fos_role_) return;
        LVS_LOG_INFO("stopping fos (%s)", to_string(fos_role_));
        fos_leaving_ = fos_;
        forget_fos(kFosGrace);
    }
    if (fos_leaving_ && set_.running(fos_leaving_)) return;  // its exit brings us back here
    fos_leaving_ = 0;
    // A gateway check or a network fault holds the monitors back, never the
    // services of a router that is active (the partner died meanwhile).
    if (want == FosRole::None || held_ || (!fsm.active() && (gateway_check_ || network_fault_))) return;
    fos_role_ = want;
    fos_ = set_.add(proc::ChildSpec{.argv = fos_argv(want), .spawn = {}, .policy = policy(false, want != FosRole::Monitor)},
                    false);
    set_.start(fos_);
}

void Supervision::on_fos_exit(const proc::Decision& d, const Error* spawn_error) {
    using Kind = proc::Decision::Kind;
    const FosRole role = fos_role_;
    if (d.kind == Kind::Done) {
        // A monitor saw the partner's service fail (nanny --fos exited).
        forget_fos(kFosGrace);
        LVS_LOG_NOTICE("fos process exited -- checking network connectivity");
        return check_gateway();
    }
    if (spawn_error) LVS_LOG_ERROR("cannot start fos: %s", spawn_error->message().c_str());
    else LVS_LOG_WARN("fos process exited with status %d -- restarting it", d.status.code);
    if (d.kind == Kind::Restart) return;
    forget_fos(kFosGrace);
    if (role == FosRole::Active) {
        LVS_LOG_ERROR("fos cannot be kept running: handing the services over");
        if (ev_.lvsd_failed) ev_.lvsd_failed(true);
    } else {
        LVS_LOG_ERROR("fos cannot be kept running: not monitoring the partner");
        held_ = true;  // until a reload clears it
    }
}

// The fos child leaves the set (stopped first if it runs).
void Supervision::forget_fos(std::chrono::milliseconds grace) {
    set_.remove(fos_, grace);
    fos_ = 0;
    fos_role_ = FosRole::None;
}

void Supervision::hold_fos(std::chrono::milliseconds ms) {
    held_ = true;
    hold_timer_->start(ms, std::chrono::milliseconds(0));
}

void Supervision::check_gateway() {
    const auto gw = net::default_gateway();
    if (!gw || !pinger_) {
        LVS_LOG_ERROR("remote service unavailable; gateway unavailable (%s)",
                      !gw ? "no default route" : "no ICMP socket");
        return on_gateway(false);
    }
    gateway_check_ = true;
    pinger_->ping(*gw, 3, std::chrono::milliseconds(1000), [this](bool ok) { on_gateway(ok); });
}

void Supervision::on_gateway(bool reachable) {
    gateway_check_ = false;
    if (!reachable) {
        LVS_LOG_ERROR("I SEEM TO HAVE A NETWORK FAULT! Not taking the services over");
        network_fault_ = true;  // the next heartbeat from the partner ends it
        return;
    }
    LVS_LOG_NOTICE("remote service unavailable but we can see the gateway");
    LVS_LOG_NOTICE("seems like a remote network fault; performing service failover");
    const bool taken = ev_.partner_service_failed && ev_.partner_service_failed();
    if (!taken) hold_fos(kFosRetry);  // could not take over: watch again later
}

void Supervision::heartbeat_seen() {
    if (!network_fault_) return;
    network_fault_ = false;
    LVS_LOG_NOTICE("Network fault seems to be fixed");
    hold_fos(kFosRetry);
}

}  // namespace lvs::pulse
