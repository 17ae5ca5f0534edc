// SPDX-License-Identifier: GPL-2.0-or-later
// FakeProcessRunner: records every argv and timeout it is asked to run and
// finishes a run only when the test calls finish() with a chosen result.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "nanny/process_runner.h"

namespace lvs::nanny {

class FakeProcessRunner final : public ProcessRunner {
public:
    struct Run {
        std::vector<std::string> argv;
        std::chrono::milliseconds timeout;
    };
    void start(const std::vector<std::string>& argv, std::chrono::milliseconds timeout, Done done) override {
        if (done_) ++cancels;
        runs.push_back({argv, timeout});
        done_ = std::move(done);
    }
    void cancel() override {
        if (done_) ++cancels;
        done_ = nullptr;
    }
    bool running() const override { return static_cast<bool>(done_); }
    // Ends the current run with `r`.
    void finish(const ProcessResult& r) {
        auto d = std::move(done_);
        done_ = nullptr;
        if (d) d(r);
    }

    std::vector<Run> runs;
    int cancels = 0;  // runs ended by cancel() or a new start()

private:
    Done done_;
};

}  // namespace lvs::nanny
