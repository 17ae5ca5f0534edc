// SPDX-License-Identifier: GPL-2.0-or-later
// DNS query builder and strict response parser (RFC 1035 wire format).
#include "common/net/dns_message.h"

#include <cstdio>

namespace lvs::net::dns {
namespace {

struct TypeWord {
    const char* name;
    std::uint16_t type;
};
constexpr TypeWord kTypes[] = {{"A", kTypeA},     {"NS", kTypeNS},   {"CNAME", kTypeCNAME},
                               {"SOA", kTypeSOA}, {"PTR", kTypePTR}, {"MX", kTypeMX},
                               {"TXT", kTypeTXT}, {"AAAA", kTypeAAAA}, {"SRV", kTypeSRV}};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_word(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool label_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '*';
}

bool is_name_type(std::uint16_t t) {
    return t == kTypeCNAME || t == kTypeNS || t == kTypePTR || t == kTypeMX || t == kTypeSRV || t == kTypeSOA;
}

using Bytes = std::span<const std::uint8_t>;

std::uint16_t u16_at(Bytes m, std::size_t p) { return static_cast<std::uint16_t>(m[p] << 8 | m[p + 1]); }

// One label byte as name text: lower case; '.', '\' and anything not
// printable as \DDD, so that a received name never reads as another.
void append_label_byte(std::string& out, std::uint8_t b) {
    if (b == '.' || b == '\\' || b <= 0x20 || b >= 0x7f) {
        char esc[8];
        std::snprintf(esc, sizeof esc, "\\%03u", static_cast<unsigned>(b));
        out += esc;
    } else {
        out += lower(static_cast<char>(b));
    }
}

// Reads the name at `pos` into `out` (canonical text) and moves `pos` past
// it where it lies in the message (after the first pointer, if any). A
// pointer must point before the labels being read when it is met (so every
// hop goes strictly backward and no loop is possible) and past the header.
ParseError read_name(Bytes m, std::size_t& pos, std::string& out) {
    out.clear();
    std::size_t p = pos, floor = pos, wire = 1, resume = 0;
    int hops = 0;
    for (;;) {
        if (p >= m.size()) return ParseError::Truncated;
        const std::uint8_t len = m[p];
        if (len == 0) break;
        if ((len & 0xC0) == 0xC0) {
            if (p + 1 >= m.size()) return ParseError::Truncated;
            const std::size_t target = static_cast<std::size_t>(len & 0x3F) << 8 | m[p + 1];
            if (target >= floor || target < kHeaderSize || ++hops > kMaxPointerHops) return ParseError::BadName;
            if (hops == 1) resume = p + 2;
            p = floor = target;
            continue;
        }
        if ((len & 0xC0) != 0) return ParseError::BadName;  // 0x40, 0x80: no such labels today
        wire += 1u + len;
        if (wire > 255) return ParseError::BadName;
        if (p + 1 + len > m.size()) return ParseError::Truncated;
        if (!out.empty()) out += '.';
        for (std::size_t i = 0; i < len; ++i) append_label_byte(out, m[p + 1 + i]);
        p += 1u + len;
    }
    pos = hops ? resume : p + 1;
    return ParseError::None;
}

// A name that must end exactly at `end` (RDATA that is, or ends with, a name).
ParseError name_until(Bytes m, std::size_t pos, std::size_t end, std::string& out) {
    if (auto e = read_name(m, pos, out); e != ParseError::None) return e;
    return pos == end ? ParseError::None : ParseError::BadRecord;
}

// The canonical value of a record's data, between `p` and `end` (inside m).
ParseError read_rdata(Bytes m, std::uint16_t type, std::size_t p, std::size_t end, std::string& out) {
    const std::size_t len = end - p;
    std::string skip;
    switch (type) {
        case kTypeA:
        case kTypeAAAA: {
            if (len != (type == kTypeA ? 4u : 16u)) return ParseError::BadRecord;
            std::uint8_t v4[4] = {}, v6[16] = {};
            for (std::size_t i = 0; i < len; ++i) (type == kTypeA ? v4 : v6)[i] = m[p + i];
            out = (type == kTypeA ? IpAddress::v4_bytes(v4) : IpAddress::v6_bytes(v6)).to_string();
            return ParseError::None;
        }
        case kTypeCNAME: case kTypeNS: case kTypePTR: return name_until(m, p, end, out);
        case kTypeMX: return len < 3 ? ParseError::BadRecord : name_until(m, p + 2, end, out);
        case kTypeSRV: return len < 7 ? ParseError::BadRecord : name_until(m, p + 6, end, out);
        case kTypeSOA: {
            std::size_t q = p;
            if (auto e = read_name(m, q, out); e != ParseError::None) return e;
            if (q > end || read_name(m, q, skip) != ParseError::None || q + 20 != end) return ParseError::BadRecord;
            return ParseError::None;
        }
        case kTypeTXT: {
            if (len == 0) return ParseError::BadRecord;
            for (std::size_t q = p; q < end;) {
                const std::size_t n = m[q];
                if (q + 1 + n > end) return ParseError::BadRecord;
                out.append(reinterpret_cast<const char*>(m.data() + q + 1), n);
                q += 1 + n;
            }
            return ParseError::None;
        }
        default: return ParseError::None;
    }
}

// The question section: none (allowed only with an error rcode) or ours.
ParseError read_question(Bytes m, std::size_t& pos, unsigned qdcount, unsigned rcode, std::string_view name,
                         std::uint16_t type) {
    if (qdcount == 0) return rcode != 0 ? ParseError::None : ParseError::Question;
    if (qdcount != 1) return ParseError::Question;
    std::string got;
    if (auto e = read_name(m, pos, got); e != ParseError::None) return e;
    if (pos + 4 > m.size()) return ParseError::Truncated;
    if (got != canonical_name(name) || u16_at(m, pos) != type || u16_at(m, pos + 2) != kClassIN)
        return ParseError::Question;
    pos += 4;
    return ParseError::None;
}

ParseError read_answer(Bytes m, std::size_t& pos, Record& r) {
    std::string owner;
    if (auto e = read_name(m, pos, owner); e != ParseError::None) return e;
    if (pos + 10 > m.size()) return ParseError::Truncated;
    r.type = u16_at(m, pos);
    const std::size_t rdlen = u16_at(m, pos + 8);
    pos += 10;
    if (pos + rdlen > m.size()) return ParseError::Truncated;
    const std::size_t start = pos;
    pos += rdlen;
    return read_rdata(m, r.type, start, pos, r.value);
}

}  // namespace

std::optional<std::uint16_t> parse_type(std::string_view text) {
    for (const auto& t : kTypes)
        if (same_word(text, t.name)) return t.type;
    if (text.empty() || text.size() > 5) return std::nullopt;
    unsigned v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v < 1 || v > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(v);
}

std::string type_name(std::uint16_t type) {
    for (const auto& t : kTypes)
        if (t.type == type) return t.name;
    return std::to_string(type);
}

std::string rcode_name(unsigned rcode) {
    static const char* kNames[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
                                   "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"};
    if (rcode < sizeof kNames / sizeof kNames[0]) return kNames[rcode];
    return "RCODE" + std::to_string(rcode);
}

std::string name_error(std::string_view name) {
    if (name.empty()) return "empty name";
    if (name == ".") return "";
    if (name.back() == '.') name.remove_suffix(1);
    if (name.size() > kMaxNameLength) return "longer than 253 characters";
    std::size_t start = 0;
    for (;;) {
        const auto dot = name.find('.', start);
        const auto label = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty()) return "empty label";
        if (label.size() > kMaxLabelLength) return "label longer than 63 characters";
        for (char c : label)
            if (!label_char(c)) return std::string("character '") + c + "' not allowed";
        if (dot == std::string_view::npos) return "";
        start = dot + 1;
    }
}

std::string canonical_name(std::string_view name) {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    std::string out;
    out.reserve(name.size());
    for (char c : name) out += lower(c);
    return out;
}

std::optional<AnswerRule> AnswerRule::make(std::uint16_t type, std::string_view text) {
    AnswerRule r;
    r.type_ = type;
    if (type == kTypeA || type == kTypeAAAA) {
        auto a = IpAddress::parse(text);
        if (!a || a->is_v4() != (type == kTypeA)) return std::nullopt;
        r.text_ = a->to_string();
    } else if (is_name_type(type)) {
        if (!name_error(text).empty()) return std::nullopt;
        r.text_ = canonical_name(text);
    } else if (type == kTypeTXT) {
        r.text_ = std::string(text);
    } else {
        return std::nullopt;
    }
    return r;
}

bool AnswerRule::matches(std::uint16_t type, std::string_view value) const {
    return type == type_ && value == text_;
}

std::vector<std::uint8_t> build_query(std::uint16_t id, std::string_view name, std::uint16_t type, bool rd) {
    if (!name_error(name).empty()) return {};
    std::vector<std::uint8_t> q = {static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id),
                                   static_cast<std::uint8_t>(rd ? 0x01 : 0x00), 0, 0, 1, 0, 0, 0, 0, 0, 0};
    const std::string text = canonical_name(name);
    std::size_t start = 0;
    while (start < text.size()) {
        auto dot = text.find('.', start);
        if (dot == std::string::npos) dot = text.size();
        q.push_back(static_cast<std::uint8_t>(dot - start));
        q.insert(q.end(), text.begin() + static_cast<std::ptrdiff_t>(start),
                 text.begin() + static_cast<std::ptrdiff_t>(dot));
        start = dot + 1;
    }
    q.insert(q.end(), {0, static_cast<std::uint8_t>(type >> 8), static_cast<std::uint8_t>(type), 0, kClassIN});
    return q;
}

const char* to_string(ParseError e) {
    switch (e) {
        case ParseError::None: return "ok";
        case ParseError::NotOurs: return "not a reply to this query";
        case ParseError::Truncated: return "truncated message";
        case ParseError::NotResponse: return "not a response";
        case ParseError::Question: return "question not echoed";
        case ParseError::BadName: return "bad name";
        case ParseError::BadRecord: return "bad record";
        case ParseError::TooMany: return "too many answers";
    }
    return "?";
}

ParseResult parse_response(std::span<const std::uint8_t> m, std::uint16_t id, std::string_view name,
                           std::uint16_t type) {
    ParseResult r;
    if (m.size() < 2 || u16_at(m, 0) != id) return {ParseError::NotOurs, {}};
    if (m.size() < kHeaderSize) return {ParseError::Truncated, {}};
    const std::uint16_t flags = u16_at(m, 2);
    if ((flags & 0x8000) == 0 || ((flags >> 11) & 0xF) != 0) return {ParseError::NotResponse, {}};
    r.response.id = id;
    r.response.rcode = flags & 0xF;
    r.response.truncated = (flags & 0x0200) != 0;
    const unsigned qdcount = u16_at(m, 4), ancount = u16_at(m, 6);
    std::size_t pos = kHeaderSize;
    if (auto e = read_question(m, pos, qdcount, r.response.rcode, name, type); e != ParseError::None)
        return {e, {}};
    if (ancount > kMaxAnswers) return {ParseError::TooMany, {}};
    r.response.answers.reserve(ancount);
    for (unsigned i = 0; i < ancount; ++i) {
        Record rec;
        if (auto e = read_answer(m, pos, rec); e != ParseError::None) return {e, {}};
        r.response.answers.push_back(std::move(rec));
    }
    return r;
}

}  // namespace lvs::net::dns
