// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's FOS mode: fos --active on the active router, fos --monitor on the
// standby, and a monitor's exit as the take-over signal (spec §7.3).
#include "pulse/pulse_fos.h"

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "common/base/exit_codes.h"
#include "common/log/logger.h"
#include "common/proc/spawn.h"
#include "pulse/pulse_app.h"

namespace lvs::pulse {
namespace {

constexpr int kMaxFosRestarts = 5;

}  // namespace

const char* to_string(FosRole r) {
    switch (r) {
        case FosRole::None: return "none";
        case FosRole::Active: return "active";
        case FosRole::Monitor: return "monitor";
    }
    return "?";
}

FosRole wanted_fos(const FailoverFsm& fsm) {
    if (fsm.terminating()) return FosRole::None;
    if (fsm.active()) return FosRole::Active;
    const auto partner = fsm.partner_state();
    if (fsm.partner_alive() && (partner == hb::State::Running || partner == hb::State::StopMe))
        return FosRole::Monitor;
    return FosRole::None;
}

void PulseApp::sync_fos() {
    if (cfg_.service != config::ServiceMode::Fos || opts_.norun) return;
    const FosRole want = wanted_fos(fsm_);
    if (fos_ > 0) {
        if (want != fos_role_ && !fos_stopping_) {
            LVS_LOG_INFO("stopping fos (%s)", to_string(fos_role_));
            fos_stopping_ = true;
            ::kill(fos_, SIGTERM);
        }
        return;
    }
    // A gateway check or a network fault holds the monitors back, never the
    // services of a router that is active (the partner died meanwhile).
    if (want == FosRole::None || fos_delayed_ || (!fsm_.active() && (gateway_check_ || network_fault_))) return;
    const std::string path = opts_.fos.empty() ? settings_.fos : opts_.fos;
    std::vector<std::string> argv = {path, want == FosRole::Active ? "--active" : "--monitor", "-c", opts_.config,
                                     opts_.nodaemon ? "--nodaemon" : "--nofork"};
    if (opts_.settings_given) argv.insert(argv.end(), {"-i", opts_.settings});
    if (opts_.verbose) argv.push_back("-v");
    auto pid = proc::spawn(argv);
    if (!pid.ok()) {
        LVS_LOG_ERROR("cannot start fos: %s", pid.error().message().c_str());
        return on_fos_exit(kExitFailure << 8);
    }
    fos_ = *pid;
    fos_role_ = want;
    LVS_LOG_INFO("fos --%s running as pid %d", to_string(want), static_cast<int>(fos_));
}

void PulseApp::delay_fos(std::chrono::milliseconds ms) {
    fos_delayed_ = true;
    fos_timer_->start(ms, std::chrono::milliseconds(0));
}

void PulseApp::on_fos_exit(int status) {
    const FosRole role = fos_role_;
    const bool requested = fos_stopping_;
    fos_ = -1;
    fos_stopping_ = false;
    fos_role_ = FosRole::None;
    if (requested) return sync_fos();
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (role == FosRole::Monitor && code == kExitOk) {
        // A monitor saw the partner's service fail (nanny --fos exited).
        LVS_LOG_NOTICE("fos process exited -- checking network connectivity");
        return check_gateway();
    }
    LVS_LOG_WARN("fos process exited with status %d -- restarting it", code);
    if (code == kExitConfig || code == kExitUsage || ++fos_restarts_ > kMaxFosRestarts) {
        if (role == FosRole::Active) execute(fsm_.on_lvsd_failed(true, Clock::now()));  // hand the services over
        else LVS_LOG_ERROR("fos cannot be kept running: not monitoring the partner");
        return;
    }
    delay_fos(std::chrono::milliseconds(100LL << (fos_restarts_ - 1)));
}

// Before taking the services over, make sure the fault is the partner's:
// a router that cannot reach its default gateway stays passive (spec §7.3).
void PulseApp::check_gateway() {
    const auto gw = net::default_gateway();
    if (!gw || !pinger_) {
        LVS_LOG_ERROR("remote service unavailable; gateway unavailable (%s)",
                      !gw ? "no default route" : "no ICMP socket");
        return on_gateway(false);
    }
    gateway_check_ = true;
    pinger_->ping(*gw, 3, std::chrono::milliseconds(1000), [this](bool ok) { on_gateway(ok); });
}

void PulseApp::on_gateway(bool reachable) {
    gateway_check_ = false;
    if (!reachable) {
        LVS_LOG_ERROR("I SEEM TO HAVE A NETWORK FAULT! Not taking the services over");
        network_fault_ = true;  // the next heartbeat from the partner ends it
        return;
    }
    LVS_LOG_NOTICE("remote service unavailable but we can see the gateway");
    LVS_LOG_NOTICE("seems like a remote network fault; performing service failover");
    execute(fsm_.on_partner_service_failed(Clock::now()));
    if (!fsm_.active()) delay_fos(std::chrono::milliseconds(1000));  // could not take over: watch again later
}

// A heartbeat arrived while we sat out a network fault: watch again.
void PulseApp::network_fault_over() {
    if (!network_fault_) return;
    network_fault_ = false;
    LVS_LOG_NOTICE("Network fault seems to be fixed");
    delay_fos(std::chrono::milliseconds(1000));
}

void PulseApp::wait_fos() {
    if (fos_ <= 0) return;
    if (!fos_stopping_) ::kill(fos_, SIGTERM);
    // fos runs stop_cmd (bounded by cmd_timeout) before it exits.
    for (int i = 0; fos_ > 0 && i < 1200; ++i) {
        int st = 0;
        if (::waitpid(fos_, &st, WNOHANG) == fos_) fos_ = -1;
        else ::usleep(50000);
    }
    if (fos_ > 0) {
        LVS_LOG_WARN("fos did not stop within 60 s: killing it");
        ::kill(fos_, SIGKILL);
    }
}

}  // namespace lvs::pulse
