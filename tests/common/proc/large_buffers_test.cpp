// SPDX-License-Identifier: GPL-2.0-or-later
// return_large_buffers(): a large transient buffer, freed, leaves nothing
// resident behind (glibc's sliding mmap threshold would move the second
// one into the heap and keep it there).
#include <malloc.h>

#include <gtest/gtest.h>

#include <cstring>
#include <memory>

#include "common/proc/daemon.h"

namespace lvs::proc {
namespace {

#if !defined(__SANITIZE_ADDRESS__)  // the sanitizer replaces the allocator
TEST(ReturnLargeBuffers, ATransientBufferGoesBackToTheKernelWhenFreed) {
    return_large_buffers();
    const auto before = mallinfo2();
    for (int round = 0; round < 3; ++round) {
        auto buf = std::make_unique<char[]>(400 * 1024);  // a handover's connection table
        std::memset(buf.get(), round, 400 * 1024);
    }
    const auto after = mallinfo2();
    EXPECT_EQ(after.hblkhd, before.hblkhd);                    // no mapping kept
    EXPECT_LE(after.arena, before.arena + 128 * 1024);         // the heap did not keep it
}
#endif

}  // namespace
}  // namespace lvs::proc
