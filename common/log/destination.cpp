// SPDX-License-Identifier: GPL-2.0-or-later
// The log destination decision (pure).
#include "common/log/destination.h"

#include <charconv>

namespace lvs::log {
namespace {

bool decimal(std::string_view s, std::uint64_t& out) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::optional<StreamId> parse_journal_stream(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    StreamId id;
    if (!decimal(text.substr(0, colon), id.dev) || !decimal(text.substr(colon + 1), id.ino)) return std::nullopt;
    return id;
}

Destination choose_destination(bool foreground, const char* journal_stream, std::optional<StreamId> stderr_id) {
    if (!foreground) return Destination::Syslog;
    if (journal_stream == nullptr || !stderr_id) return Destination::Stderr;
    const auto journal = parse_journal_stream(journal_stream);
    return journal && *journal == *stderr_id ? Destination::Journal : Destination::Stderr;
}

}  // namespace lvs::log
