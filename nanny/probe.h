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
#include "nanny/http_response.h"
#include "nanny/process_runner.h"
#include "nanny/tls_session.h"

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
    http::HttpSpec http;     // on: an HTTP request instead of send/expect (make_stream_prober)
    TlsSpec tls;             // on: TLS on the TCP check (make_stream_prober)
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
    // TLS checks: whole days until the certificate of the last handshake
    // expires; nothing when no TLS check has seen one.
    virtual std::optional<int> cert_days_left() const { return std::nullopt; }
    // What the last failed check found beyond its outcome (a DNS rcode
    // name, say), for the log line; empty when nothing.
    virtual std::string detail() const { return {}; }
};

std::unique_ptr<Prober> make_socket_prober();
// Sends spec.dns's question over UDP and judges the response (dns_check.h).
std::unique_ptr<Prober> make_dns_prober();

// The HTTP check and TLS (spec.http.on or spec.tls.on): connect, TLS
// handshake, request (or send/expect), response. The TLS context is made
// on the first TLS check. Outcomes beyond the socket prober's: Http*,
// Tls*; TlsCertExpiring when the check passed but the certificate expires
// within tls.expiry_warn_days (or, with tls.expiry_fails, as the failure
// right after the handshake).
class StreamProber : public Prober {
public:
    // The last response's status code and body (as far as read).
    virtual int last_status() const = 0;
    virtual const std::string& last_body() const = 0;
};
std::unique_ptr<StreamProber> make_stream_prober();
// Runs spec.program through `runner` and judges it with program_outcome();
// the program's own stdout is not logged. Extra output bytes beyond the cap
// are added to `*discarded` when it is set.
std::unique_ptr<Prober> make_program_prober(std::unique_ptr<ProcessRunner> runner,
                                            std::uint64_t* discarded = nullptr);

}  // namespace lvs::nanny
