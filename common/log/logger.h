// SPDX-License-Identifier: GPL-2.0-or-later
// Process-wide logger: printf-checked formats, a per-process tag, and a sink
// (stderr in the foreground, syslog when daemonised, or a capture for tests).
// Safe to call from libev callbacks; not async-signal-safe.
#pragma once

#include <cstdarg>
#include <functional>
#include <string>

#include "common/log/destination.h"

namespace lvs::log {

enum class Level : int { Error = 3, Warning = 4, Notice = 5, Info = 6, Debug = 7 };

const char* to_string(Level level) noexcept;

// Where lines go. A sink receives the fully formatted message (no newline).
using Sink = std::function<void(Level, const std::string& tag, const std::string& msg)>;

// Set the process tag (e.g. "lvsd", "nanny[web/10.0.0.5:80]"). Default "lvs".
void set_tag(std::string tag);
const std::string& tag();

// Lines above this level are dropped. Default Info.
void set_level(Level max_level);
Level level();

// Sinks: stderr ("TAG: message"), syslog (ident = the tag, the facility
// given: lvs.ini's [log] facility), or a custom one (tests). Replaces the
// current sink.
void use_stderr();
void use_syslog(int facility);
void use_sink(Sink sink);

// The sink of a program in the foreground (-n): standard error, or syslog
// with `facility` when standard error is the journal (choose_destination()
// on JOURNAL_STREAM and fstat(2) of fd 2). A daemon calls use_syslog().
Destination use_foreground(int facility);

// Parse a syslog facility name ("daemon", "local0".."local7", "user").
// Returns -1 for an unknown name.
int facility_from_name(const std::string& name);
// Parse a level name ("error","warning","notice","info","debug"); false if unknown.
bool level_from_name(const std::string& name, Level* out);

// A line for standard error before logging is set up (bad usage, the
// diagnostics of lvs.cf and lvs.ini): "PROGRAM: message" as ever, with the
// journal's "<N>" priority prefix (sd-daemon(3)) when standard error is the
// journal, so that journalctl -p err shows the errors of a start or of a
// reload's validation under systemd.
void early(Level level, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
bool stderr_is_journal();

void vlogf(Level level, const char* fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void logf(Level level, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

}  // namespace lvs::log

#define LVS_LOG_ERROR(...) ::lvs::log::logf(::lvs::log::Level::Error, __VA_ARGS__)
#define LVS_LOG_WARN(...) ::lvs::log::logf(::lvs::log::Level::Warning, __VA_ARGS__)
#define LVS_LOG_NOTICE(...) ::lvs::log::logf(::lvs::log::Level::Notice, __VA_ARGS__)
#define LVS_LOG_INFO(...) ::lvs::log::logf(::lvs::log::Level::Info, __VA_ARGS__)
#define LVS_LOG_DEBUG(...) ::lvs::log::logf(::lvs::log::Level::Debug, __VA_ARGS__)
