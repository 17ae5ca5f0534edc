// SPDX-License-Identifier: GPL-2.0-or-later
// send_program: argv substitution, the verdict, and the prober over a fake
// process runner.
#include <cerrno>

#include <gtest/gtest.h>

#include "nanny/probe.h"
#include "nanny/program_check.h"
#include "tests/fakes/fake_process_runner.h"

namespace lvs::nanny {
namespace {

using shm::ProbeOutcome;
using End = ProcessResult::End;
using Argv = std::vector<std::string>;

TEST(ProgramArgv, SplitsOnBlanksAndSubstitutesHostAndPort) {
    struct Case {
        const char* name;
        const char* command;
        Argv want;
    };
    const Case cases[] = {
        {.name = "whole words", .command = "/bin/check %h %p", .want = {"/bin/check", "10.0.1.21", "8080"}},
        {.name = "inside words", .command = "check --url=http://%h:%p/", .want = {"check", "--url=http://10.0.1.21:8080/"}},
        {.name = "repeats", .command = "c %h %h", .want = {"c", "10.0.1.21", "10.0.1.21"}},
        {.name = "blank runs", .command = "  c\t-x   %p \n", .want = {"c", "-x", "8080"}},
        {.name = "percent escape", .command = "c 100%% %%h", .want = {"c", "100%", "%h"}},
        {.name = "unknown and trailing %", .command = "c %x %", .want = {"c", "%x", "%"}},
        {.name = "no shell quoting", .command = "sh -c 'echo hi'", .want = {"sh", "-c", "'echo", "hi'"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto argv = program_argv(c.command, "10.0.1.21", 8080);
        ASSERT_TRUE(argv.ok());
        EXPECT_EQ(*argv, c.want);
    }
}

TEST(ProgramArgv, EmptyCommandIsAConfigError) {
    auto argv = program_argv(" \t ", "10.0.1.21", 80);
    ASSERT_FALSE(argv.ok());
    EXPECT_EQ(argv.error().code, ErrorCode::Config);
}

TEST(ProgramOutcome, FailedProgramsAreDownAndOutputIsMatched) {
    struct Case {
        const char* name;
        const char* expect;
        bool regex;
        ProcessResult result;
        ProbeOutcome want;
    };
    const Case cases[] = {
        {.name = "exit 0, prefix", .expect = "OK", .regex = false, .result = {.end = End::Exited, .code = 0, .output = "OK 12 ms\n"}, .want = ProbeOutcome::Ok},
        {.name = "exit 0, exact line", .expect = "OK", .regex = false, .result = {.end = End::Exited, .code = 0, .output = "OK\n"}, .want = ProbeOutcome::Ok},
        {.name = "exit 0, wrong output", .expect = "OK", .regex = false, .result = {.end = End::Exited, .code = 0, .output = "FAIL\n"}, .want = ProbeOutcome::ProgramOutputMismatch},
        {.name = "exit 0, no output", .expect = "OK", .regex = false, .result = {.end = End::Exited, .code = 0, .output = ""}, .want = ProbeOutcome::ProgramOutputMismatch},
        {.name = "any output", .expect = "*", .regex = false, .result = {.end = End::Exited, .code = 0, .output = "x"}, .want = ProbeOutcome::Ok},
        {.name = "any needs output", .expect = "*", .regex = false, .result = {.end = End::Exited, .code = 0, .output = "\n"}, .want = ProbeOutcome::ProgramOutputMismatch},
        {.name = "regex anchored at the line end", .expect = "^up [0-9]+$", .regex = true, .result = {.end = End::Exited, .code = 0, .output = "up 3\n"}, .want = ProbeOutcome::Ok},
        {.name = "regex mismatch", .expect = "^up", .regex = true, .result = {.end = End::Exited, .code = 0, .output = "down\n"}, .want = ProbeOutcome::ProgramOutputMismatch},
        {.name = "nonzero exit with the right output (Piranha: up)", .expect = "OK", .regex = false, .result = {.end = End::Exited, .code = 1, .output = "OK\n"}, .want = ProbeOutcome::ProgramFailed},
        {.name = "killed by a signal", .expect = "OK", .regex = false, .result = {.end = End::Signalled, .code = 9, .output = "OK\n"}, .want = ProbeOutcome::ProgramFailed},
        {.name = "timeout", .expect = "OK", .regex = false, .result = {.end = End::TimedOut, .code = 9, .output = "OK\n"}, .want = ProbeOutcome::ProgramTimeout},
        {.name = "cannot exec", .expect = "OK", .regex = false, .result = {.end = End::SpawnFailed, .code = 2, .output = ""}, .want = ProbeOutcome::ProgramFailed},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto rule = ExpectRule::make(c.expect, c.regex);
        ASSERT_TRUE(rule.ok());
        EXPECT_EQ(program_outcome(c.result, *rule), c.want);
    }
}

TEST(ProgramOutcome, DescribesHowTheProgramEndedForTheLog) {
    EXPECT_EQ(describe_end({.end = End::Exited, .code = 1, .output = "", .discarded = 0}), "exit 1");
    EXPECT_EQ(describe_end({.end = End::Signalled, .code = 15, .output = "", .discarded = 0}), "signal 15");
    EXPECT_EQ(describe_end({.end = End::TimedOut, .code = 9, .output = "", .discarded = 0}), "timed out");
    EXPECT_EQ(describe_end({.end = End::SpawnFailed, .code = ENOENT, .output = "", .discarded = 0}), "could not start (No such file or directory)");
}

TEST(ProgramProber, RunsTheArgvWithTheTimeoutAndReportsTheVerdict) {
    auto runner = std::make_unique<FakeProcessRunner>();
    FakeProcessRunner* fake = runner.get();
    std::uint64_t discarded = 0;
    auto prober = make_program_prober(std::move(runner), &discarded);
    ProbeSpec spec;
    spec.program = {"/bin/check", "10.0.1.21", "80"};
    spec.timeout = std::chrono::milliseconds(1500);
    spec.expect = *ExpectRule::make("OK", false);
    std::vector<ProbeOutcome> got;
    prober->start(spec, [&](ProbeOutcome o, std::chrono::microseconds, auto) { got.push_back(o); });
    ASSERT_EQ(fake->runs.size(), 1u);
    EXPECT_EQ(fake->runs[0].argv, spec.program);
    EXPECT_EQ(fake->runs[0].timeout, std::chrono::milliseconds(1500));
    fake->finish({.end = End::Exited, .code = 0, .output = "OK\n", .discarded = 10});
    prober->start(spec, [&](ProbeOutcome o, std::chrono::microseconds, auto) { got.push_back(o); });
    fake->finish({.end = End::TimedOut, .code = 9, .output = "", .discarded = 0});
    EXPECT_EQ(got, (std::vector<ProbeOutcome>{ProbeOutcome::Ok, ProbeOutcome::ProgramTimeout}));
    EXPECT_EQ(discarded, 10u);
    prober->start(spec, [&](ProbeOutcome o, std::chrono::microseconds, auto) { got.push_back(o); });
    prober->cancel();  // nanny stops: the run is killed, no verdict
    EXPECT_EQ(fake->cancels, 1);
    EXPECT_EQ(got.size(), 2u);
}

}  // namespace
}  // namespace lvs::nanny
