// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's helper processes (send_program checks, load commands): run an
// argument vector without a shell, collect its stdout up to a cap, and end
// it at a timeout. The interface keeps the cores testable; the event-loop
// adapter is process_runner_ev.cpp, the fake tests/fakes/fake_process_runner.h.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "nanny/program_check.h"

namespace lvs::nanny {

class ProcessRunner {
public:
    using Done = std::function<void(const ProcessResult&)>;
    virtual ~ProcessRunner() = default;
    // Runs `argv` (argv[0] looked up in PATH when it has no slash) in a
    // process group of its own, stdin and stderr on /dev/null. `done` is
    // called once, from the loop, when the program exits or when `timeout`
    // expires (the whole group is then SIGKILLed). A run in progress is
    // cancelled first. Call from the loop thread only.
    virtual void start(const std::vector<std::string>& argv, std::chrono::milliseconds timeout, Done done) = 0;
    // SIGKILLs the process group of a run in progress; `done` is not called.
    virtual void cancel() = 0;
    virtual bool running() const = 0;
};

// The event-loop adapter (ev::Loop). Output beyond `cap` bytes is read
// and discarded (ProcessResult::discarded).
std::unique_ptr<ProcessRunner> make_process_runner(std::size_t cap = kMaxProgramOutput);

}  // namespace lvs::nanny
