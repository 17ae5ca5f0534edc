// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's shell: the check timer, the prober, signals, the shared-memory
// slot and the doorbell to lvsd. Decisions are HealthFsm's.
#pragma once

#include <memory>

#include "common/ev/event_loop.h"
#include "common/shm/status_table.h"
#include "nanny/health_fsm.h"
#include "nanny/options.h"
#include "nanny/probe.h"

namespace lvs::nanny {

class NannyApp {
public:
    NannyApp(Options opts, ProbeSpec spec, HealthParams params, std::unique_ptr<shm::StatusTable> table);
    int run();

private:
    void check();
    void on_result(shm::ProbeOutcome o, std::chrono::microseconds latency);
    void apply(const std::optional<Transition>& t, shm::ProbeOutcome why);
    void publish();
    void stop(int signum);
    std::string target() const;

    Options opts_;
    ProbeSpec spec_;
    HealthFsm fsm_;
    std::unique_ptr<shm::StatusTable> table_;
    std::unique_ptr<Prober> prober_;
    std::unique_ptr<ev::Timer> next_;
    std::chrono::milliseconds interval_;
    shm::RealServerRecord rec_{};
    bool seen_up_ = false;  // FOS mode
    int exit_status_ = 0;
};

}  // namespace lvs::nanny
