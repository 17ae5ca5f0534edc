// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's DNS check: spec and verdict.
#include "nanny/dns_check.h"

namespace lvs::nanny {

namespace dns = net::dns;
using shm::ProbeOutcome;

namespace {

// A received value as it may appear in a log line: printable, at most 64 bytes.
std::string printable(const std::string& v) {
    std::string out;
    for (char c : v.substr(0, 64)) out += c >= 0x20 && c < 0x7f ? c : '?';
    return v.size() > 64 ? out + "..." : out;
}

}  // namespace

std::optional<DnsSpec> dns_spec(const Options& o) {
    if (!o.dns_name) return std::nullopt;
    DnsSpec s;
    s.name = *o.dns_name;
    s.type = dns::parse_type(o.dns_type.value_or("A")).value_or(dns::kTypeA);
    s.rd = o.dns_rd;
    if (o.dns_answer) s.answer = dns::AnswerRule::make(s.type, *o.dns_answer);
    return s;
}

std::uint16_t dns_port(std::uint16_t checked) { return checked ? checked : 53; }

DnsVerdict judge_dns_reply(const DnsSpec& spec, std::uint16_t id, std::span<const std::uint8_t> reply) {
    const auto r = dns::parse_response(reply, id, spec.name, spec.type);
    if (r.error == dns::ParseError::NotOurs) return {.ignore = true, .outcome = ProbeOutcome::None, .detail = {}};
    if (r.error != dns::ParseError::None)
        return {.ignore = false, .outcome = ProbeOutcome::DnsBadResponse, .detail = dns::to_string(r.error)};
    if (r.response.rcode != 0)
        return {.ignore = false, .outcome = ProbeOutcome::DnsRcode, .detail = dns::rcode_name(r.response.rcode)};
    if (!spec.answer) return {};
    std::string seen;  // the first answer of the asked type, for the log
    for (const auto& a : r.response.answers) {
        if (spec.answer->matches(a.type, a.value)) return {};
        if (a.type == spec.type && seen.empty()) seen = a.value;
    }
    std::string what = seen.empty() ? "no " + dns::type_name(spec.type) + " answer" : "got " + printable(seen);
    if (r.response.truncated) what += ", truncated";
    return {.ignore = false, .outcome = ProbeOutcome::DnsAnswerMismatch,
            .detail = what + ", want " + printable(spec.answer->text())};
}

}  // namespace lvs::nanny
