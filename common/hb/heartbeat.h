// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's heartbeat: wire format, HMAC-SHA256 authentication, the replay
// window and boot nonces. Pure apart from libcrypto's hash functions and
// random numbers.
//
// Wire layout, network byte order, 112 bytes:
//    0 u32     magic "LVHB"
//    4 u8      version (2)
//    5 u8      state (State)
//    6 u8      sender role (Role)
//    7 u8      mode (Mode)
//    8 u64     sender's boot nonce: random, drawn when its pulse starts, never 0
//   16 u64     sender's sequence in that boot: 1, 2, 3, ...
//   24 u64     echo: the receiver's boot nonce as the sender heard it (0: none yet)
//   32 u64     echo: the receiver's highest sequence the sender heard in that boot
//   40 u8[32]  SHA-256 of the sender's lvs.cf (mismatch -> a loud warning)
//   72 u8      warmth: whether the sender could take the service now (Warmth)
//   73 u8[7]   reserved, zero
//   80 u8[32]  HMAC-SHA256 of bytes 0..79 with the shared key (zero: no key)
// No field depends on a clock: PeerFreshness (freshness.h) judges the
// nonces, sequences and echoes.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/base/result.h"
#include "common/hb/reject.h"

namespace lvs::hb {

inline constexpr std::uint32_t kMagic = 0x4c564842;  // "LVHB"
// A router that advertises Releasing (planned switchover, a stop that hands
// over, fail-back) gives the partner deadtime, and at least this long, to
// take over: pulse's failover state machine, and lvsctl's wait for it.
inline constexpr std::chrono::milliseconds kMinReleaseWindow{2000};
inline constexpr std::uint8_t kVersion = 2;
inline constexpr std::size_t kOffsetBoot = 8;
inline constexpr std::size_t kOffsetSeq = 16;
inline constexpr std::size_t kOffsetEchoBoot = 24;
inline constexpr std::size_t kOffsetEchoSeq = 32;
inline constexpr std::size_t kOffsetDigest = 40;
inline constexpr std::size_t kOffsetWarmth = 72;
inline constexpr std::size_t kOffsetMac = 80;
inline constexpr std::size_t kPacketSize = 112;

// Releasing: "take over now". StopMe (FOS mode, Piranha's STOPME): the
// sender has taken the services over because they failed on the receiver.
// Leaving (FOS mode, fail-back): the sender is stopping its services to
// hand them back; the receiver starts its own once the sender says Stopped.
enum class State : std::uint8_t { Stopped = 0, Running = 1, Releasing = 2, StopMe = 3, Leaving = 4 };
enum class Role : std::uint8_t { Primary = 0, Backup = 1 };
enum class Mode : std::uint8_t { Lvs = 0, Fos = 1 };
// Whether a standby router is ready to serve at once, or the first reason
// it is not (fail-back waits for Warm). Checked in this order.
enum class Warmth : std::uint8_t {
    Warm = 0,
    LinkDown = 1,       // a monitored link is down
    Failed = 2,         // lvsd cannot be kept running
    Starting = 3,       // lvsd has not programmed the table yet
    Unchecked = 4,      // a real server has had no verdict yet
    DigestDiffers = 5,  // its lvs.cf is not the partner's
    Yielded = 6,        // it handed the service over by a planned switchover
};
inline constexpr std::uint8_t kWarmthMax = 6;
const char* to_string(Warmth w);

using Digest = std::array<std::uint8_t, 32>;

struct Heartbeat {
    State state = State::Stopped;
    Role role = Role::Primary;
    Mode mode = Mode::Lvs;
    std::uint64_t boot = 0;       // the sender's boot nonce
    std::uint64_t seq = 0;        // the sender's sequence in that boot
    std::uint64_t echo_boot = 0;  // the receiver's boot nonce, as heard by the sender
    std::uint64_t echo_seq = 0;   // the receiver's highest sequence heard in echo_boot
    Digest config_digest{};
    Warmth warmth = Warmth::Warm;
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
    static constexpr std::uint64_t kWidth = 64;
    // True (and remembered) if `seq` is new; false for a replay or a
    // sequence number older than the window.
    bool accept(std::uint64_t seq);
    // `seq` is older than the window: accept() refuses it unseen.
    bool behind(std::uint64_t seq) const { return any_ && seq <= top_ && top_ - seq >= kWidth; }

private:
    std::uint64_t top_ = 0;
    std::uint64_t bits_ = 0;
    bool any_ = false;
};

Digest sha256(std::span<const std::uint8_t> data);
// Lower-case hex, as sha256sum(1) prints a digest.
std::string to_hex(std::span<const std::uint8_t> bytes);

// A random boot nonce for this start of pulse (never 0), from the system's
// random number generator.
Result<std::uint64_t> random_boot_nonce();

// Key file: the secret as text (for example 64 hex digits); surrounding
// whitespace is ignored; fewer than 16 bytes is refused.
Result<std::vector<std::uint8_t>> parse_key(const std::string& text);

}  // namespace lvs::hb
