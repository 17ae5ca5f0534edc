// SPDX-License-Identifier: GPL-2.0-or-later
// The values of the HTTP check that lvs.cf validation and nanny both read:
// the accepted status codes ("200-299,301,302") and a SHA-256 digest in
// hex. Pure.
#pragma once

#include <bitset>
#include <string>
#include <string_view>

#include "common/base/result.h"

namespace lvs::config {

// The accepted status codes: codes and low-high ranges, comma-separated.
// Codes are 100..599.
class StatusSet {
public:
    static Result<StatusSet> parse(std::string_view text);
    static StatusSet default_set();  // 200-399
    bool contains(int code) const { return code >= 0 && code < 600 && bits_.test(static_cast<std::size_t>(code)); }

private:
    std::bitset<600> bits_;
};

// 64 hex digits, returned in lower case.
Result<std::string> parse_digest(std::string_view text);

// A request token (method, header name): RFC 9110 tchar, not empty.
bool is_http_token(std::string_view s);
// Printable ASCII without spaces (path, host); not empty.
bool is_http_word(std::string_view s);

}  // namespace lvs::config
