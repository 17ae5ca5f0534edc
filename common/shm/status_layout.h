// SPDX-License-Identifier: GPL-2.0-or-later
// The shared-memory status table: fixed layout, trivially copyable records,
// one writer per record, each behind a seqlock. Bump kLayoutVersion on any
// change. Layout: Header, then `rs_slots` RealServerSlot entries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "common/shm/seqlock_slot.h"

namespace lvs::shm {

inline constexpr std::uint64_t kMagic = 0x4c56535354415431ull;  // "LVSSTAT1"
inline constexpr std::uint32_t kLayoutVersion = 2;

enum class RsState : std::uint8_t { Unknown = 0, Up = 1, Down = 2, Drained = 3, ForcedUp = 4 };

// What the last check said. Stored in shared memory: values are stable.
enum class ProbeOutcome : std::uint8_t {
    None = 0, Ok = 1, ConnectRefused = 2, ConnectTimeout = 3, ConnectError = 4, SendFailed = 5,
    ReadTimeout = 6, ReadError = 7, ShortRead = 8, ExpectMismatch = 9, ProgramFailed = 10,
    ProgramTimeout = 11, ProgramOutputMismatch = 12, Drained = 13, ForcedUp = 14,
};
const char* to_string(ProbeOutcome o);
const char* to_string(RsState s);

// Written by the nanny that owns the slot.
struct RealServerRecord {
    std::int32_t owner_pid;          // nanny pid, 0 = free
    std::int32_t weight;             // current weight (slow start, load monitor)
    std::int32_t configured_weight;
    RsState state;
    ProbeOutcome last_outcome;
    std::uint8_t family;             // 4 or 6
    std::uint8_t pad0;
    std::uint8_t addr[16];           // network order
    std::uint16_t port;
    std::uint16_t pad1;
    std::uint32_t latency_us;        // last probe
    std::uint64_t checks;
    std::uint64_t failures;
    std::uint64_t transitions;
    std::uint64_t verdict_seq;       // bumped on every state change
    std::int64_t verdict_mono_ns;    // CLOCK_MONOTONIC time of the last state change
    std::int64_t last_check_mono_ns;
    std::int64_t last_change_real_s; // wall clock of the last state change
    char name[48];                   // "virtual/server" from lvs.cf, NUL-terminated
};
static_assert(std::is_trivially_copyable_v<RealServerRecord>);
static_assert(sizeof(RealServerRecord) == 144);
static_assert(offsetof(RealServerRecord, name) == 96);
static_assert(offsetof(RealServerRecord, state) == 12);
static_assert(offsetof(RealServerRecord, checks) == 40);
static_assert(offsetof(RealServerRecord, verdict_seq) == 64);

using RealServerSlot = SeqlockSlot<RealServerRecord>;

struct Header {
    std::uint64_t magic;
    std::uint32_t layout_version;
    std::uint32_t header_size;
    std::uint32_t rs_record_size;
    std::uint32_t rs_slots;
    std::int32_t creator_pid;
    std::uint32_t generation;
    std::int64_t created_real_s;
};
static_assert(std::is_trivially_copyable_v<Header>);
static_assert(sizeof(Header) == 40);

inline constexpr std::size_t segment_size(std::uint32_t rs_slots) {
    return sizeof(Header) + 24 /* pad to 64 */ + sizeof(RealServerSlot) * rs_slots;
}
inline constexpr std::size_t kSlotsOffset = 64;

}  // namespace lvs::shm
