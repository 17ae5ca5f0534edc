// SPDX-License-Identifier: GPL-2.0-or-later
// send_program: argument vector and verdict.
#include "nanny/program_check.h"

#include <cstring>

namespace lvs::nanny {
namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string substitute(std::string_view word, std::string_view host, std::uint16_t port) {
    std::string out;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (word[i] == '%' && i + 1 < word.size()) {
            const char c = word[i + 1];
            if (c == 'h') { out += host; ++i; continue; }
            if (c == 'p') { out += std::to_string(port); ++i; continue; }
            if (c == '%') { out += '%'; ++i; continue; }
        }
        out += word[i];
    }
    return out;
}

}  // namespace

Result<std::vector<std::string>> program_argv(std::string_view command, std::string_view host, std::uint16_t port) {
    std::vector<std::string> argv;
    std::size_t i = 0;
    while (i < command.size()) {
        while (i < command.size() && blank(command[i])) ++i;
        const std::size_t start = i;
        while (i < command.size() && !blank(command[i])) ++i;
        if (i > start) argv.push_back(substitute(command.substr(start, i - start), host, port));
    }
    if (argv.empty()) return make_error(ErrorCode::Config, "empty send_program");
    return argv;
}

std::string describe_end(const ProcessResult& r) {
    switch (r.end) {
        case ProcessResult::End::Exited: return "exit " + std::to_string(r.code);
        case ProcessResult::End::Signalled: return "signal " + std::to_string(r.code);
        case ProcessResult::End::TimedOut: return "timed out";
        case ProcessResult::End::SpawnFailed: break;
    }
    return std::string("could not start (") + std::strerror(r.code) + ")";
}

shm::ProbeOutcome program_outcome(const ProcessResult& r, const ExpectRule& expect) {
    using shm::ProbeOutcome;
    switch (r.end) {
        case ProcessResult::End::TimedOut: return ProbeOutcome::ProgramTimeout;
        case ProcessResult::End::SpawnFailed:
        case ProcessResult::End::Signalled: return ProbeOutcome::ProgramFailed;
        case ProcessResult::End::Exited: break;
    }
    if (r.code != 0) return ProbeOutcome::ProgramFailed;
    std::string_view out = r.output;
    if (!out.empty() && out.back() == '\n') out.remove_suffix(1);
    return expect.match(out, true) == Match::Yes ? ProbeOutcome::Ok : ProbeOutcome::ProgramOutputMismatch;
}

}  // namespace lvs::nanny
