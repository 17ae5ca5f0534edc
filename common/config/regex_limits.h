// SPDX-License-Identifier: GPL-2.0-or-later
// Limits on `expect` regular expressions (use_regex = 1). glibc's regcomp
// expands repetitions by copying the pattern tree, so a short pattern such
// as "a++++++++++++++++++++" or "((a{100}){100}){100}" takes gigabytes to
// compile (found by fuzzing). lvs.cf validation and nanny refuse patterns
// beyond these limits before regcomp ever sees them. Pure.
#pragma once

#include <optional>
#include <string>

namespace lvs::config {

inline constexpr std::size_t kMaxRegexLength = 256;
inline constexpr int kMaxRegexRepetitions = 32;    // *, +, ?, {m,n} in total
inline constexpr int kMaxRegexBound = 100;         // m and n in {m,n}
inline constexpr int kMaxRegexGroupDepth = 8;

// Why `pattern` is refused, or nothing.
std::optional<std::string> regex_limit_error(const std::string& pattern);

}  // namespace lvs::config
