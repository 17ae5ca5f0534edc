// SPDX-License-Identifier: GPL-2.0-or-later
// SeqlockSlot<T>: one writer publishes a trivially copyable record; readers
// in any process retry until they see a stable copy. No mutex, so a writer
// that dies mid-update cannot block anyone: writer and readers are separate
// processes (nanny, lvsd, pulse, lvsctl), any of which may be killed.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <sched.h>
#include <type_traits>

namespace lvs::shm {

template <typename T>
class SeqlockSlot {
    static_assert(std::is_trivially_copyable_v<T>);
    static_assert(sizeof(T) % sizeof(std::uint64_t) == 0, "records are padded to 8 bytes");
    static constexpr std::size_t kWords = sizeof(T) / sizeof(std::uint64_t);

public:
    // Single writer only. A writer that died mid-update leaves the count
    // odd; its successor in the slot starts from the even count below it, so
    // the slot is readable again after its first publish.
    void publish(const T& value) noexcept {
        const std::uint32_t s = seq_.load(std::memory_order_relaxed) & ~1u;
        seq_.store(s + 1, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_release);
        std::uint64_t words[kWords];
        std::memcpy(words, &value, sizeof(T));
        for (std::size_t i = 0; i < kWords; ++i) data_[i].store(words[i], std::memory_order_relaxed);
        seq_.store(s + 2, std::memory_order_release);
    }

    // Any number of readers. A writer that is only preempted mid-update (a
    // loaded router, a busy guest) is waited out: tight retries first, then
    // the CPU is yielded to it, then short sleeps. Gives up after
    // `max_tries` unstable reads (a writer that died mid-update; about 20 ms
    // with the default) and returns false.
    bool read(T& out, int max_tries = 1200) const noexcept {
        for (int t = 0; t < max_tries; ++t) {
            if (t >= kSpinTries) back_off(t);
            const std::uint32_t s1 = seq_.load(std::memory_order_acquire);
            if (s1 & 1u) continue;
            std::uint64_t words[kWords];
            for (std::size_t i = 0; i < kWords; ++i) words[i] = data_[i].load(std::memory_order_relaxed);
            std::atomic_thread_fence(std::memory_order_acquire);
            if (seq_.load(std::memory_order_relaxed) == s1) {
                std::memcpy(&out, words, sizeof(T));
                return true;
            }
        }
        return false;
    }

    std::uint32_t sequence() const noexcept { return seq_.load(std::memory_order_acquire); }

private:
    static constexpr int kSpinTries = 64;
    static constexpr int kYieldTries = 1000;

    static void back_off(int t) noexcept {
        if (t < kYieldTries) {
            sched_yield();
        } else {
            const timespec pause{0, 100 * 1000};  // 200 sleeps of 100 us: about 20 ms
            nanosleep(&pause, nullptr);
        }
    }

    std::atomic<std::uint32_t> seq_{0};
    std::uint32_t pad_ = 0;
    std::atomic<std::uint64_t> data_[kWords]{};
};

}  // namespace lvs::shm
