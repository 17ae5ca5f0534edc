// SPDX-License-Identifier: GPL-2.0-or-later
// read_file: only regular files, never more than its limit, never a wait.
#include "common/base/file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace lvs {
namespace {

std::string temp(const std::string& name) { return "/tmp/lvs_file_test." + std::to_string(::getpid()) + "." + name; }

TEST(ReadFile, RefusesWhatIsNoRegularFileWithoutReadingIt) {
    auto dev = read_file("/dev/zero");  // would never end
    ASSERT_FALSE(dev.ok());
    EXPECT_EQ(dev.error().context, "/dev/zero is not a regular file");
    auto dir = read_file("/tmp");
    ASSERT_FALSE(dir.ok());
    EXPECT_EQ(dir.error().context, "/tmp is a directory");
    const auto fifo = temp("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto f = read_file(fifo);  // no writer: must not hang
    ::unlink(fifo.c_str());
    ASSERT_FALSE(f.ok());
    EXPECT_EQ(f.error().context, fifo + " is not a regular file");
    EXPECT_EQ(read_file("/nonexistent/x").error().sys_errno, ENOENT);
}

TEST(ReadFile, StopsAtItsLimitOrTruncatesWhenAsked) {
    const auto path = temp("big");
    std::ofstream(path) << std::string(100000, 'x');
    auto whole = read_file(path);
    ASSERT_TRUE(whole.ok());
    EXPECT_EQ(whole->size(), 100000u);
    auto over = read_file(path, ReadLimit{.max_bytes = 99999});
    EXPECT_FALSE(over.ok());
    auto cut = read_file(path, ReadLimit{.max_bytes = 70000, .truncate = true});
    ASSERT_TRUE(cut.ok());
    EXPECT_EQ(cut->size(), 70000u);
    ::unlink(path.c_str());
    auto proc = read_file("/proc/self/status");  // size 0 in stat, read in chunks
    ASSERT_TRUE(proc.ok());
    EXPECT_NE(proc->find("Pid:"), std::string::npos);
}

}  // namespace
}  // namespace lvs
