// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp: the adapter to BIRD. apply() writes the fragment to
// bird_include atomically (a temporary file in the same directory, fsync,
// rename) and has BIRD read it (`birdc -s SOCKET configure`); status()
// asks birdc for the BGP and BFD sessions and the announced routes. birdc
// runs by fork+exec with an explicit argv, never through a shell, beside
// the event loop (proc::Capture): pulse's loop never waits for it, and it
// is killed at the timeout. The recording fake is
// tests/fakes/fake_bird_control.h.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/result.h"
#include "common/config/lvs_config.h"
#include "common/proc/capture.h"
#include "pulse/bird_status.h"

namespace lvs::pulse {

struct BirdPaths {
    std::string birdc = "/usr/sbin/birdc";
    std::string socket = "/run/bird/bird.ctl";
    std::string include = "/etc/bird/lvs-vips.conf";
    std::chrono::milliseconds timeout{3000};  // per birdc run
    bool bfd = false;                          // status() asks for BFD sessions
    // status() asks for the routes of lvs_vips4 / lvs_vips6: only of the
    // families the virtual addresses have (a birdc run each, every second).
    bool routes4 = true;
    bool routes6 = true;
};

BirdPaths bird_paths(const config::LvsConfig& cfg);

// The birdc commands of one status request, in order: show protocols, show
// bfd sessions (with bfd), show route protocol lvs_vips4 / lvs_vips6 (as
// routes4 / routes6 say).
std::vector<std::vector<std::string>> status_commands(const BirdPaths& paths);

// birdc's argv for one command: {birdc, "-s", socket, words...}.
std::vector<std::string> birdc_argv(const BirdPaths& paths, const std::vector<std::string>& command);

// The status from the texts of show protocols, show bfd sessions and show
// route (the BGP rows only; routes of every text, each once).
BirdStatus bird_status(std::string_view protocols, std::string_view bfd_sessions,
                       const std::vector<std::string>& routes);

class BirdControl {
public:
    using Applied = std::function<void(Result<void>)>;
    using Polled = std::function<void(Result<BirdStatus>)>;
    virtual ~BirdControl() = default;
    // Writes `fragment` and reconfigures BIRD. `done` gets the outcome (an
    // error says which step failed: the write, birdc, or BIRD's refusal
    // with its message), later from the event loop, or from this call when
    // nothing could start. One apply at a time.
    virtual void apply(const std::string& fragment, Applied done) = 0;
    // The BGP and BFD sessions and the announced routes; `done` as for
    // apply. One status request at a time; it may run beside an apply.
    virtual void status(Polled done) = 0;
    // BIRD's paths after a reload (a request under way ends with the old).
    virtual void set_paths(BirdPaths paths) = 0;
};

class BirdControlLinux final : public BirdControl {
public:
    explicit BirdControlLinux(BirdPaths paths) : paths_(std::move(paths)) {}
    void apply(const std::string& fragment, Applied done) override;
    void status(Polled done) override;
    void set_paths(BirdPaths paths) override { paths_ = std::move(paths); }

private:
    void status_step();
    BirdPaths paths_;
    proc::Capture configure_;
    proc::Capture show_;
    // The status request under way: the commands left, the answers so far.
    std::vector<std::vector<std::string>> steps_;
    std::vector<std::string> answers_;
    bool asked_bfd_ = false;
    Polled polled_;
};

// The same as BirdControlLinux::apply, waiting for birdc: for pulse
// --release-addresses, which has no event loop.
Result<void> apply_and_wait(const BirdPaths& paths, const std::string& fragment);

// Writes `text` to `path` through PATH.tmp, fsync and rename: BIRD never
// reads half a file.
Result<void> write_file_atomic(const std::string& path, const std::string& text);

// Runs argv (fork+exec, no shell), returns its standard output; an error
// if it cannot start, outlives `timeout` (then it is killed) or exits
// non-zero.
Result<std::string> run_capture(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

}  // namespace lvs::pulse
