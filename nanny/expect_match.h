// SPDX-License-Identifier: GPL-2.0-or-later
// nanny, pure core: does a reply satisfy the `expect` rule? Called as bytes
// arrive, so a reply split across segments is assembled (Piranha did one
// read and failed a reply split across TCP segments as "too short").
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/base/result.h"

namespace lvs::nanny {

enum class Match : std::uint8_t { Yes, NeedMore, No };

class ExpectRule {
public:
    enum class Kind : std::uint8_t { None, Any, Prefix, Regex };

    // `expect` already escape-decoded; `regex` = use_regex. An invalid
    // regular expression is an Error.
    static Result<ExpectRule> make(const std::string& expect, bool regex);
    static ExpectRule none() { return ExpectRule(); }

    Kind kind() const { return kind_; }
    // `eof`: the peer closed (or the read cap was reached).
    Match match(std::string_view received, bool eof) const;

private:
    Kind kind_ = Kind::None;
    std::string text_;
    std::shared_ptr<void> regex_;  // regex_t, freed by its deleter
};

// Largest reply nanny reads for a check.
inline constexpr std::size_t kMaxReply = 4096;

}  // namespace lvs::nanny
