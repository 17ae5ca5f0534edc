// SPDX-License-Identifier: GPL-2.0-or-later
// Diagnostics of the lvs.cf and INI readers: "FILE:LINE:COL: error: message".
#pragma once

#include <string>
#include <vector>

#include "common/config/lvs_config.h"

namespace lvs::config {

enum class Severity : std::uint8_t { Error, Warning };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string file;
    Location loc;
    std::string message;

    // "FILE:LINE:COL: error: message" (or "warning:").
    std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diags);
// Sorted by line and column, errors before warnings at the same place.
void sort_diagnostics(Diagnostics& diags);

}  // namespace lvs::config
