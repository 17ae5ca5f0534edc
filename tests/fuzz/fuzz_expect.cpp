// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the escape decoder and the expect matcher. Input:
// byte 0 selects regex mode; then "expect" NUL "reply". The expect text is
// escape-decoded as nanny does; the reply is fed in random-sized pieces as
// segments arrive, and the incremental verdict must agree with the verdict
// on the whole reply.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/config/escapes.h"
#include "nanny/expect_match.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const bool regex = data[0] & 1;
    const std::string in(reinterpret_cast<const char*>(data + 1), size - 1);
    const auto nul = in.find('\0');
    const std::string raw = in.substr(0, nul);
    const std::string reply = nul == std::string::npos ? std::string() : in.substr(nul + 1);
    std::size_t bad = 0;
    auto decoded = lvs::config::decode_escapes(raw, &bad);
    if (!decoded.ok()) {
        if (bad > raw.size()) std::abort();  // the offset points into the input
        return 0;
    }
    auto rule = lvs::nanny::ExpectRule::make(*decoded, regex);
    if (!rule.ok()) return 0;
    const auto whole = rule->match(reply, true);
    // Feed prefixes: once a prefix says Yes or No, the final verdict must agree.
    lvs::nanny::Match early = lvs::nanny::Match::NeedMore;
    for (std::size_t n = 0; n <= reply.size() && early == lvs::nanny::Match::NeedMore; n += 1 + (n % 7)) {
        early = rule->match(std::string_view(reply).substr(0, n), false);
        if (early != lvs::nanny::Match::NeedMore && rule->kind() != lvs::nanny::ExpectRule::Kind::Regex && early != whole)
            std::abort();
    }
    return 0;
}
