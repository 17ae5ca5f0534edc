// SPDX-License-Identifier: GPL-2.0-or-later
// Diagnostic formatting and ordering.
#include "common/config/diagnostic.h"

#include <algorithm>

namespace lvs::config {

std::string Diagnostic::format() const {
    return file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col) + ": " +
           (severity == Severity::Error ? "error: " : "warning: ") + message;
}

bool has_errors(const Diagnostics& diags) {
    return std::any_of(diags.begin(), diags.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

void sort_diagnostics(Diagnostics& diags) {
    std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
        if (a.loc != b.loc) return a.loc < b.loc;
        return a.severity < b.severity;
    });
}

}  // namespace lvs::config
