// SPDX-License-Identifier: GPL-2.0-or-later
// Complexity limits for POSIX extended regular expressions.
#include "common/config/regex_limits.h"

namespace lvs::config {

std::optional<std::string> regex_limit_error(const std::string& p) {
    if (p.size() > kMaxRegexLength)
        return "regular expression longer than " + std::to_string(kMaxRegexLength) + " bytes";
    int reps = 0, depth = 0;
    bool after_quantifier = false;  // the previous token was a repetition
    for (std::size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (c == '\\') {  // an escaped character is an atom
            ++i;
            after_quantifier = false;
            continue;
        }
        if (c == '[') {  // bracket expression: skip to its end ("[]...]" and "[^]...]" included)
            std::size_t j = i + 1;
            if (j < p.size() && p[j] == '^') ++j;
            if (j < p.size() && p[j] == ']') ++j;
            while (j < p.size() && p[j] != ']') {
                if (p[j] == '[' && j + 1 < p.size() && (p[j + 1] == ':' || p[j + 1] == '.' || p[j + 1] == '=')) {
                    const char kind = p[j + 1];
                    const auto close = p.find(std::string(1, kind) + "]", j + 2);
                    j = close == std::string::npos ? p.size() : close + 2;
                } else {
                    ++j;
                }
            }
            i = j;
            after_quantifier = false;
            continue;
        }
        const bool quantifier = c == '*' || c == '+' || c == '?' || c == '{';
        if (quantifier) {
            if (after_quantifier) return std::string("repetition of a repetition ('") + c + "')";
            if (++reps > kMaxRegexRepetitions)
                return "more than " + std::to_string(kMaxRegexRepetitions) + " repetitions";
            if (c == '{') {
                const auto close = p.find('}', i);
                if (close == std::string::npos) return std::nullopt;  // regcomp reports it
                long bound = 0;
                for (std::size_t j = i + 1; j < close; ++j) {
                    if (p[j] >= '0' && p[j] <= '9') {
                        bound = bound * 10 + (p[j] - '0');
                        if (bound > kMaxRegexBound)
                            return "repetition count above " + std::to_string(kMaxRegexBound);
                    } else {
                        bound = 0;
                    }
                }
                i = close;
            }
            after_quantifier = true;
            continue;
        }
        after_quantifier = false;
        if (c == '(' && ++depth > kMaxRegexGroupDepth)
            return "groups nested deeper than " + std::to_string(kMaxRegexGroupDepth);
        if (c == ')' && depth > 0) --depth;
    }
    return std::nullopt;
}

}  // namespace lvs::config
