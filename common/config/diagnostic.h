// SPDX-License-Identifier: GPL-2.0-or-later
// Diagnostics of the lvs.cf and INI readers: "FILE:LINE:COL: error: message".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/config/lvs_config.h"

namespace lvs::config {

enum class Severity : std::uint8_t { Error, Warning };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string file;
    Location loc;
    std::string message;

    // "FILE:LINE:COL: error: message" (or "warning:"). The message is shown
    // printable (other bytes as \xHH) and at most 160 bytes long.
    std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diags);
// Each on standard error, with its priority for the journal (log::early).
void print_diagnostics(const Diagnostics& diags);

// A token of the file in a message: in single quotes, its first 80
// characters (then "..."), so that a 2 MB name leaves room for the rest.
std::string quoted(std::string_view token);
// Sorted by line and column, errors before warnings at the same place.
void sort_diagnostics(Diagnostics& diags);
// At most `max`, then one "N more diagnostics not shown" at the last one's
// place: a binary file given as lvs.cf gives a screenful, not 66,000 lines.
inline constexpr std::size_t kMaxDiagnostics = 50;
void cap_diagnostics(Diagnostics& diags, std::size_t max = kMaxDiagnostics);

}  // namespace lvs::config
