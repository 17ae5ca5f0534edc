// SPDX-License-Identifier: GPL-2.0-or-later
// ChildSet's real ports: processes through proc::spawn and kill(2), the
// alarm as a timer of the event loop (proc's one link to common/ev).
#include <signal.h>

#include "common/ev/event_loop.h"
#include "common/proc/child_set.h"

namespace lvs::proc {
namespace {

class SystemPorts final : public ChildPorts {
public:
    explicit SystemPorts(std::function<void()> alarm) : timer_(ev::Loop::instance().timer(std::move(alarm))) {}
    Result<pid_t> spawn(const std::vector<std::string>& argv, const SpawnOptions& opts) override {
        return proc::spawn(argv, opts);
    }
    void kill(pid_t pid, int sig) override { ::kill(pid, sig); }
    void arm(Clock::time_point when) override {
        const auto wait = std::chrono::ceil<Millis>(std::max(Clock::duration::zero(), when - Clock::now()));
        timer_->start(wait, Millis{0});
    }
    void disarm() override { timer_->stop(); }
    Clock::time_point now() const override { return Clock::now(); }

private:
    std::unique_ptr<ev::Timer> timer_;
};

}  // namespace

std::unique_ptr<ChildPorts> make_system_ports(std::function<void()> alarm) {
    return std::make_unique<SystemPorts>(std::move(alarm));
}

}  // namespace lvs::proc
