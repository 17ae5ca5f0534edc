// SPDX-License-Identifier: GPL-2.0-or-later
// Escape decoding for send/expect strings.
#include "common/config/escapes.h"

#include "common/base/hex.h"

namespace lvs::config {

Result<std::string> decode_escapes(std::string_view raw, std::size_t* bad_offset) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') {
            out.push_back(raw[i]);
            continue;
        }
        auto fail = [&](std::string what) {
            if (bad_offset) *bad_offset = i;
            return make_error(ErrorCode::Config, std::move(what));
        };
        if (i + 1 >= raw.size()) return fail("trailing backslash");
        const char c = raw[++i];
        switch (c) {
            case '\\': out.push_back('\\'); break;
            case 'r': out.push_back('\r'); break;
            case 'n': out.push_back('\n'); break;
            case 't': out.push_back('\t'); break;
            case '\'': out.push_back('\''); break;
            case '"': out.push_back('"'); break;
            case 'x': {
                const int hi = i + 1 < raw.size() ? hex_value(raw[i + 1]) : -1;
                const int lo = i + 2 < raw.size() ? hex_value(raw[i + 2]) : -1;
                --i;
                if (hi < 0 || lo < 0) return fail("bad escape '\\x': two hex digits expected");
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 3;
                break;
            }
            default:
                --i;
                return fail(std::string("unknown escape '\\") + c + "'");
        }
    }
    return out;
}

}  // namespace lvs::config
