// SPDX-License-Identifier: GPL-2.0-or-later
// HTML escaping.
#include "lvsweb/html.h"

namespace lvs::web {

std::string html(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (const char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: {
                const auto u = static_cast<unsigned char>(c);
                if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7f) out += "\xEF\xBF\xBD";
                else out += c;
            }
        }
    }
    return out;
}

}  // namespace lvs::web
