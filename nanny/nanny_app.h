// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's shell: the check timer, the prober, the load monitor, signals,
// the shared-memory slot and the doorbell to lvsd. Decisions are
// HealthFsm's (up/down) and WeightPlan's (slow start, load).
#pragma once

#include <memory>

#include "common/ev/event_loop.h"
#include "common/shm/status_table.h"
#include "nanny/health_fsm.h"
#include "nanny/options.h"
#include "nanny/probe.h"
#include "nanny/process_runner.h"
#include "nanny/weight_plan.h"

namespace lvs::nanny {

class NannyApp {
public:
    NannyApp(Options opts, ProbeSpec spec, HealthParams params, std::unique_ptr<shm::StatusTable> table);
    int run();

private:
    void check();
    void on_result(shm::ProbeOutcome o, std::chrono::microseconds latency, std::chrono::steady_clock::time_point ended);
    void apply(const std::optional<Transition>& t, shm::ProbeOutcome why);
    void publish();
    void update_weight();
    void arm_ramp(std::chrono::steady_clock::time_point now);
    std::chrono::milliseconds load_period() const;
    void sample_load();
    void on_load(const ProcessResult& r);
    void stop(int signum);
    std::string target() const;
    std::string reason(shm::ProbeOutcome o) const;

    Options opts_;
    ProbeSpec spec_;
    HealthFsm fsm_;
    std::unique_ptr<shm::StatusTable> table_;
    std::unique_ptr<Prober> prober_;
    std::unique_ptr<ev::Timer> next_;
    std::chrono::milliseconds interval_;
    WeightPlan weights_;
    std::unique_ptr<ev::Timer> ramp_;       // slow start steps
    std::optional<std::vector<std::string>> load_argv_;
    std::unique_ptr<ProcessRunner> load_runner_;
    std::unique_ptr<ev::Timer> load_timer_;
    shm::RealServerRecord rec_{};
    bool seen_up_ = false;  // FOS mode
    std::int64_t start_ns_ = 0;  // when the checks began (CLOCK_MONOTONIC)
    int exit_status_ = 0;
};

}  // namespace lvs::nanny
