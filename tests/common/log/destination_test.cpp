// SPDX-License-Identifier: GPL-2.0-or-later
// Where log lines go: syslog when daemonised, standard error in the
// foreground, syslog again when that standard error is the journal.
#include "common/log/destination.h"

#include <gtest/gtest.h>

namespace lvs::log {
namespace {

constexpr StreamId kJournal{64769, 123456};

TEST(LogDestination, DaemonisedAlwaysSyslog) {
    EXPECT_EQ(choose_destination(false, nullptr, std::nullopt), Destination::Syslog);
    EXPECT_EQ(choose_destination(false, "64769:123456", kJournal), Destination::Syslog);
    EXPECT_EQ(choose_destination(false, nullptr, kJournal), Destination::Syslog);
}

TEST(LogDestination, ForegroundWithoutJournalIsStderr) {
    EXPECT_EQ(choose_destination(true, nullptr, kJournal), Destination::Stderr);
    EXPECT_EQ(choose_destination(true, nullptr, std::nullopt), Destination::Stderr);
}

TEST(LogDestination, ForegroundOnTheJournalStreamIsJournal) {
    EXPECT_EQ(choose_destination(true, "64769:123456", kJournal), Destination::Journal);
}

// An inherited JOURNAL_STREAM whose stream is no longer fd 2 (a terminal
// started from a service, stderr redirected to a file) does not count.
TEST(LogDestination, InheritedVariableForAnotherStreamIsStderr) {
    EXPECT_EQ(choose_destination(true, "64769:123457", kJournal), Destination::Stderr);
    EXPECT_EQ(choose_destination(true, "64770:123456", kJournal), Destination::Stderr);
    EXPECT_EQ(choose_destination(true, "64769:123456", std::nullopt), Destination::Stderr);
}

TEST(LogDestination, MalformedVariableIsStderr) {
    for (const char* bad : {"", ":", "64769", "64769:", ":123456", "64769:123456:1", "0x10:5", " 64769:123456",
                            "64769:123456 ", "-1:123456", "99999999999999999999:1"})
        EXPECT_EQ(choose_destination(true, bad, kJournal), Destination::Stderr) << bad;
}

TEST(LogDestination, ParsesJournalStream) {
    EXPECT_EQ(parse_journal_stream("64769:123456"), kJournal);
    EXPECT_EQ(parse_journal_stream("0:0"), (StreamId{0, 0}));
    EXPECT_EQ(parse_journal_stream("18446744073709551615:1"), (StreamId{18446744073709551615ull, 1}));
    EXPECT_FALSE(parse_journal_stream("1:2:3"));
    EXPECT_FALSE(parse_journal_stream("a:b"));
}

}  // namespace
}  // namespace lvs::log
