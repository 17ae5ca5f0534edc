// SPDX-License-Identifier: GPL-2.0-or-later
// nanny, pure core of send_program (the external check): the argument
// vector built from the configured command, and the verdict on a finished
// run. No I/O; the process itself is run by a ProcessRunner
// (nanny/process_runner.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/result.h"
#include "common/shm/status_layout.h"
#include "nanny/expect_match.h"

namespace lvs::nanny {

// Largest program output nanny keeps; the rest is read and discarded (and
// counted) so that a chatty program never blocks on a full pipe.
inline constexpr std::size_t kMaxProgramOutput = 4096;

// `command` split on blanks (space, tab, newline): no shell, no quoting, no
// globbing. In every word `%h` becomes `host`, `%p` becomes `port` and `%%`
// a single `%` (Piranha replaced only words that were exactly %h or %p, so
// `--host=%h` stayed literal). An empty command is an Error (Config).
Result<std::vector<std::string>> program_argv(std::string_view command, std::string_view host, std::uint16_t port);

// How a helper process (check program or load command) ended.
struct ProcessResult {
    enum class End : std::uint8_t { Exited, Signalled, TimedOut, SpawnFailed };
    End end = End::SpawnFailed;
    int code = 0;                // exit status (Exited) or signal number (Signalled)
    std::string output;          // stdout, at most the runner's cap
    std::uint64_t discarded = 0; // stdout bytes beyond the cap
};

// How it ended, for a log line: "exit 1", "signal 15", "timed out",
// "could not start (No such file or directory)".
std::string describe_end(const ProcessResult& r);

// The check's outcome: a program that cannot start, exits non-zero, dies on
// a signal or overruns its timeout is down (a deliberate fix: Piranha
// counted those as up when expect was set). An exit 0 is matched against
// `expect` (prefix, "*" or regex) after one trailing newline is dropped.
shm::ProbeOutcome program_outcome(const ProcessResult& r, const ExpectRule& expect);

}  // namespace lvs::nanny
