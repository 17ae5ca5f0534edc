// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's probe: one TCP or UDP check (connect, send, expect) run on the
// libev loop without blocking. The outcome is an enum, never a log line.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "common/base/ip_address.h"
#include "common/shm/status_layout.h"
#include "nanny/expect_match.h"

namespace lvs::nanny {

struct ProbeSpec {
    IpAddress addr;
    std::uint16_t port = 80;
    bool udp = false;
    std::string send;        // escape-decoded bytes, may be empty
    ExpectRule expect;       // Kind::None: connect (TCP) or any datagram (UDP)
    std::chrono::milliseconds timeout{10000};  // for the connect, and again for the reply
};

using ProbeDone = std::function<void(shm::ProbeOutcome, std::chrono::microseconds latency)>;

class Prober {
public:
    virtual ~Prober() = default;
    // Starts a check; `done` is called once from the loop. A running check
    // is cancelled first.
    virtual void start(const ProbeSpec& spec, ProbeDone done) = 0;
    virtual void cancel() = 0;
};

std::unique_ptr<Prober> make_socket_prober();

}  // namespace lvs::nanny
