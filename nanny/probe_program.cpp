// SPDX-License-Identifier: GPL-2.0-or-later
// The send_program prober: a ProcessRunner run judged by program_outcome().
#include "nanny/probe.h"

namespace lvs::nanny {
namespace {

using Clock = std::chrono::steady_clock;

class ProgramProber final : public Prober {
public:
    ProgramProber(std::unique_ptr<ProcessRunner> runner, std::uint64_t* discarded)
        : runner_(std::move(runner)), discarded_(discarded) {}
    ~ProgramProber() override { cancel(); }

    void start(const ProbeSpec& spec, ProbeDone done) override {
        cancel();
        expect_ = spec.expect;
        const auto t0 = Clock::now();
        runner_->start(spec.program, spec.timeout, [this, t0, done = std::move(done)](const ProcessResult& r) {
            if (discarded_) *discarded_ += r.discarded;
            const auto ended = Clock::now();
            done(program_outcome(r, expect_), std::chrono::duration_cast<std::chrono::microseconds>(ended - t0), ended);
        });
    }

    void cancel() override { runner_->cancel(); }

private:
    std::unique_ptr<ProcessRunner> runner_;
    std::uint64_t* discarded_;
    ExpectRule expect_;
};

}  // namespace

std::unique_ptr<Prober> make_program_prober(std::unique_ptr<ProcessRunner> runner, std::uint64_t* discarded) {
    return std::make_unique<ProgramProber>(std::move(runner), discarded);
}

}  // namespace lvs::nanny
