// SPDX-License-Identifier: GPL-2.0-or-later
// Expect matching: prefix, "*" (any reply) and POSIX extended regex.
#include "nanny/expect_match.h"

#include <regex.h>

#include "common/config/regex_limits.h"

namespace lvs::nanny {

Result<ExpectRule> ExpectRule::make(const std::string& expect, bool regex) {
    ExpectRule r;
    r.text_ = expect;
    if (regex) {
        if (auto why = config::regex_limit_error(expect))
            return make_error(ErrorCode::Config, "bad expect regex: " + *why);
        auto* re = new regex_t;
        const int rc = regcomp(re, expect.c_str(), REG_EXTENDED | REG_NOSUB);
        if (rc != 0) {
            char buf[128];
            regerror(rc, re, buf, sizeof buf);
            delete re;
            return make_error(ErrorCode::Config, std::string("bad expect regex: ") + buf);
        }
        r.regex_ = std::shared_ptr<void>(re, [](void* p) {
            regfree(static_cast<regex_t*>(p));
            delete static_cast<regex_t*>(p);
        });
        r.kind_ = Kind::Regex;
    } else {
        r.kind_ = expect == "*" ? Kind::Any : Kind::Prefix;
    }
    return r;
}

Match ExpectRule::match(std::string_view got, bool eof) const {
    switch (kind_) {
        case Kind::None:
            return Match::Yes;
        // At least one byte: Piranha took an immediate EOF as a reply; we don't.
        case Kind::Any:
            return !got.empty() ? Match::Yes : eof ? Match::No : Match::NeedMore;
        case Kind::Prefix:
            if (got.size() >= text_.size()) return got.substr(0, text_.size()) == text_ ? Match::Yes : Match::No;
            if (text_.compare(0, got.size(), got) != 0) return Match::No;
            return eof ? Match::No : Match::NeedMore;
        case Kind::Regex: {
            const std::string s(got);  // NUL-terminated copy for regexec
            if (regexec(static_cast<const regex_t*>(regex_.get()), s.c_str(), 0, nullptr, 0) == 0) return Match::Yes;
            return eof ? Match::No : Match::NeedMore;
        }
    }
    return Match::No;
}

}  // namespace lvs::nanny
