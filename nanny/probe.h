// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's probe: one TCP or UDP check (connect, send, expect), or one run
// of a send_program, on the event loop without blocking. The outcome is an
// enum, never a log line.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "common/base/ip_address.h"
#include "common/shm/status_layout.h"
#include "nanny/expect_match.h"
#include "nanny/process_runner.h"

namespace lvs::nanny {

struct ProbeSpec {
    IpAddress addr;
    std::uint16_t port = 80;
    bool udp = false;
    std::string send;        // escape-decoded bytes, may be empty
    ExpectRule expect;       // Kind::None: connect (TCP) or any datagram (UDP)
    std::chrono::milliseconds timeout{10000};  // for the connect, and again for the reply
    std::vector<std::string> program;  // send_program argv (substituted): runs instead of a socket check
};

// `ended`: when the check was decided (the socket prober reads the coarse
// clock for it: a tick's resolution, and no system call).
using ProbeDone = std::function<void(shm::ProbeOutcome, std::chrono::microseconds latency,
                                     std::chrono::steady_clock::time_point ended)>;

class Prober {
public:
    virtual ~Prober() = default;
    // Starts a check; `done` is called once, from the loop or (a check
    // decided at once) from within start(). A running check is cancelled
    // first. `spec` is not copied: it must outlive the check.
    virtual void start(const ProbeSpec& spec, ProbeDone done) = 0;
    virtual void cancel() = 0;
};

std::unique_ptr<Prober> make_socket_prober();
// Runs spec.program through `runner` and judges it with program_outcome();
// the program's own stdout is not logged. Extra output bytes beyond the cap
// are added to `*discarded` when it is set.
std::unique_ptr<Prober> make_program_prober(std::unique_ptr<ProcessRunner> runner,
                                            std::uint64_t* discarded = nullptr);

}  // namespace lvs::nanny
