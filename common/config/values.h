// SPDX-License-Identifier: GPL-2.0-or-later
// Converting the value tokens of one `key = value...` line into the model
// field named by the keyword table (int, bool, port, host, mask, string...).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/config/keywords.h"
#include "common/config/lexer.h"
#include "common/config/parser.h"

namespace lvs::config::detail {

struct ValueError {
    Location loc;
    std::string message;
};

// Sets the field; returns the error (pointing at the bad token) if the
// values do not fit the key's kind.
std::optional<ValueError> apply_value(const Keyword& kw, Target& target, const Token& equals,
                                      std::span<const Token> values, const ParseOptions& opts);

// Duration text "2", "0.02", "1.5" -> milliseconds; nullopt if malformed.
std::optional<Millis> parse_duration(const std::string& text);
// Integer with strtol base-0 rules ("" is 0); nullopt if malformed.
std::optional<long long> parse_int(const std::string& text);

}  // namespace lvs::config::detail
