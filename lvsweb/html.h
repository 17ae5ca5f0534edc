// SPDX-License-Identifier: GPL-2.0-or-later
// Escaping for what lvsweb renders: every string that reaches a page goes
// through html() (text and quoted attribute values alike). Pure.
#pragma once

#include <string>
#include <string_view>

namespace lvs::web {

// & < > " ' escaped as entities; control bytes (NUL, ESC, ...) become
// U+FFFD, so names from lvs.cf or the status table can never open a tag,
// end an attribute or hide text.
std::string html(std::string_view s);

}  // namespace lvs::web
