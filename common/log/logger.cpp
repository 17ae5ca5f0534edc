// SPDX-License-Identifier: GPL-2.0-or-later
// Logger implementation. Messages are always passed to syslog() as data,
// never as a format (Piranha passed them as the format, so a `%` in a config
// value or in a program's output reached syslog's format parser).
#include "common/log/logger.h"

#include <sys/stat.h>
#include <syslog.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <utility>

namespace lvs::log {
namespace {

struct State {
    std::string tag = "lvs";
    Level max_level = Level::Info;
    Sink sink;
    bool syslog_open = false;
    std::string ident;  // openlog() keeps the pointer: not the tag, which may change
};

State& state() {
    static State s;
    return s;
}

// LVS_LOG_CLOCK=monotonic prefixes each stderr line with CLOCK_MONOTONIC in
// seconds (the clock the failover timers run on), so that the lines of
// pulse, lvsd and every nanny sort into one timeline beside other traces.
bool monotonic_stamps() {
    static const bool on = [] {
        const char* v = std::getenv("LVS_LOG_CLOCK");
        return v != nullptr && std::strcmp(v, "monotonic") == 0;
    }();
    return on;
}

void stderr_sink(Level, const std::string& tag, const std::string& msg) {
    if (monotonic_stamps()) {
        timespec ts{};
        clock_gettime(CLOCK_MONOTONIC, &ts);
        std::fprintf(stderr, "[%ld.%03ld] %s: %s\n", static_cast<long>(ts.tv_sec),
                     ts.tv_nsec / 1000000L, tag.c_str(), msg.c_str());
    } else {
        std::fprintf(stderr, "%s: %s\n", tag.c_str(), msg.c_str());
    }
    std::fflush(stderr);
}

}  // namespace

const char* to_string(Level level) noexcept {
    switch (level) {
        case Level::Error: return "error";
        case Level::Warning: return "warning";
        case Level::Notice: return "notice";
        case Level::Info: return "info";
        case Level::Debug: return "debug";
    }
    return "info";
}

void set_tag(std::string t) { state().tag = std::move(t); }
const std::string& tag() { return state().tag; }
void set_level(Level max_level) { state().max_level = max_level; }
Level level() { return state().max_level; }

void use_stderr() { state().sink = stderr_sink; }

void use_syslog(int facility) {
    State& s = state();
    if (s.syslog_open) closelog();
    s.ident = s.tag;
    openlog(s.ident.c_str(), LOG_PID, facility);
    s.syslog_open = true;
    s.sink = [](Level lvl, const std::string&, const std::string& msg) {
        syslog(static_cast<int>(lvl), "%s", msg.c_str());
    };
}

void use_sink(Sink sink) { state().sink = std::move(sink); }

namespace {
Destination foreground_destination() {
    struct stat st{};
    std::optional<StreamId> fd2;
    if (fstat(2, &st) == 0) fd2 = StreamId{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
    return choose_destination(true, std::getenv("JOURNAL_STREAM"), fd2);
}
}  // namespace

bool stderr_is_journal() { return foreground_destination() == Destination::Journal; }

void early(Level lvl, const char* fmt, ...) {
    static const bool journal = stderr_is_journal();
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (journal) std::fprintf(stderr, "<%d>%s", static_cast<int>(lvl), buf);
    else std::fputs(buf, stderr);
}

Destination use_foreground(int facility) {
    const Destination d = foreground_destination();
    if (d == Destination::Stderr) use_stderr();
    else use_syslog(facility);
    return d;
}

int facility_from_name(const std::string& name) {
    static const std::pair<const char*, int> kTable[] = {
        {"daemon", LOG_DAEMON}, {"user", LOG_USER},     {"local0", LOG_LOCAL0},
        {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3},
        {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5}, {"local6", LOG_LOCAL6},
        {"local7", LOG_LOCAL7}, {"auth", LOG_AUTH},     {"authpriv", LOG_AUTHPRIV},
    };
    for (const auto& [n, f] : kTable)
        if (name == n) return f;
    return -1;
}

bool level_from_name(const std::string& name, Level* out) {
    static const std::pair<const char*, Level> kTable[] = {
        {"error", Level::Error}, {"warning", Level::Warning}, {"notice", Level::Notice},
        {"info", Level::Info},   {"debug", Level::Debug},
    };
    for (const auto& [n, l] : kTable) {
        if (name == n) {
            *out = l;
            return true;
        }
    }
    return false;
}

void vlogf(Level lvl, const char* fmt, va_list ap) {
    State& s = state();
    if (static_cast<int>(lvl) > static_cast<int>(s.max_level)) return;
    char buf[1024];
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    if (!s.sink) s.sink = stderr_sink;
    s.sink(lvl, s.tag, buf);
}

void logf(Level lvl, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vlogf(lvl, fmt, ap);
    va_end(ap);
}

}  // namespace lvs::log
