// SPDX-License-Identifier: GPL-2.0-or-later
// A small DNS codec for health checks (pure; no sockets): one question out,
// a response read strictly and within bounds. Used by nanny's DNS check and
// by lvs.cf validation (names, types and expected answers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/ip_address.h"

namespace lvs::net::dns {

inline constexpr std::uint16_t kTypeA = 1, kTypeNS = 2, kTypeCNAME = 5, kTypeSOA = 6, kTypePTR = 12,
                               kTypeMX = 15, kTypeTXT = 16, kTypeAAAA = 28, kTypeSRV = 33;
inline constexpr std::uint16_t kClassIN = 1;
inline constexpr std::size_t kHeaderSize = 12;
inline constexpr std::size_t kMaxNameLength = 253;  // text, without the trailing dot
inline constexpr std::size_t kMaxLabelLength = 63;
inline constexpr int kMaxPointerHops = 32;
inline constexpr std::size_t kMaxAnswers = 256;

// A type by name (A, AAAA, CNAME, MX, NS, PTR, SOA, SRV, TXT; any case) or
// number (1-65535).
std::optional<std::uint16_t> parse_type(std::string_view text);
// "A", ..., or the number for other types.
std::string type_name(std::uint16_t type);
// "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", ...,
// or "RCODE" and the number.
std::string rcode_name(unsigned rcode);

// Why `name` is not a DNS name (empty when it is): labels of 1-63 bytes
// of letters, digits, '-', '_' or '*', 253 bytes at most; one trailing dot
// is allowed, and "." alone is the root.
std::string name_error(std::string_view name);
// Lower case, without the trailing dot ("" for the root).
std::string canonical_name(std::string_view name);

// What an answer must contain: an address (A, AAAA; compared as
// addresses), a name (CNAME, NS, PTR, the MX exchange, the SRV target, the
// SOA primary server; compared case-insensitively without the trailing
// dot), or text (TXT: the record's strings joined, compared exactly).
class AnswerRule {
public:
    // Null when `text` does not parse for `type` (or `type` has no rule).
    static std::optional<AnswerRule> make(std::uint16_t type, std::string_view text);
    std::uint16_t type() const { return type_; }
    const std::string& text() const { return text_; }
    // `value` is a Record's: the canonical text of its data.
    bool matches(std::uint16_t type, std::string_view value) const;

private:
    std::uint16_t type_ = 0;
    std::string text_;  // canonical: address text, canonical name, or raw text
};

// The query datagram: header (RD as asked), one IN question. Empty when the
// name is not valid.
std::vector<std::uint8_t> build_query(std::uint16_t id, std::string_view name, std::uint16_t type, bool rd);

// An answer record. `value` is canonical text for the types above: the
// address, the lower-case name without the trailing dot (MX, SRV and SOA
// keep only that name), the joined TXT strings; empty for other types
// (their data is skipped).
struct Record {
    std::uint16_t type = 0;
    std::string value;
};

struct Response {
    std::uint16_t id = 0;
    unsigned rcode = 0;
    bool truncated = false;
    std::vector<Record> answers;  // the answer section, in order
};

enum class ParseError : std::uint8_t {
    None,
    NotOurs,      // another id (or a datagram too short to hold one): ignore it
    Truncated,    // ends inside the header, a name, a record or its data
    NotResponse,  // QR clear, or an opcode other than QUERY
    Question,     // the question is not ours echoed back
    BadName,      // a label or pointer that is not allowed (loop, forward, too long)
    BadRecord,    // data that does not fit its length or type
    TooMany,      // more records than the limit
};
const char* to_string(ParseError e);

// Parses a response to the query (`id`, `name`, `type`). Strict: the whole
// datagram is read as counted, nothing may run past it, names follow only
// backward pointers, at most kMaxPointerHops of them; at most kMaxAnswers
// answers. The authority and additional sections are not read.
struct ParseResult {
    ParseError error = ParseError::None;
    Response response;
};
ParseResult parse_response(std::span<const std::uint8_t> msg, std::uint16_t id, std::string_view name,
                           std::uint16_t type);

}  // namespace lvs::net::dns
