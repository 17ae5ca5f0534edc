// SPDX-License-Identifier: GPL-2.0-or-later
// Pure parsers for what a browser sends: application/x-www-form-urlencoded
// bodies and Cookie headers. Bounded and strict: a malformed input is an
// error, never a guess, so that a hostile request changes nothing.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/result.h"

namespace lvs::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::size_t kMaxFormFields = 128;  // lvsweb's virtual server form: some 80
inline constexpr std::size_t kMaxCookies = 32;

// "a=1&b=x+y%21" -> {a:1, b:"x y!"}. Errors: a bad %-escape, an empty or
// repeated name, a NUL or other control byte (tab, CR and LF aside) after
// decoding, more than kMaxFormFields fields. Empty segments ("a=1&&b=2")
// are skipped; "a" alone is a field with an empty value.
Result<Fields> parse_form(std::string_view body);

// The value of field `name`, nullopt when absent.
std::optional<std::string> field(const Fields& f, std::string_view name);

// "a=1; b=2" (RFC 6265's cookie-string, leniently spaced) -> {a:1, b:2}.
// Pairs without '=' or with an empty name are skipped; at most kMaxCookies
// are kept; a value in double quotes loses them. Never fails.
Fields parse_cookies(std::string_view header);

// One %XX-decoded, '+'-as-space component; nullopt on a bad escape.
std::optional<std::string> url_decode(std::string_view s);

}  // namespace lvs::http
