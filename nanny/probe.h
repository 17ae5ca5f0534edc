// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's probe: one TCP or UDP check (connect, send, expect), or one run
// of a send_program, on the event loop without blocking. The outcome is an
// enum, never a log line.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/base/ip_address.h"
#include "common/net/dns_message.h"
#include "common/shm/status_layout.h"
#include "nanny/expect_match.h"
#include "nanny/process_runner.h"

namespace lvs::nanny {

// The DNS check: one question over UDP to addr:port.
struct DnsSpec {
    std::string name;
    std::uint16_t type = net::dns::kTypeA;
    bool rd = false;                                // recursion desired
    std::optional<net::dns::AnswerRule> answer;     // else any NOERROR response
};

struct ProbeSpec {
    IpAddress addr;
    std::uint16_t port = 80;
    bool udp = false;
    std::string send;        // escape-decoded bytes, may be empty
    ExpectRule expect;       // Kind::None: connect (TCP) or any datagram (UDP)
    std::chrono::milliseconds timeout{10000};  // for the connect, and again for the reply
    std::vector<std::string> program;  // send_program argv (substituted): runs instead of a socket check
    std::optional<DnsSpec> dns;        // a DNS query instead of send/expect
};

// A TCP check with nothing to send and nothing to expect only connects:
// the socket prober makes it half-open (nanny(8)). UDP, a send string, an
// expect rule, a send_program or a DNS question each need more than a
// handshake.
inline bool connect_only(const ProbeSpec& spec) {
    return !spec.udp && spec.send.empty() && spec.expect.kind() == ExpectRule::Kind::None && spec.program.empty() &&
           !spec.dns;
}

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
    // What the last failed check found beyond its outcome (a DNS rcode
    // name, say), for the log line; empty when nothing.
    virtual std::string detail() const { return {}; }
};

std::unique_ptr<Prober> make_socket_prober();
// Sends spec.dns's question over UDP and judges the response (dns_check.h).
std::unique_ptr<Prober> make_dns_prober();
// Runs spec.program through `runner` and judges it with program_outcome();
// the program's own stdout is not logged. Extra output bytes beyond the cap
// are added to `*discarded` when it is set.
std::unique_ptr<Prober> make_program_prober(std::unique_ptr<ProcessRunner> runner,
                                            std::uint64_t* discarded = nullptr);

}  // namespace lvs::nanny
