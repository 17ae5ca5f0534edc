// SPDX-License-Identifier: GPL-2.0-or-later
// Status lists, digests and request words of the HTTP check.
#include "common/config/http_rules.h"

#include <cctype>
#include <optional>

namespace lvs::config {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<unsigned> code_of(std::string_view s) {
    if (s.empty() || s.size() > 3) return std::nullopt;
    unsigned v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    return v;
}

}  // namespace

Result<StatusSet> StatusSet::parse(std::string_view text) {
    StatusSet s;
    const std::string whole(text);
    const auto bad = [&](std::string_view why) {
        return make_error(ErrorCode::Config, "bad status list \"" + whole + "\": " + std::string(why));
    };
    if (trim(text).empty()) return bad("empty");
    while (!text.empty()) {
        const auto comma = text.find(',');
        const auto item = trim(text.substr(0, comma));
        text.remove_prefix(comma == std::string_view::npos ? text.size() : comma + 1);
        if (comma != std::string_view::npos && text.empty()) return bad("trailing comma");
        const auto dash = item.find('-');
        const auto lo = code_of(trim(item.substr(0, dash)));
        const auto hi = dash == std::string_view::npos ? lo : code_of(trim(item.substr(dash + 1)));
        if (!lo || !hi) return bad("not a code or a range");
        if (*lo < 100 || *hi > 599 || *lo > *hi) return bad("codes are 100-599, low-high");
        for (auto c = *lo; c <= *hi; ++c) s.bits_.set(static_cast<std::size_t>(c));
    }
    return s;
}

StatusSet StatusSet::default_set() {
    StatusSet s;
    for (std::size_t c = 200; c <= 399; ++c) s.bits_.set(c);
    return s;
}

Result<std::string> parse_digest(std::string_view text) {
    if (text.size() != 64) return make_error(ErrorCode::Config, "a digest is 64 hex digits");
    std::string out;
    for (char c : text) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) return make_error(ErrorCode::Config, "a digest is 64 hex digits");
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
}


bool is_http_token(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos)
            return false;
    return true;
}

bool is_http_word(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c <= ' ' || c >= 127) return false;
    return true;
}

}  // namespace lvs::config
