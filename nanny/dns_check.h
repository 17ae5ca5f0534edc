// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's DNS check, the pure part: the spec from the command line, and the
// verdict on a datagram that came back (pure; the socket side is
// probe_dns_ev.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/shm/status_layout.h"
#include "nanny/options.h"
#include "nanny/probe.h"

namespace lvs::nanny {

// The DNS check the options ask for (--dns-name), or nullopt. The options
// are valid (parse_options checked them).
std::optional<DnsSpec> dns_spec(const Options& o);

// The port a DNS check asks: the checked port, or 53 when it is 0 (a
// firewall-mark service has none).
std::uint16_t dns_port(std::uint16_t checked);

struct DnsVerdict {
    bool ignore = false;  // not a reply to this query (another id): keep waiting
    shm::ProbeOutcome outcome = shm::ProbeOutcome::Ok;
    std::string detail;   // the rcode name, what was wrong, or what came instead
};

// The verdict on `reply` to the query `id` of `spec`: Ok (NOERROR and, with
// an answer rule, a matching answer), DnsRcode, DnsAnswerMismatch or
// DnsBadResponse.
DnsVerdict judge_dns_reply(const DnsSpec& spec, std::uint16_t id, std::span<const std::uint8_t> reply);

}  // namespace lvs::nanny
