// SPDX-License-Identifier: GPL-2.0-or-later
// Diagnostic formatting and ordering.
#include "common/config/diagnostic.h"

#include <algorithm>

#include "common/log/logger.h"

namespace lvs::config {

namespace {

constexpr std::size_t kMaxMessage = 160;  // bytes of a message shown; a 2 MB name is not echoed

// Control and non-ASCII bytes as \xHH, so that a binary file or a hostile
// string cannot reach a terminal or the log as itself.
std::string printable(const std::string& s) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < s.size() && out.size() < kMaxMessage; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    if (out.size() >= kMaxMessage) out.replace(kMaxMessage - 3, std::string::npos, "...");
    return out;
}

}  // namespace

std::string Diagnostic::format() const {
    return file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col) + ": " +
           (severity == Severity::Error ? "error: " : "warning: ") + printable(message);
}

void cap_diagnostics(Diagnostics& diags, std::size_t max) {
    if (diags.size() <= max) return;
    const std::size_t more = diags.size() - max;
    diags.resize(max);
    Diagnostic last = diags.back();
    last.severity = Severity::Error;
    last.message = std::to_string(more) + " more diagnostics not shown";
    diags.push_back(std::move(last));
}

std::string quoted(std::string_view token) {
    constexpr std::size_t kMaxToken = 80;
    if (token.size() <= kMaxToken) return "'" + std::string(token) + "'";
    return "'" + std::string(token.substr(0, kMaxToken)) + "...'";
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

void print_diagnostics(const Diagnostics& diags) {
    for (const auto& d : diags)
        log::early(d.severity == Severity::Error ? log::Level::Error : log::Level::Warning, "%s\n", d.format().c_str());
}

}  // namespace lvs::config
