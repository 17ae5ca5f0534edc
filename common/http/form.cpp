// SPDX-License-Identifier: GPL-2.0-or-later
// Form and cookie parsing.
#include "common/http/form.h"

#include "common/base/hex.h"

namespace lvs::http {

namespace {

bool bad_control(const std::string& s) {
    for (const unsigned char c : s)
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) return true;
    return false;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::optional<std::string> url_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

Result<Fields> parse_form(std::string_view body) {
    Fields out;
    std::size_t pos = 0;
    while (pos <= body.size()) {
        std::size_t amp = body.find('&', pos);
        if (amp == std::string_view::npos) amp = body.size();
        const std::string_view part = body.substr(pos, amp - pos);
        pos = amp + 1;
        if (part.empty()) continue;
        const std::size_t eq = part.find('=');
        auto name = url_decode(part.substr(0, eq));
        auto value = eq == std::string_view::npos ? std::optional<std::string>("") : url_decode(part.substr(eq + 1));
        if (!name || !value) return make_error(ErrorCode::Invalid, "bad %-escape in the form");
        if (name->empty()) return make_error(ErrorCode::Invalid, "a form field without a name");
        if (bad_control(*name) || bad_control(*value)) return make_error(ErrorCode::Invalid, "control characters in the form");
        if (field(out, *name)) return make_error(ErrorCode::Invalid, "form field " + *name + " given twice");
        if (out.size() >= kMaxFormFields) return make_error(ErrorCode::Invalid, "too many form fields");
        out.emplace_back(std::move(*name), std::move(*value));
    }
    return out;
}

std::optional<std::string> field(const Fields& f, std::string_view name) {
    for (const auto& [k, v] : f)
        if (k == name) return v;
    return std::nullopt;
}

Fields parse_cookies(std::string_view header) {
    Fields out;
    std::size_t pos = 0;
    while (pos < header.size() && out.size() < kMaxCookies) {
        std::size_t semi = header.find(';', pos);
        if (semi == std::string_view::npos) semi = header.size();
        const std::string_view part = trim(header.substr(pos, semi - pos));
        pos = semi + 1;
        const std::size_t eq = part.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string_view name = trim(part.substr(0, eq));
        std::string_view value = trim(part.substr(eq + 1));
        if (name.empty()) continue;
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        out.emplace_back(std::string(name), std::string(value));
    }
    return out;
}

}  // namespace lvs::http
