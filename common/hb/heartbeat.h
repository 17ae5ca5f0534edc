// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's heartbeat: wire format, HMAC-SHA256 authentication and the replay
// window. Pure apart from the hash functions (libcrypto).
//
// Wire layout, network byte order, 80 bytes:
//    0 u32     magic "LVHB"
//    4 u8      version (1)
//    5 u8      state (State)
//    6 u8      sender role (Role)
//    7 u8      mode (Mode)
//    8 u64     sequence, strictly increasing per sender
//   16 u8[32]  SHA-256 of the sender's lvs.cf (mismatch -> a loud warning)
//   48 u8[32]  HMAC-SHA256 of bytes 0..47 with the shared key (zero: no key)
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/base/result.h"
#include "common/hb/reject.h"

namespace lvs::hb {

inline constexpr std::uint32_t kMagic = 0x4c564842;  // "LVHB"
inline constexpr std::uint8_t kVersion = 1;
inline constexpr std::size_t kOffsetSeq = 8;
inline constexpr std::size_t kOffsetDigest = 16;
inline constexpr std::size_t kOffsetMac = 48;
inline constexpr std::size_t kPacketSize = 80;

// Releasing: "take over now". StopMe (FOS mode, Piranha's STOPME): the
// sender has taken the services over because they failed on the receiver.
enum class State : std::uint8_t { Stopped = 0, Running = 1, Releasing = 2, StopMe = 3 };
enum class Role : std::uint8_t { Primary = 0, Backup = 1 };
enum class Mode : std::uint8_t { Lvs = 0, Fos = 1 };

using Digest = std::array<std::uint8_t, 32>;

struct Heartbeat {
    State state = State::Stopped;
    Role role = Role::Primary;
    Mode mode = Mode::Lvs;
    std::uint64_t seq = 0;
    Digest config_digest{};
};

// The reason in the words pulse logs.
const char* to_string(Reject r);

// An empty key means no authentication (pulse warns at start-up).
std::vector<std::uint8_t> encode(const Heartbeat& hb, std::span<const std::uint8_t> key);

struct Decoded {
    bool ok = false;
    Reject reject = Reject::Truncated;
    Heartbeat hb;
};
Decoded decode(std::span<const std::uint8_t> packet, std::span<const std::uint8_t> key);

// Sliding replay window over sequence numbers (64 wide), one per peer.
class ReplayWindow {
public:
    // True (and remembered) if `seq` is new; false for a replay or a
    // sequence number older than the window.
    bool accept(std::uint64_t seq);

private:
    std::uint64_t top_ = 0;
    std::uint64_t bits_ = 0;
    bool any_ = false;
};

Digest sha256(std::span<const std::uint8_t> data);

// Key file: the secret as text (for example 64 hex digits); surrounding
// whitespace is ignored; fewer than 16 bytes is refused.
Result<std::vector<std::uint8_t>> parse_key(const std::string& text);

}  // namespace lvs::hb
