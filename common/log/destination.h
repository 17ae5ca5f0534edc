// SPDX-License-Identifier: GPL-2.0-or-later
// Where a program's log lines go, decided once at start-up. Pure: the
// caller reads the environment and fstat(2)s standard error.
//   daemonised                      -> syslog (the lvs.ini [log] facility)
//   foreground, stderr is the journal -> syslog too, so that journald gets
//                                      each line's priority and facility
//   foreground otherwise            -> standard error
// systemd tells a service that its stderr is a journal stream with
// JOURNAL_STREAM=DEV:INODE (systemd.exec(5)); children inherit the variable
// whatever their stderr is, so it counts only when it names fd 2.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lvs::log {

// Journal: syslog as well, chosen because standard error is the journal.
enum class Destination : std::uint8_t { Stderr, Syslog, Journal };

// A file's identity as fstat(2) reports it.
struct StreamId {
    std::uint64_t dev = 0;
    std::uint64_t ino = 0;
    bool operator==(const StreamId&) const = default;
};

// JOURNAL_STREAM's value: two decimal numbers joined by ':'; nullopt when
// it is anything else.
std::optional<StreamId> parse_journal_stream(std::string_view text);

// foreground: -n/--nodaemon. journal_stream: JOURNAL_STREAM, nullptr when
// unset. stderr_id: fd 2's identity, nullopt when fd 2 is closed.
Destination choose_destination(bool foreground, const char* journal_stream, std::optional<StreamId> stderr_id);

}  // namespace lvs::log
