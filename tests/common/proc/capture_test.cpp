// SPDX-License-Identifier: GPL-2.0-or-later
// Capture runs a command beside the event loop: its output, a failed or
// missing command, a command killed at its timeout, one command at a time.
#include "common/proc/capture.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "common/ev/event_loop.h"

namespace lvs::proc {
namespace {

using namespace std::chrono_literals;

// Runs the loop until `r` holds an answer or 5 s have passed.
void wait_for(std::optional<Result<std::string>>& r) {
    const auto t0 = std::chrono::steady_clock::now();
    while (!r && std::chrono::steady_clock::now() - t0 < 5s) ev::Loop::instance().run_once();
}

TEST(Capture, HandsTheOutputToTheCallbackFromTheLoop) {
    Capture c;
    std::optional<Result<std::string>> r;
    ASSERT_TRUE(c.start({"/bin/echo", "BIRD 2.0.12 ready."}, 3000ms, [&](Result<std::string> x) { r = std::move(x); }));
    EXPECT_TRUE(c.running());
    EXPECT_FALSE(r.has_value());  // nothing before the loop runs
    EXPECT_FALSE(c.start({"/bin/true"}, 3000ms, [](Result<std::string>) {}));  // one at a time
    wait_for(r);
    ASSERT_TRUE(r.has_value());
    ASSERT_TRUE(r->ok()) << r->error().message();
    EXPECT_EQ(**r, "BIRD 2.0.12 ready.\n");
    EXPECT_FALSE(c.running());
}

TEST(Capture, NonZeroExitIsAnErrorWithTheOutput) {
    Capture c;
    std::optional<Result<std::string>> r;
    ASSERT_TRUE(c.start({"/bin/sh", "-c", "echo Unable to connect; exit 1"}, 3000ms,
                        [&](Result<std::string> x) { r = std::move(x); }));
    wait_for(r);
    ASSERT_TRUE(r.has_value());
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->error().context, "/bin/sh exited with status 1: Unable to connect\n");
}

TEST(Capture, ACommandPastItsTimeoutIsKilled) {
    Capture c;
    std::optional<Result<std::string>> r;
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(c.start({"/bin/sleep", "5"}, 100ms, [&](Result<std::string> x) { r = std::move(x); }));
    wait_for(r);
    ASSERT_TRUE(r.has_value());
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->error().code, ErrorCode::Timeout);
    EXPECT_EQ(r->error().context, "/bin/sleep did not answer within 100 ms");
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
    // The next command may start.
    std::optional<Result<std::string>> again;
    ASSERT_TRUE(c.start({"/bin/echo", "x"}, 3000ms, [&](Result<std::string> x) { again = std::move(x); }));
    wait_for(again);
    ASSERT_TRUE(again.has_value() && again->ok());
}

TEST(Capture, AMissingCommandAnswersAtOnce) {
    Capture c;
    std::optional<Result<std::string>> r;
    ASSERT_TRUE(c.start({"/nonexistent/birdc"}, 100ms, [&](Result<std::string> x) { r = std::move(x); }));
    ASSERT_TRUE(r.has_value());
    EXPECT_FALSE(r->ok());
    EXPECT_FALSE(c.running());
}

}  // namespace
}  // namespace lvs::proc
