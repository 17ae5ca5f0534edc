// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the DNS codec. Input: two bytes of query id, a byte
// choosing the query type (its top bit: recursion desired), then a
// response to parse for the question "www.example.com". The same bytes, as
// text, are tried as a query name: a name the builder accepts must be one
// the validator accepts, and its query, flagged as a response, must parse
// back with the question echoed.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "common/net/dns_message.h"

namespace dns = lvs::net::dns;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    static constexpr std::uint16_t kTypes[] = {dns::kTypeA,   dns::kTypeAAAA, dns::kTypeCNAME, dns::kTypeMX, dns::kTypeNS,
                                               dns::kTypePTR, dns::kTypeSOA,  dns::kTypeSRV,   dns::kTypeTXT, 99};
    const auto id = static_cast<std::uint16_t>(data[0] << 8 | data[1]);
    const std::uint16_t type = kTypes[(data[2] & 0x7f) % 10];
    const std::span<const std::uint8_t> msg(data + 3, size - 3);
    const auto r = dns::parse_response(msg, id, "www.example.com", type);
    if (r.error == dns::ParseError::None && r.response.answers.size() > dns::kMaxAnswers) std::abort();
    if (r.error == dns::ParseError::None && r.response.rcode > 15) std::abort();

    const std::string_view text(reinterpret_cast<const char*>(msg.data()), msg.size() < 300 ? msg.size() : 300);
    auto q = dns::build_query(id, text, type, (data[2] & 0x80) != 0);
    if (q.empty()) return 0;
    if (!dns::name_error(text).empty()) std::abort();
    q[2] |= 0x80;  // QR: the query is now a response with no answers
    if (dns::parse_response(q, id, text, type).error != dns::ParseError::None) std::abort();
    for (const auto& a : r.response.answers) (void)dns::AnswerRule::make(type, a.value);
    return 0;
}
