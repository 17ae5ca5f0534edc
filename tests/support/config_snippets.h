// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf snippets for the key tests: a virtual block around some keys (they
// start on line 4, column 2) with a good active server, and the errors a
// text gets, formatted FILE:LINE:COL, one per line, for file "f.cf".
#pragma once

#include <string>

#include "common/config/parser.h"

namespace lvs::testing {

inline std::string virtual_block(const std::string& body) {
    return "virtual v {\n\tactive = 1\n\taddress = 192.0.2.1 eth0:1\n" + body +
           "\tserver s {\n\t\taddress = 10.0.0.1\n\t\tactive = 1\n\t}\n}\n";
}

inline std::string config_errors(const std::string& text) {
    auto loaded = config::load_config_text(text, "f.cf", config::offline_parse_options());
    std::string s;
    for (const auto& d : loaded.diagnostics)
        if (d.severity == config::Severity::Error) s += d.format() + "\n";
    return s;
}

}  // namespace lvs::testing
